package io.github.ollamaws.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * The {@code ollama.ws.*} configuration cannot produce a working client: a property is
 * missing or has a value that cannot be used. Carries the name of the property to fix and
 * what to do about it, which {@link OllamaWsConfigurationFailureAnalyzer} reports at
 * startup. The message never contains a private key or a passphrase.
 */
public class OllamaWsConfigurationException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	private final String property;

	private final String action;

	/**
	 * Creates an exception for one property.
	 * @param property the full name of the property to fix, for example
	 * {@code ollama.ws.client-id}
	 * @param problem what is wrong, as a sentence
	 * @param action what to do about it, as a sentence that names the property
	 */
	public OllamaWsConfigurationException(String property, String problem, String action) {
		this(property, problem, action, null);
	}

	/**
	 * Creates an exception for one property, with the failure that revealed the problem.
	 * @param property the full name of the property to fix, for example
	 * {@code ollama.ws.private-key}
	 * @param problem what is wrong, as a sentence
	 * @param action what to do about it, as a sentence that names the property
	 * @param cause the failure, or {@code null}
	 */
	public OllamaWsConfigurationException(String property, String problem, String action, @Nullable Throwable cause) {
		super(problem, cause);
		this.property = property;
		this.action = action;
	}

	/**
	 * The full name of the property to fix.
	 * @return the property name
	 */
	public String getProperty() {
		return this.property;
	}

	/**
	 * What to do about the problem.
	 * @return the action, as a sentence
	 */
	public String getAction() {
		return this.action;
	}

}
