package io.github.ollamaws.core;

import java.util.concurrent.CompletableFuture;

/**
 * A running generation, returned at once by
 * {@link io.github.ollamaws.client.OllamaOperations#stream}. It can be cancelled from the
 * moment it is returned, before or after its first token.
 *
 * <pre>{@code
 * Generation generation = ollama.stream(GenerateRequest.of("Tell me a story"), System.out::print);
 * // ... later
 * generation.cancel();
 * GenerationResult result = generation.result().join(); // CANCELLED, with the text received so far
 * }</pre>
 */
public interface Generation {

	/**
	 * The generation's id, the same for its whole life: the id of its first request to
	 * the gateway, and of its {@link GenerationResult}. A retry before the first token
	 * goes to the gateway under a new id of its own (ids are global on the gateway), but
	 * this one does not change.
	 * @return the id (a UUID)
	 */
	String id();

	/**
	 * Asks for the generation to stop. The gateway is sent a {@code stop} for it (unless
	 * the request had not left the client yet) and {@link #result()} then completes with
	 * {@link FinishReason#CANCELLED} and the text received until then. Has no effect on a
	 * generation that has already ended; calling it twice is harmless.
	 * @return {@code true} if this call asked for the stop, {@code false} if the
	 * generation had already ended or was already being cancelled
	 */
	boolean cancel();

	/**
	 * The outcome: completes with the result, or exceptionally with an
	 * {@link OllamaWsException}. Cancelling the returned future cancels the generation.
	 * @return the result's future
	 */
	CompletableFuture<GenerationResult> result();

	/**
	 * Whether the generation has ended, one way or another.
	 * @return {@code true} once {@link #result()} is complete
	 */
	default boolean isDone() {
		return result().isDone();
	}

}
