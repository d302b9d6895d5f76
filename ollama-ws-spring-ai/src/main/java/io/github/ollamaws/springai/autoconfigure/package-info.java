/**
 * Auto-configuration of the Ollama WebSocket gateway as a Spring AI chat model.
 *
 * <p>
 * <strong>Internal</strong>: loaded by Spring Boot; applications turn it on or off with
 * {@code ollama.ws.chat.enabled}.
 */
@NullMarked
package io.github.ollamaws.springai.autoconfigure;

import org.jspecify.annotations.NullMarked;
