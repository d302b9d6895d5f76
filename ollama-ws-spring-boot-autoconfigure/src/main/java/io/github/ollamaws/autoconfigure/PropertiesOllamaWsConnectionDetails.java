package io.github.ollamaws.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.util.Arrays;
import java.util.Set;

import io.github.ollamaws.auth.PrivateKeyException;
import io.github.ollamaws.auth.PrivateKeyLoader;
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

	private static final Set<String> SUPPORTED_KEY_ALGORITHMS = Set.of("RSA", "EC");

	private static final String SSL_BUNDLE = "ollama.ws.ssl.bundle";

	private final OllamaWsProperties properties;

	private final @Nullable SslBundles sslBundles;

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
		String url = this.properties.getUrl();
		if (!StringUtils.hasText(url)) {
			throw new OllamaWsConfigurationException(URL, "No gateway URL is set.", reviewUrl());
		}
		URI uri;
		try {
			uri = new URI(url.strip());
		}
		catch (URISyntaxException ex) {
			throw new OllamaWsConfigurationException(URL, "The URL '" + url + "' is malformed: " + ex.getReason() + ".",
					reviewUrl(), ex);
		}
		String scheme = uri.getScheme();
		if (!"ws".equalsIgnoreCase(scheme) && !"wss".equalsIgnoreCase(scheme)) {
			throw new OllamaWsConfigurationException(URL, "The URL '" + url
					+ "' is not a WebSocket URL: its scheme is '" + scheme + "' where 'ws' or 'wss' is needed.",
					reviewUrl());
		}
		if (uri.getHost() == null) {
			throw new OllamaWsConfigurationException(URL, "The URL '" + url + "' names no host.", reviewUrl());
		}
		return uri;
	}

	private static String reviewUrl() {
		return "Set '" + URL + "' to a URL of the form 'ws://host:port' or 'wss://host:port' (for TLS).";
	}

	@Override
	public String getClientId() {
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
		String property = set ? PRIVATE_KEY : PRIVATE_KEY_LOCATION;
		String pem;
		if (!set) {
			pem = read(location, PRIVATE_KEY_LOCATION);
		}
		else if (privateKey.strip().startsWith(PEM_MARKER)) {
			pem = privateKey;
		}
		else {
			pem = read(ApplicationResourceLoader.get().getResource(privateKey.strip()), PRIVATE_KEY);
		}
		PrivateKey key = load(pem, property);
		if (!SUPPORTED_KEY_ALGORITHMS.contains(key.getAlgorithm())) {
			throw new OllamaWsConfigurationException(property,
					"The private key is " + describeAlgorithm(key) + " key; the gateway verifies RSA and EC keys only.",
					"Set '" + property + "' to an RSA or EC private key registered with the gateway.");
		}
		return key;
	}

	private static String describeAlgorithm(PrivateKey key) {
		String algorithm = key.getAlgorithm();
		// The JDK names Ed25519 and Ed448 keys "EdDSA"; say which curves that means.
		return "EdDSA".equals(algorithm) ? "an EdDSA (Ed25519 or Ed448)" : "a " + algorithm;
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

	private PrivateKey load(String pem, String property) {
		String passphrase = password();
		char[] passphraseChars = (passphrase != null) ? passphrase.toCharArray() : null;
		try {
			return PrivateKeyLoader.load(pem, passphraseChars);
		}
		catch (PrivateKeyException ex) {
			// The loader's message describes the key without quoting it.
			throw new OllamaWsConfigurationException(property, "The private key cannot be used: " + ex.getMessage(),
					"Set '" + property + "' to an RSA or EC private key in PEM (PKCS#8, PKCS#1 or SEC1); for an "
							+ "encrypted key also set '" + PRIVATE_KEY_PASSWORD + "'.",
					ex);
		}
		finally {
			if (passphraseChars != null) {
				Arrays.fill(passphraseChars, '\0');
			}
		}
	}

}
