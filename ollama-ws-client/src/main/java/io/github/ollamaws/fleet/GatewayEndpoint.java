package io.github.ollamaws.fleet;

import java.net.URI;
import java.security.PrivateKey;
import java.util.Objects;

import io.github.ollamaws.core.GatewayUrls;
import org.jspecify.annotations.Nullable;

/**
 * One gateway of a fleet: its WebSocket URL, the client id it registered the public key
 * under (each gateway registers keys on its own, so ids usually differ) and, optionally,
 * a private key of its own that overrides the template's shared key.
 *
 * <p>
 * Two endpoints are equal when their URL and client id are: a source that lists the same
 * gateway again lists the same endpoint, whatever its key. {@link #toString()} never
 * prints the key.
 *
 * <pre>{@code
 * GatewayEndpoint.of("ws://gpu-1:3000", "client-on-gpu-1");
 * GatewayEndpoint.of(URI.create("wss://gpu-2"), "client-on-gpu-2").withPrivateKey(otherKey);
 * }</pre>
 */
public final class GatewayEndpoint {

	private final URI url;

	private final @Nullable String clientId;

	private final @Nullable PrivateKey privateKey;

	private GatewayEndpoint(URI url, @Nullable String clientId, @Nullable PrivateKey privateKey) {
		this.url = Objects.requireNonNull(url, "url must not be null");
		this.clientId = clientId;
		this.privateKey = privateKey;
	}

	/**
	 * A gateway that the template's shared private key authenticates with.
	 * @param url the gateway's WebSocket URL ({@code ws://} or {@code wss://})
	 * @param clientId the client id the gateway registered the key under, or {@code null}
	 * for the template's own client id (one id for every gateway)
	 * @return the endpoint
	 */
	public static GatewayEndpoint of(URI url, @Nullable String clientId) {
		return new GatewayEndpoint(url, clientId, null);
	}

	/**
	 * A gateway that the template's shared private key authenticates with.
	 * @param url the gateway's WebSocket URL ({@code ws://} or {@code wss://})
	 * @param clientId the client id the gateway registered the key under, or {@code null}
	 * for the template's own client id
	 * @return the endpoint
	 * @throws IllegalArgumentException if the URL is malformed
	 */
	public static GatewayEndpoint of(String url, @Nullable String clientId) {
		return of(URI.create(Objects.requireNonNull(url, "url must not be null")), clientId);
	}

	/**
	 * This gateway with a private key of its own, overriding the template's shared key.
	 * @param privateKey the key (RSA or EC), or {@code null} for the shared key
	 * @return a new endpoint, equal to this one
	 */
	public GatewayEndpoint withPrivateKey(PrivateKey privateKey) {
		return new GatewayEndpoint(this.url, this.clientId, privateKey);
	}

	/**
	 * The gateway's WebSocket URL.
	 * @return the URL
	 */
	public URI url() {
		return this.url;
	}

	/**
	 * The client id the gateway registered the key under.
	 * @return the client id, or {@code null} for the template's own
	 */
	public @Nullable String clientId() {
		return this.clientId;
	}

	/**
	 * The private key of this gateway.
	 * @return the key, or {@code null} for the template's shared key
	 */
	public @Nullable PrivateKey privateKey() {
		return this.privateKey;
	}

	@Override
	public boolean equals(@Nullable Object obj) {
		if (this == obj) {
			return true;
		}
		if (!(obj instanceof GatewayEndpoint other)) {
			return false;
		}
		return this.url.equals(other.url) && Objects.equals(this.clientId, other.clientId);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.url, this.clientId);
	}

	@Override
	public String toString() {
		// Never the key: only whether there is one.
		return "GatewayEndpoint[url=" + GatewayUrls.redact(this.url) + ", clientId=" + this.clientId
				+ ((this.privateKey != null) ? ", privateKey=******" : "") + "]";
	}

}
