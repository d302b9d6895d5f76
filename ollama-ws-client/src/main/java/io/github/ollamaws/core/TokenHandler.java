package io.github.ollamaws.core;

import org.jspecify.annotations.Nullable;

/**
 * Receives a generation as it streams. Only {@link #onToken(String)} must be implemented,
 * so a lambda or a method reference will do:
 * {@code ollama.stream(request, System.out::print)}.
 *
 * <p>
 * Callbacks of one generation are called one at a time and in order, on the connection's
 * I/O thread: keep them short and never block in them (hand slow work to an executor). An
 * exception thrown by a callback is logged and does not affect the generation or the
 * connection.
 */
@FunctionalInterface
public interface TokenHandler {

	/**
	 * A text fragment of the reply.
	 * @param token the fragment
	 */
	void onToken(String token);

	/**
	 * The gateway started the generation.
	 * @param generationId the generation's id
	 * @param model the model the gateway uses, or {@code null} when neither the gateway's
	 * {@code stream_start} nor the request named one
	 */
	default void onStart(String generationId, @Nullable String model) {
	}

	/**
	 * The generation ended without an error (completed or cancelled).
	 * @param result the result
	 */
	default void onComplete(GenerationResult result) {
	}

	/**
	 * The generation failed.
	 * @param error the failure, an {@link OllamaWsException}
	 */
	default void onError(Throwable error) {
	}

}
