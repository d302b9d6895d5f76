package io.github.ollamaws.autoconfigure;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.List;

import io.github.ollamaws.core.GatewayUrls;
import io.github.ollamaws.fleet.GatewayEndpoint;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.core.io.Resource;
import org.springframework.util.StringUtils;

/**
 * Adapts {@link OllamaWsProperties} to {@link OllamaWsConnectionDetails}: the gateway of
 * {@code ollama.ws.url} and {@code client-id}, or those of {@code ollama.ws.gateways};
 * the key of {@code ollama.ws.private-key} (PEM text or the location of a PEM file; the
 * deprecated {@code private-key-location} and {@code private-key-passphrase} still work);
 * the bundle of {@code ollama.ws.ssl.bundle}. It fails, naming the property, only where
 * text cannot be turned into a value (a malformed URL, an unreadable key) or where
 * properties exclude each other; what makes a gateway usable is the client's rule, which
 * the template's builder applies.
 */
@SuppressWarnings("removal")
class PropertiesOllamaWsConnectionDetails implements OllamaWsConnectionDetails {

	private static final String GATEWAYS = "ollama.ws.gateways";

	private static final String PRIVATE_KEY = "ollama.ws.private-key";

	private static final String PRIVATE_KEY_PASSWORD = "ollama.ws.private-key-password";

	private static final String SSL_BUNDLE = "ollama.ws.ssl.bundle";

	private final OllamaWsProperties properties;

	private final @Nullable SslBundles sslBundles;

	// Loaded once: reading and parsing keys is not free.
	private volatile @Nullable List<GatewayEndpoint> gateways;

	PropertiesOllamaWsConnectionDetails(OllamaWsProperties properties, @Nullable SslBundles sslBundles) {
		this.properties = properties;
		this.sslBundles = sslBundles;
	}

	@Override
	public List<GatewayEndpoint> getGateways() {
		List<GatewayEndpoint> gateways = this.gateways;
		if (gateways == null) {
			gateways = List.copyOf(loadGateways());
			this.gateways = gateways;
		}
		return gateways;
	}

	private List<GatewayEndpoint> loadGateways() {
		List<OllamaWsProperties.Gateway> listed = this.properties.getGateways();
		if (listed.isEmpty()) {
			String clientId = this.properties.getClientId();
			return List.of(GatewayEndpoint.of(parseUrl(this.properties.getUrl(), "ollama.ws.url"),
					StringUtils.hasText(clientId) ? clientId : null));
		}
		ExclusiveProperties.checkGateways(this.properties);
		List<GatewayEndpoint> gateways = new ArrayList<>();
		for (int i = 0; i < listed.size(); i++) {
			OllamaWsProperties.Gateway gateway = listed.get(i);
			String prefix = GATEWAYS + "[" + i + "].";
			URI url = parseUrl(gateway.getUrl(), prefix + "url");
			String clientId = gateway.getClientId();
			GatewayEndpoint endpoint = GatewayEndpoint.of(url, StringUtils.hasText(clientId) ? clientId.strip() : null);
			String key = gateway.getPrivateKey();
			if (StringUtils.hasText(key)) {
				String password = gateway.getPrivateKeyPassword();
				endpoint = endpoint.withPrivateKey((password != null)
						? PrivateKeyProperty.load(key, prefix + "private-key", password,
								prefix + "private-key-password")
						: PrivateKeyProperty.load(key, prefix + "private-key", password(), PRIVATE_KEY_PASSWORD));
			}
			gateways.add(endpoint);
		}
		return gateways;
	}

	/**
	 * The URL that {@code property} holds, parsed.
	 * @param url the property's value
	 * @param property the property's full name
	 * @return the URL
	 * @throws OllamaWsConfigurationException if the URL is missing or malformed
	 */
	static URI parseUrl(@Nullable String url, String property) {
		String review = "Set '" + property + "' to a URL of the form 'ws://host:port' or 'wss://host:port' (for TLS).";
		if (!StringUtils.hasText(url)) {
			throw new OllamaWsConfigurationException(property, "No gateway URL is set.", review);
		}
		try {
			// Whether it is a WebSocket URL with a host is the client's rule, reported
			// under the same property when the template is built.
			return new URI(url.strip());
		}
		catch (URISyntaxException ex) {
			throw new OllamaWsConfigurationException(property,
					"The URL '" + GatewayUrls.redact(url) + "' is malformed: " + ex.getReason() + ".", review, ex);
		}
	}

	@Override
	public @Nullable PrivateKey getPrivateKey() {
		String privateKey = this.properties.getPrivateKey();
		Resource location = this.properties.getPrivateKeyLocation();
		if (StringUtils.hasText(privateKey) && location != null) {
			throw new OllamaWsConfigurationException(PRIVATE_KEY,
					"Both '" + PRIVATE_KEY + "' and 'ollama.ws.private-key-location' are set.",
					"Remove 'ollama.ws.private-key-location' (deprecated): '" + PRIVATE_KEY
							+ "' takes the key's location as well as its PEM text.");
		}
		if (StringUtils.hasText(privateKey)) {
			return PrivateKeyProperty.load(privateKey, PRIVATE_KEY, password(), PRIVATE_KEY_PASSWORD);
		}
		return (location != null)
				? PrivateKeyProperty.load(location, "ollama.ws.private-key-location", password(), PRIVATE_KEY_PASSWORD)
				: null;
	}

	private @Nullable String password() {
		String password = this.properties.getPrivateKeyPassword();
		String passphrase = this.properties.getPrivateKeyPassphrase();
		if (password != null && passphrase != null) {
			throw new OllamaWsConfigurationException(PRIVATE_KEY_PASSWORD,
					"Both '" + PRIVATE_KEY_PASSWORD + "' and 'ollama.ws.private-key-passphrase' are set.",
					"Remove 'ollama.ws.private-key-passphrase' (deprecated) and keep '" + PRIVATE_KEY_PASSWORD + "'.");
		}
		return (password != null) ? password : passphrase;
	}

	@Override
	public @Nullable SslBundle getSslBundle() {
		String bundleName = this.properties.getSsl().getBundle();
		if (!StringUtils.hasText(bundleName)) {
			return null;
		}
		if (this.sslBundles == null) {
			throw new OllamaWsConfigurationException(SSL_BUNDLE,
					"SSL bundle '" + bundleName + "' is set but the application has no SSL bundles",
					"Define the bundle under 'spring.ssl.bundle', or remove '" + SSL_BUNDLE + "'.");
		}
		try {
			return this.sslBundles.getBundle(bundleName);
		}
		catch (NoSuchSslBundleException ex) {
			throw new OllamaWsConfigurationException(SSL_BUNDLE, "There is no SSL bundle named '" + bundleName + "'",
					"Define the bundle under 'spring.ssl.bundle' (for example 'spring.ssl.bundle.jks." + bundleName
							+ ".truststore.location'), or fix '" + SSL_BUNDLE + "'.",
					ex);
		}
	}

}
