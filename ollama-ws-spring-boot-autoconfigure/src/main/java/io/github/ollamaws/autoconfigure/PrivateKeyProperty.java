package io.github.ollamaws.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.util.Arrays;

import io.github.ollamaws.client.PrivateKeyLoader;
import io.github.ollamaws.core.PrivateKeyException;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.io.ApplicationResourceLoader;
import org.springframework.core.io.Resource;
import org.springframework.util.StreamUtils;

/**
 * Loads the private key that a property holds: PEM text, or the location of a PEM file
 * resolved as Spring Boot resolves the locations of PEM SSL bundles ({@code classpath:},
 * {@code file:}), with the password of an encrypted key. A failure names the property.
 *
 * <p>
 * Kept in the starter rather than the client: resolving a location is Spring's resource
 * loading (the client has no Spring), and only the starter knows which property held the
 * key and which its password. The client's rules check the loaded key (an algorithm the
 * gateway verifies) when the template is built.
 */
final class PrivateKeyProperty {

	private static final String PEM_MARKER = "-----BEGIN";

	private PrivateKeyProperty() {
	}

	/**
	 * Loads the key that a property's value gives as PEM text or as a location.
	 * @param value the property's value
	 * @param property the property's full name
	 * @param password the password of an encrypted key, or {@code null}
	 * @param passwordProperty the full name of the property the password comes from
	 * @return the key
	 * @throws OllamaWsConfigurationException if the key cannot be read or parsed
	 */
	static PrivateKey load(String value, String property, @Nullable String password, String passwordProperty) {
		String pem = value.strip().startsWith(PEM_MARKER) ? value
				: read(ApplicationResourceLoader.get().getResource(value.strip()), property);
		return parse(pem, property, password, passwordProperty);
	}

	/**
	 * Loads the key at a location.
	 * @param location the location
	 * @param property the full name of the property that gives the location
	 * @param password the password of an encrypted key, or {@code null}
	 * @param passwordProperty the full name of the property the password comes from
	 * @return the key
	 * @throws OllamaWsConfigurationException if the key cannot be read or parsed
	 */
	static PrivateKey load(Resource location, String property, @Nullable String password, String passwordProperty) {
		return parse(read(location, property), property, password, passwordProperty);
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

	private static PrivateKey parse(String pem, String property, @Nullable String password, String passwordProperty) {
		char[] passwordChars = (password != null) ? password.toCharArray() : null;
		try {
			return PrivateKeyLoader.load(pem, passwordChars);
		}
		catch (PrivateKeyException ex) {
			// The loader's message describes the key without quoting it.
			throw new OllamaWsConfigurationException(property, "The private key cannot be used: " + ex.getMessage(),
					"Set '" + property + "' to an RSA or EC private key in PEM (PKCS#8, PKCS#1 or SEC1); for an "
							+ "encrypted key also set '" + passwordProperty + "'.",
					ex);
		}
		finally {
			if (passwordChars != null) {
				Arrays.fill(passwordChars, '\0');
			}
		}
	}

}
