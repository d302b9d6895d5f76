package io.github.ollamaws.client;

import io.github.ollamaws.connection.ClientSettings;

/**
 * What the project's own tests and benchmarks may read of a template that its public API
 * keeps to itself: the settings it was built with (which hold the private key). Shipped
 * in the client's test jar only.
 */
public final class OllamaTemplateInternals {

	private OllamaTemplateInternals() {
	}

	/**
	 * The settings a template was built with.
	 * @param template the template
	 * @return its settings
	 */
	public static ClientSettings settings(OllamaTemplate template) {
		return template.settings();
	}

	/**
	 * The settings a builder would build a template with, validated as
	 * {@link OllamaTemplate.Builder#build()} validates them.
	 * @param builder the builder
	 * @return the settings
	 */
	public static ClientSettings settings(OllamaTemplate.Builder builder) {
		return builder.settings();
	}

}
