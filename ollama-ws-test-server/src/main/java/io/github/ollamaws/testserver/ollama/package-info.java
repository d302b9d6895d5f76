/**
 * Ollama over HTTP behind the test gateway:
 * {@link io.github.ollamaws.testserver.ollama.OllamaHttpBackend} forwards generations to
 * a real Ollama as the real gateway does, and
 * {@link io.github.ollamaws.testserver.ollama.StrictFakeOllama} stands in for one,
 * rejecting any body that Ollama would partly ignore
 * ({@link io.github.ollamaws.testserver.ollama.OllamaGenerateSchema}).
 *
 * <p>
 * <strong>API</strong> of the test server, for tests that check what reaches Ollama.
 */
package io.github.ollamaws.testserver.ollama;
