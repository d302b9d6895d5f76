package io.github.ollamaws.core;

import org.jspecify.annotations.Nullable;

/**
 * A setting of an {@link io.github.ollamaws.client.OllamaTemplate} is invalid. The
 * setting is named as the starter's property under {@code ollama.ws.} (for example
 * {@code pool.size} or {@code heartbeat.timeout}), so that one set of rules serves the
 * builder and the configuration: the starter reports it as {@code ollama.ws.pool.size} in
 * its failure analysis. Like every failure of the client, an {@link OllamaWsException}.
 */
public class InvalidSettingException extends OllamaWsException {

	private static final long serialVersionUID = 1L;

	private final String setting;

	private final String requirement;

	private final transient @Nullable Object value;

	public InvalidSettingException(String setting, @Nullable Object value, String requirement) {
		super("The setting '" + setting + "' is invalid (" + value + "): it must be " + requirement);
		this.setting = setting;
		this.value = value;
		this.requirement = requirement;
	}

	/**
	 * The setting, named as the starter's property under {@code ollama.ws.}.
	 * @return the setting's name, for example {@code pool.size}
	 */
	public String setting() {
		return this.setting;
	}

	/**
	 * The value given.
	 * @return the value, never a secret (the private key is only said to be missing)
	 */
	public @Nullable Object value() {
		return this.value;
	}

	/**
	 * What the value must be, for example {@code a positive duration}.
	 * @return the requirement
	 */
	public String requirement() {
		return this.requirement;
	}

}
