/**
 * The Ollama WebSocket gateway as a Spring AI chat model:
 * {@link io.github.ollamaws.springai.OllamaWsChatModel} and its
 * {@link io.github.ollamaws.springai.OllamaWsChatOptions}.
 */
@NullMarked
package io.github.ollamaws.springai;

import org.jspecify.annotations.NullMarked;
