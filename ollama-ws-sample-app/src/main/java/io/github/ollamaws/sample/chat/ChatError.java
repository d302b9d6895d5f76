package io.github.ollamaws.sample.chat;

import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import io.github.ollamaws.core.AuthenticationException;
import io.github.ollamaws.core.ConnectionLostException;
import io.github.ollamaws.core.GatewayErrorException;
import io.github.ollamaws.core.GatewayUnavailableException;
import io.github.ollamaws.core.GenerationFailedException;
import io.github.ollamaws.core.ModelNotFoundException;
import io.github.ollamaws.core.OllamaTimeoutException;
import io.github.ollamaws.core.OllamaWsException;
import io.github.ollamaws.core.RateLimitedException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * A failure as the API reports it: the HTTP status, a stable {@code type} the page can
 * act on, a title and a readable message. The same mapping serves problem details (RFC
 * 9457) and the {@code error} event of a stream.
 *
 * @param status the HTTP status
 * @param type a stable name for the kind of failure, for example {@code model-not-found}
 * @param title a short summary of the kind of failure
 * @param message what happened, for the user
 * @param retryAfter how long to wait before trying again, or {@code null}
 */
public record ChatError(HttpStatus status, String type, String title, String message, Duration retryAfter) {

	/**
	 * Describes a failure.
	 * @param failure the failure, possibly wrapped by a future
	 * @return its description
	 */
	public static ChatError of(Throwable failure) {
		Throwable cause = unwrap(failure);
		if (cause instanceof OllamaTimeoutException timeout && timeout.kind() == OllamaTimeoutException.Kind.ACQUIRE
				&& timeout.getCause() instanceof OllamaWsException down) {
			// Waited for a connection in vain: the gateway is down, and says why.
			cause = down;
		}
		if (cause instanceof InvalidChatRequestException) {
			return of(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", cause.getMessage());
		}
		if (cause instanceof GenerationNotFoundException) {
			return of(HttpStatus.NOT_FOUND, "generation-not-found", "Unknown generation", cause.getMessage());
		}
		if (cause instanceof ModelNotFoundException ex) {
			String model = (ex.model() != null) ? "The model '" + ex.model() + "'" : "The default model";
			return of(HttpStatus.NOT_FOUND, "model-not-found", "Unknown model",
					model + " is not available behind the gateway: " + ex.serverMessage());
		}
		if (cause instanceof OllamaTimeoutException) {
			return of(HttpStatus.GATEWAY_TIMEOUT, "timeout", "The gateway did not answer in time", cause.getMessage());
		}
		if (cause instanceof RateLimitedException ex) {
			return new ChatError(HttpStatus.SERVICE_UNAVAILABLE, "rate-limited", "The gateway blocked this client",
					ex.getMessage(), ex.retryAfter());
		}
		if (cause instanceof AuthenticationException) {
			return of(HttpStatus.SERVICE_UNAVAILABLE, "authentication-failed",
					"The gateway rejected this app's credentials", cause.getMessage());
		}
		if (cause instanceof GatewayUnavailableException || cause instanceof ConnectionLostException) {
			return of(HttpStatus.SERVICE_UNAVAILABLE, "gateway-unavailable", "The gateway is unavailable",
					cause.getMessage());
		}
		if (cause instanceof GenerationFailedException ex) {
			return of(HttpStatus.BAD_GATEWAY, "generation-failed", "The generation failed", ex.serverMessage());
		}
		if (cause instanceof GatewayErrorException ex) {
			return of(HttpStatus.BAD_GATEWAY, "gateway-error", "The gateway reported an error", ex.serverMessage());
		}
		if (cause instanceof OllamaWsException) {
			return of(HttpStatus.BAD_GATEWAY, "gateway-error", "The gateway request failed", cause.getMessage());
		}
		return of(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error",
				"The request failed unexpectedly; see the application log");
	}

	private static ChatError of(HttpStatus status, String type, String title, String message) {
		return new ChatError(status, type, title, message, null);
	}

	private static Throwable unwrap(Throwable failure) {
		Throwable current = failure;
		while ((current instanceof CompletionException || current instanceof ExecutionException)
				&& current.getCause() != null) {
			current = current.getCause();
		}
		return current;
	}

	/**
	 * Whether this is a server-side failure worth logging (as opposed to bad input or an
	 * unknown id).
	 * @return {@code true} for 5xx statuses
	 */
	public boolean isServerError() {
		return this.status.is5xxServerError();
	}

	/**
	 * This failure as an RFC 9457 problem detail, with the {@code type} name as its
	 * {@code error} property.
	 * @return the problem detail
	 */
	public ProblemDetail problemDetail() {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(this.status, this.message);
		problem.setTitle(this.title);
		problem.setProperty("error", this.type);
		if (this.retryAfter != null) {
			problem.setProperty("retryAfterSeconds", this.retryAfter.toSeconds());
		}
		return problem;
	}

	/**
	 * This failure as the data of a stream's {@code error} event.
	 * @return the event data
	 */
	public Event event() {
		return new Event(this.type, this.status.value(), this.title, this.message);
	}

	/**
	 * The data of a stream's {@code error} event.
	 *
	 * @param type the kind of failure, as in {@link ChatError#type()}
	 * @param status the HTTP status the same failure gets from the JSON endpoints
	 * @param title a short summary
	 * @param message what happened
	 */
	public record Event(String type, int status, String title, String message) {

	}

}
