package io.github.ollamaws.autoconfigure;

import java.net.URI;
import java.security.PrivateKey;
import java.util.List;

import io.github.ollamaws.fleet.GatewayEndpoint;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;
import org.springframework.boot.ssl.SslBundle;

/**
 * What is needed to reach and authenticate with an Ollama WebSocket gateway. By default
 * built from the {@code ollama.ws.*} properties; define a bean of this type to supply the
 * gateway another way, for example from a test server or a service-connection factory,
 * without any property.
 *
 * <p>
 * The private key is a loaded {@link PrivateKey} rather than PEM text and a passphrase: a
 * supplier that already holds a key (a test server's generated key pair, a key store, a
 * secrets manager client) hands it over as is, and no passphrase has to be kept in yet
 * another object.
 *
 * <pre>{@code
 * &#64;Bean
 * OllamaWsConnectionDetails ollamaWsConnectionDetails(OllamaWsTestServer server, KeyPair keys) {
 *     return new OllamaWsConnectionDetails() {
 *         public URI getUrl() { return server.url(); }
 *         public String getClientId() { return "test-client"; }
 *         public PrivateKey getPrivateKey() { return keys.getPrivate(); }
 *     };
 * }
 * }</pre>
 *
 * <p>
 * For a fleet of gateways, also implement {@link #getGateways()}: a non-empty list makes
 * the template span those gateways, and {@link #getUrl()} and {@link #getClientId()} are
 * then only the first gateway's (for logs); {@link #getPrivateKey()} is the key of every
 * gateway that has none of its own.
 */
public interface OllamaWsConnectionDetails extends ConnectionDetails {

	/**
	 * The gateway's WebSocket URL ({@code ws://} or {@code wss://}).
	 * @return the URL
	 */
	URI getUrl();

	/**
	 * The client id the gateway registered the public key under.
	 * @return the client id
	 */
	String getClientId();

	/**
	 * The private key (RSA or EC) that signs the gateway's challenges.
	 * @return the key
	 */
	PrivateKey getPrivateKey();

	/**
	 * The SSL bundle whose trust material verifies a {@code wss://} gateway's
	 * certificate, as Spring Boot's own connection details carry theirs.
	 * @return the bundle, or {@code null} for the JVM's default trust
	 */
	default @Nullable SslBundle getSslBundle() {
		return null;
	}

	/**
	 * The gateways of a fleet, each with its URL, its client id and optionally a private
	 * key of its own. Empty (the default) for the one gateway of {@link #getUrl()},
	 * {@link #getClientId()} and {@link #getPrivateKey()}.
	 * @return the gateways, or an empty list for one gateway
	 */
	default List<GatewayEndpoint> getGateways() {
		return List.of();
	}

}
