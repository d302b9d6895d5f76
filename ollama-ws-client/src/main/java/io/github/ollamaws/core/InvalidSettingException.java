package io.github.ollamaws.core;

import org.jspecify.annotations.Nullable;

/**
 * A setting of an {@link io.github.ollamaws.client.OllamaTemplate} is invalid. The
 * setting is named by its path, which is the same for the builder and for configuration
 * (for example {@code pool.size}, the builder's {@code pool((pool) -> pool.size(n))}, or
 * {@code gateways[1].url}), so that one set of rules serves both: a configuration layer
 * reports the path under its own prefix (the starter as {@code ollama.ws.pool.size}).
 * Like every failure of the client, an {@link OllamaWsException}.
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
	 * The setting, by its path.
	 * @return the setting's path, for example {@code pool.size} or
	 * {@code gateways[1].url}
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
