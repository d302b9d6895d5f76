package io.github.ollamaws.protocol;

import java.time.Duration;
import java.util.Locale;

import io.github.ollamaws.core.AuthenticationException;
import io.github.ollamaws.core.GatewayErrorException;
import io.github.ollamaws.core.GenerationFailedException;
import io.github.ollamaws.core.ModelNotFoundException;
import io.github.ollamaws.core.OllamaWsException;
import io.github.ollamaws.core.RateLimitedException;
import org.jspecify.annotations.Nullable;

/**
 * Maps the gateway's error frames to typed exceptions, so that no caller parses a
 * message. Covers the codes the real gateway sends ({@code unauthorized},
 * {@code server_error}, {@code generation_error}, {@code auth_timeout}), those its
 * documentation lists, and errors with no code at all.
 */
public final class GatewayErrors {

	/**
	 * The longest {@code retryAfter} taken from the gateway: its longest block. A larger
	 * value (a broken or hostile gateway) is capped to it.
	 */
	public static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(30);

	/** The error text the real gateway sends when a generation was stopped mid-stream. */
	static final String ABORTED = "The user aborted a request";

	private GatewayErrors() {
	}

	/**
	 * The exception for an {@code error} frame that ended a generation.
	 * @param message the frame
	 * @param requestedModel the model the request asked for, or {@code null}
	 * @param partialText the text received before the error
	 * @return the exception
	 */
	public static OllamaWsException generationError(ServerMessage message, @Nullable String requestedModel,
			String partialText) {
		String code = message.code();
		String text = (message.error() != null) ? message.error() : "Generation failed";
		if ("invalid_model".equals(code) || isModelNotFound(text)) {
			return new ModelNotFoundException(requestedModel, code, text);
		}
		if ("rate_limited".equals(code)) {
			return new RateLimitedException(text, retryAfter(message));
		}
		if ("unauthorized".equals(code) || "auth_failed".equals(code)) {
			return new AuthenticationException(text, (Integer) null);
		}
		return new GenerationFailedException(code, text, partialText);
	}

	/**
	 * The exception for an {@code error} frame that answered a request other than a
	 * generation.
	 * @param message the frame
	 * @return the exception
	 */
	public static OllamaWsException requestError(ServerMessage message) {
		String text = (message.error() != null) ? message.error() : "Request failed";
		if ("rate_limited".equals(message.code())) {
			return new RateLimitedException(text, retryAfter(message));
		}
		if ("unauthorized".equals(message.code()) || "auth_failed".equals(message.code())) {
			return new AuthenticationException(text, (Integer) null);
		}
		return new GatewayErrorException(message.code(), text);
	}

	/**
	 * The exception for a failed {@code auth_result}: {@link RateLimitedException} when
	 * the gateway blocked the client ({@code retryAfter}), else
	 * {@link AuthenticationException}.
	 * @param message the frame
	 * @return the exception
	 */
	public static OllamaWsException authenticationError(ServerMessage message) {
		String text = (message.error() != null) ? message.error() : "Authentication failed";
		if (message.retryAfterSeconds() != null) {
			return new RateLimitedException("Authentication blocked by the gateway: " + text, retryAfter(message));
		}
		return new AuthenticationException("Authentication failed: " + text, message.remainingAttempts());
	}

	/**
	 * Whether an error frame reports the abort of a generation that was asked to stop.
	 * @param message the frame
	 * @return {@code true} for the gateway's abort error
	 */
	public static boolean isAbort(ServerMessage message) {
		return message.error() != null && message.error().contains(ABORTED);
	}

	/**
	 * The frame's {@code retryAfter}, between zero and {@link #MAX_RETRY_AFTER}.
	 * @param message the frame
	 * @return the wait, {@link Duration#ZERO} if the frame has none
	 */
	static Duration retryAfter(ServerMessage message) {
		Long seconds = message.retryAfterSeconds();
		if (seconds == null || seconds <= 0) {
			return Duration.ZERO;
		}
		return (seconds >= MAX_RETRY_AFTER.getSeconds()) ? MAX_RETRY_AFTER : Duration.ofSeconds(seconds);
	}

	private static boolean isModelNotFound(String text) {
		String lower = text.toLowerCase(Locale.ROOT);
		return lower.contains("404") && lower.contains("not found") && lower.contains("model");
	}

}
