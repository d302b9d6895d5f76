package io.github.ollamaws.core;

import java.util.OptionalInt;

import org.jspecify.annotations.Nullable;

/**
 * The gateway rejected the client's credentials ({@code auth_result} with
 * {@code success:false}), or the client could not produce a valid answer to the
 * challenge. The key is not retried at the normal pace: every attempt with a rejected key
 * burns one of the gateway's authentication attempts.
 */
public class AuthenticationException extends OllamaWsException {

	private static final long serialVersionUID = 1L;

	private final @Nullable Integer remainingAttempts;

	public AuthenticationException(String message, @Nullable Integer remainingAttempts) {
		super(message);
		this.remainingAttempts = remainingAttempts;
	}

	public AuthenticationException(String message, Throwable cause) {
		super(message, cause);
		this.remainingAttempts = null;
	}

	/**
	 * How many attempts the gateway still allows before it blocks this client, when it
	 * said so.
	 * @return the remaining attempts, or empty when the gateway did not tell
	 */
	public OptionalInt remainingAttempts() {
		return (this.remainingAttempts != null) ? OptionalInt.of(this.remainingAttempts) : OptionalInt.empty();
	}

}
