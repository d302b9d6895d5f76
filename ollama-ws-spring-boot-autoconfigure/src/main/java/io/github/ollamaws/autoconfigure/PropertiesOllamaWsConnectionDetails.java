package io.github.ollamaws.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import io.github.ollamaws.client.PrivateKeyLoader;
import io.github.ollamaws.core.GatewayUrls;
import io.github.ollamaws.core.PrivateKeyException;
import io.github.ollamaws.fleet.GatewayEndpoint;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.io.ApplicationResourceLoader;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.core.io.Resource;
import org.springframework.util.StreamUtils;
import org.springframework.util.StringUtils;

/**
 * Adapts {@link OllamaWsProperties} to {@link OllamaWsConnectionDetails}, failing with an
 * {@link OllamaWsConfigurationException} that names the property when a value is missing
 * or unusable. {@code ollama.ws.private-key} is PEM text or the location of a PEM file
 * (resolved as Spring Boot resolves PEM SSL bundle locations); the deprecated
 * {@code private-key-location} and {@code private-key-passphrase} still work.
 */
@SuppressWarnings("removal")
class PropertiesOllamaWsConnectionDetails implements OllamaWsConnectionDetails {

	private static final String URL = "ollama.ws.url";

	private static final String CLIENT_ID = "ollama.ws.client-id";

	private static final String PRIVATE_KEY = "ollama.ws.private-key";

	private static final String PRIVATE_KEY_LOCATION = "ollama.ws.private-key-location";

	private static final String PRIVATE_KEY_PASSWORD = "ollama.ws.private-key-password";

	private static final String PRIVATE_KEY_PASSPHRASE = "ollama.ws.private-key-passphrase";

	private static final String PEM_MARKER = "-----BEGIN";

	private static final String SSL_BUNDLE = "ollama.ws.ssl.bundle";

	private static final String GATEWAYS = "ollama.ws.gateways";

	private static final String DISCOVERY_SERVICE_ID = "ollama.ws.discovery.service-id";

	private final OllamaWsProperties properties;

	private final @Nullable SslBundles sslBundles;

	// Loaded once: reading and parsing keys is not free.
	private volatile @Nullable List<GatewayEndpoint> gateways;

