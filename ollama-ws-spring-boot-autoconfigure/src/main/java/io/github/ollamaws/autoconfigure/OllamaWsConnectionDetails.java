package io.github.ollamaws.autoconfigure;

import java.security.PrivateKey;
import java.util.List;

import io.github.ollamaws.fleet.GatewayEndpoint;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;
import org.springframework.boot.ssl.SslBundle;

/**
 * What is needed to reach and authenticate with Ollama WebSocket gateways: the list of
 * gateways, the private key of those that have none of their own, and the trust of
 * {@code wss://} gateways. By default built from the {@code ollama.ws.*} properties;
 * define a bean of this type to supply the gateways another way, for example from a test
 * server or a service-connection factory, without any property.
 *
 * <p>
 * The private key is a loaded {@link PrivateKey} rather than PEM text and a passphrase: a
 * supplier that already holds a key (a test server's generated key pair, a key store, a
 * secrets manager client) hands it over as is, and no passphrase has to be kept in yet
 * another object.
 *
 * <p>
 * One gateway is a list of one; only {@link #getGateways()} has to be implemented:
 *
 * <pre>{@code
 * &#64;Bean
 * OllamaWsConnectionDetails ollamaWsConnectionDetails(OllamaWsTestServer server, KeyPair keys) {
 *     return () -> List.of(GatewayEndpoint.of(server.url(), "test-client").withPrivateKey(keys.getPrivate()));
 * }
 * }</pre>
 *
 * With several gateways the template spreads requests over them; a template over one
 * gateway talks to it alone.
 */
public interface OllamaWsConnectionDetails extends ConnectionDetails {

	/**
	 * The gateways, in order: each with its WebSocket URL ({@code ws://} or
	 * {@code wss://}), the client id it registered the public key under, and optionally a
	 * private key (RSA or EC) of its own, else {@link #getPrivateKey()}'s. Not read when
	 * the template finds its gateways through a
	 * {@link io.github.ollamaws.fleet.GatewaySource} bean (discovery).
	 * @return the gateways, at least one
	 */
	List<GatewayEndpoint> getGateways();

	/**
	 * The first of {@link #getGateways()}: the gateway of a template over one gateway.
	 * @return the first gateway
	 * @throws IllegalStateException if there is no gateway
	 */
	default GatewayEndpoint getFirstGateway() {
		List<GatewayEndpoint> gateways = getGateways();
		if (gateways.isEmpty()) {
			throw new IllegalStateException("The list of gateways is empty");
		}
		return gateways.get(0);
	}

	/**
	 * The private key (RSA or EC) that signs the challenges of every gateway that has
	 * none of its own, discovered gateways included.
	 * @return the key, or {@code null} when each gateway has its own
	 */
	default @Nullable PrivateKey getPrivateKey() {
		return null;
	}

	/**
	 * The SSL bundle whose trust material verifies a {@code wss://} gateway's
	 * certificate, as Spring Boot's own connection details carry theirs.
	 * @return the bundle, or {@code null} for the JVM's default trust
	 */
	default @Nullable SslBundle getSslBundle() {
		return null;
	}

}
