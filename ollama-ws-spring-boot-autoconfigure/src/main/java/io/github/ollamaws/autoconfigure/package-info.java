/**
 * Auto-configuration of the Ollama WebSocket client: the {@code ollama.ws.*} properties,
 * the {@link io.github.ollamaws.autoconfigure.OllamaWsConnectionDetails}, the
 * {@link io.github.ollamaws.autoconfigure.OllamaTemplateConfigurer} and
 * {@link io.github.ollamaws.autoconfigure.OllamaTemplateCustomizer} to adjust the
 * template, and the startup failure analysis of bad configuration.
 *
 * <p>
 * <strong>API</strong>: {@code OllamaWsConnectionDetails},
 * {@code OllamaTemplateConfigurer}, {@code OllamaTemplateCustomizer},
 * {@code OllamaWsProperties} and {@code OllamaWsConfigurationException} are for
 * applications; the auto-configuration classes are loaded by Spring Boot, not used
 * directly.
 */
@NullMarked
package io.github.ollamaws.autoconfigure;

import org.jspecify.annotations.NullMarked;