	PropertiesOllamaWsConnectionDetails(OllamaWsProperties properties, @Nullable SslBundles sslBundles) {
		this.properties = properties;
		this.sslBundles = sslBundles;
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

	@Override
	public URI getUrl() {
		List<OllamaWsProperties.Gateway> listed = this.properties.getGateways();
		return listed.isEmpty() ? parseUrl(this.properties.getUrl(), URL)
				: parseUrl(listed.get(0).getUrl(), GATEWAYS + "[0].url");
	}

	/**
	 * The URL that {@code property} holds, parsed.
	 * @param url the property's value
	 * @param property the property's full name
	 * @return the URL
	 * @throws OllamaWsConfigurationException if the URL is missing or unusable
	 */
	static URI parseUrl(@Nullable String url, String property) {
		if (!StringUtils.hasText(url)) {
			throw new OllamaWsConfigurationException(property, "No gateway URL is set.", reviewUrl(property));
		}
		URI uri;
		try {
			uri = new URI(url.strip());
		}
		catch (URISyntaxException ex) {
			throw new OllamaWsConfigurationException(property,
					"The URL '" + GatewayUrls.redact(url) + "' is malformed: " + ex.getReason() + ".",
					reviewUrl(property), ex);
		}
		// Whether it is a WebSocket URL with a host is the client's rule, reported under
		// the same property when the template is built.
		return uri;
	}

	private static String reviewUrl(String property) {
		return "Set '" + property + "' to a URL of the form 'ws://host:port' or 'wss://host:port' (for TLS).";
	}

	@Override
	public String getClientId() {
		List<GatewayEndpoint> gateways = getGateways();
		if (!gateways.isEmpty()) {
			// getGateways() has checked that every listed gateway has a client id.
			return Objects.requireNonNull(gateways.get(0).clientId());
		}
		String clientId = this.properties.getClientId();
		if (!StringUtils.hasText(clientId)) {
			throw new OllamaWsConfigurationException(CLIENT_ID, "No client id is set.",
					"Set '" + CLIENT_ID + "' to the client id the gateway registered your public key under.");
		}
		return clientId;
	}

	@Override
	@SuppressWarnings("NullAway") // set: privateKey has text; else location
	public PrivateKey getPrivateKey() {
		String privateKey = this.properties.getPrivateKey();
		boolean set = StringUtils.hasText(privateKey);
		Resource location = this.properties.getPrivateKeyLocation();
		if (set && location != null) {
			throw new OllamaWsConfigurationException(PRIVATE_KEY,
					"Both '" + PRIVATE_KEY + "' and '" + PRIVATE_KEY_LOCATION + "' are set.",
					"Remove '" + PRIVATE_KEY_LOCATION + "' (deprecated): '" + PRIVATE_KEY
							+ "' takes the key's location as well as its PEM text.");
		}
		if (!set && location == null) {
			throw new OllamaWsConfigurationException(PRIVATE_KEY, "No private key is set.",
					"Set '" + PRIVATE_KEY + "' to the location of your PEM private key (for example "
							+ "'file:/etc/ollama/client.pem') or to the PEM text.");
		}
		if (!set) {
			return load(read(location, PRIVATE_KEY_LOCATION), PRIVATE_KEY_LOCATION, password(), PRIVATE_KEY_PASSWORD);
		}
		return loadKey(privateKey, PRIVATE_KEY, password(), PRIVATE_KEY_PASSWORD);
	}

	private boolean hasSharedKey() {
		return StringUtils.hasText(this.properties.getPrivateKey()) || this.properties.getPrivateKeyLocation() != null;
	}

	/**
	 * The gateways of {@code ollama.ws.gateways}, each with the key it signs with (its
	 * own, else {@code ollama.ws.private-key}), after checking that the list is usable:
	 * neither {@code ollama.ws.url} nor {@code ollama.ws.client-id} beside it, every
	 * gateway with a WebSocket URL of its own and a client id.
	 * @return the gateways, in the order listed; empty when none are listed
	 * @throws OllamaWsConfigurationException naming the property to fix
	 */
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
			return List.of();
		}
		if (this.properties.hasExplicitUrl()) {
			throw new OllamaWsConfigurationException(URL, "Both '" + URL + "' and '" + GATEWAYS + "' are set.",
					"Remove '" + URL + "' and give each gateway its URL under '" + GATEWAYS + "[n].url', or remove '"
							+ GATEWAYS + "' for a single gateway.");
		}
		if (StringUtils.hasText(this.properties.getClientId())) {
			throw new OllamaWsConfigurationException(CLIENT_ID,
					"Both '" + CLIENT_ID + "' and '" + GATEWAYS + "' are set.",
					"Remove '" + CLIENT_ID + "': each gateway registers keys on its own, so each has its client id"
							+ " under '" + GATEWAYS + "[n].client-id'.");
		}
		List<GatewayEndpoint> gateways = new ArrayList<>();
		PrivateKey sharedKey = null;
		for (int i = 0; i < listed.size(); i++) {
			OllamaWsProperties.Gateway gateway = listed.get(i);
			String prefix = GATEWAYS + "[" + i + "].";
			URI url = parseUrl(gateway.getUrl(), prefix + "url");
			if (!StringUtils.hasText(gateway.getClientId())) {
				throw new OllamaWsConfigurationException(prefix + "client-id",
						"No client id is set for the gateway at '" + GatewayUrls.redact(url) + "'.", "Set '" + prefix
								+ "client-id' to the client id this gateway registered your public key under.");
			}
			PrivateKey key;
			if (StringUtils.hasText(gateway.getPrivateKey())) {
				String password = (gateway.getPrivateKeyPassword() != null) ? gateway.getPrivateKeyPassword()
						: password();
				key = loadKey(gateway.getPrivateKey(), prefix + "private-key", password,
						(gateway.getPrivateKeyPassword() != null) ? prefix + "private-key-password"
								: PRIVATE_KEY_PASSWORD);
			}
			else if (!hasSharedKey()) {
				throw new OllamaWsConfigurationException(PRIVATE_KEY,
						"No private key is set for the gateway at '" + GatewayUrls.redact(url) + "'.",
						"Set '" + PRIVATE_KEY + "' to the key of every gateway, or '" + prefix
								+ "private-key' to this gateway's.");
			}
			else {
				if (sharedKey == null) {
					sharedKey = getPrivateKey();
				}
				key = sharedKey;
			}
			gateways.add(GatewayEndpoint.of(url, gateway.getClientId().strip()).withPrivateKey(key));
		}
		return gateways;
	}

	/**
	 * Checks that discovery ({@code ollama.ws.discovery.service-id}) is not mixed with a
	 * configured gateway.
	 * @param properties the properties
	 * @throws OllamaWsConfigurationException naming the property to remove
	 */
	static void checkDiscoveryAlone(OllamaWsProperties properties) {
		if (!StringUtils.hasText(properties.getDiscovery().getServiceId())) {
			return;
		}
		if (properties.hasExplicitUrl()) {
			throw discoveryMixedWith(URL);
		}
		if (StringUtils.hasText(properties.getClientId())) {
			throw new OllamaWsConfigurationException(CLIENT_ID,
					"Both '" + CLIENT_ID + "' and '" + DISCOVERY_SERVICE_ID + "' are set.",
					"Remove '" + CLIENT_ID + "': discovered gateways take their client id from the instance's"
							+ " metadata or from 'ollama.ws.discovery.client-id'.");
		}
		if (!properties.getGateways().isEmpty()) {
			throw discoveryMixedWith(GATEWAYS);
		}
	}

	private static OllamaWsConfigurationException discoveryMixedWith(String property) {
		return new OllamaWsConfigurationException(property,
				"Both '" + property + "' and '" + DISCOVERY_SERVICE_ID + "' are set.",
				"Remove '" + property + "' to find the gateways through discovery, or remove '" + DISCOVERY_SERVICE_ID
						+ "' to use the configured gateway.");
	}

	private PrivateKey loadKey(String value, String property, @Nullable String password, String passwordProperty) {
		String pem = value.strip().startsWith(PEM_MARKER) ? value
				: read(ApplicationResourceLoader.get().getResource(value.strip()), property);
		return load(pem, property, password, passwordProperty);
	}

	private static String read(Resource location, String property) {
		if (!location.exists()) {
			throw new OllamaWsConfigurationException(property,
					"The private key location " + location.getDescription() + " does not exist.",
					"Set '" + property + "' to an existing PEM file, for example "
							+ "'classpath:ollama-client.pem' or 'file:/etc/ollama/client.pem', or to the PEM text.");
		}
		if (!location.isReadable()) {
			throw cannotRead(location, property, "it is not a readable file", null);
		}
		try (InputStream in = location.getInputStream()) {
			return StreamUtils.copyToString(in, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw cannotRead(location, property, ex.getMessage(), ex);
		}
	}

	private static OllamaWsConfigurationException cannotRead(Resource location, String property,
			@Nullable String reason, @Nullable IOException cause) {
		return new OllamaWsConfigurationException(property,
				"The private key location " + location.getDescription() + " cannot be read: " + reason + ".",
				"Make the file that '" + property + "' names readable by the application.", cause);
	}

	private @Nullable String password() {
		String password = this.properties.getPrivateKeyPassword();
		String passphrase = this.properties.getPrivateKeyPassphrase();
		if (password != null && passphrase != null) {
			throw new OllamaWsConfigurationException(PRIVATE_KEY_PASSWORD,
					"Both '" + PRIVATE_KEY_PASSWORD + "' and '" + PRIVATE_KEY_PASSPHRASE + "' are set.",
					"Remove '" + PRIVATE_KEY_PASSPHRASE + "' (deprecated) and keep '" + PRIVATE_KEY_PASSWORD + "'.");
		}
		return (password != null) ? password : passphrase;
	}

	private static PrivateKey load(String pem, String property, @Nullable String passphrase, String passwordProperty) {
		char[] passphraseChars = (passphrase != null) ? passphrase.toCharArray() : null;
		try {
			return PrivateKeyLoader.load(pem, passphraseChars);
		}
		catch (PrivateKeyException ex) {
			// The loader's message describes the key without quoting it.
			throw new OllamaWsConfigurationException(property, "The private key cannot be used: " + ex.getMessage(),
					"Set '" + property + "' to an RSA or EC private key in PEM (PKCS#8, PKCS#1 or SEC1); for an "
							+ "encrypted key also set '" + passwordProperty + "'.",
					ex);
		}
		finally {
			if (passphraseChars != null) {
				Arrays.fill(passphraseChars, '\0');
			}
		}
	}

}
