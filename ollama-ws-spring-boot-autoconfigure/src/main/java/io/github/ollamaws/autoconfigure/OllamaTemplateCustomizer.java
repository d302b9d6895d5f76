package io.github.ollamaws.autoconfigure;

import io.github.ollamaws.client.OllamaTemplate;

/**
 * Callback to customize the auto-configured {@link OllamaTemplate} before it is built.
 * Customizers are applied after the {@code ollama.ws.*} properties, in
 * {@link org.springframework.core.Ordered order}, so a customizer's setting wins over the
 * property's.
 *
 * <pre>{@code
 * &#64;Bean
 * OllamaTemplateCustomizer lowTemperature() {
 *     return (builder) -> builder.defaultOptions(GenerationOptions.builder().temperature(0.1).build());
 * }
 * }</pre>
 */
@FunctionalInterface
public interface OllamaTemplateCustomizer {

	/**
	 * Customizes the builder of the template.
	 * @param builder the builder, with the properties already applied
	 */
	void customize(OllamaTemplate.Builder builder);

}
