/**
 * Auto-configuration of the Ollama WebSocket gateway as LangChain4j chat models.
 *
 * <p>
 * <strong>Internal</strong>: loaded by Spring Boot; applications turn it off with
 * {@code ollama.ws.langchain4j.enabled=false}.
 */
@NullMarked
package io.github.ollamaws.langchain4j.autoconfigure;

import org.jspecify.annotations.NullMarked;
