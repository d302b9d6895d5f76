package io.github.ollamaws.connection;

import java.util.concurrent.CompletionException;

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

}
