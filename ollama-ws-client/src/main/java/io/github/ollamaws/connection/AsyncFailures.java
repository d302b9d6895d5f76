package io.github.ollamaws.connection;

import java.util.concurrent.CompletionException;

import io.github.ollamaws.core.GatewayUnavailableException;
import io.github.ollamaws.core.OllamaWsException;

/**
 * Unwraps the failures of the client's {@link java.util.concurrent.CompletableFuture}s,
 * whose dependent stages see the original exception wrapped in a
 * {@link CompletionException}.
 */
public final class AsyncFailures {

	private AsyncFailures() {
	}

	/**
	 * The failure a future completed with.
	 * @param error what a dependent stage received
	 * @return the cause of a {@link CompletionException}, else {@code error} itself
	 */
	public static Throwable unwrap(Throwable error) {
		return (error instanceof CompletionException && error.getCause() != null) ? error.getCause() : error;
	}

	/**
	 * The failure of connecting to or talking with a gateway, as one of the client's
	 * exceptions.
	 * @param error what a dependent stage received
	 * @return the unwrapped failure if it is one of the client's exceptions, else a
	 * {@link GatewayUnavailableException} caused by it
	 */
	public static OllamaWsException asOllamaException(Throwable error) {
		Throwable cause = unwrap(error);
		if (cause instanceof OllamaWsException ollama) {
			return ollama;
		}
		return new GatewayUnavailableException("Connection to the gateway failed: " + cause, cause);
	}

}
