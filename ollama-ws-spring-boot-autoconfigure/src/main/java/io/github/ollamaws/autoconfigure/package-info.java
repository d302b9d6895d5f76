/**
 * Spring Boot's auto-configuration of the Ollama WebSocket gateway client: the
 * {@code ollama.ws.*} properties, the connection details, the
 * {@link io.github.ollamaws.client.OllamaTemplate} bean and the failure analysis of bad
 * configuration.
 */
@NullMarked
package io.github.ollamaws.autoconfigure;

import org.jspecify.annotations.NullMarked;
