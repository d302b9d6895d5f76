package io.github.ollamaws.core;

import java.time.Duration;

/**
 * The gateway blocked this client after too many failed authentication attempts (or
 * rate-limited a request). No attempt is made before {@link #retryAfter()} has passed:
 * every attempt while blocked extends the block.
 */
public class RateLimitedException extends OllamaWsException {

	private static final long serialVersionUID = 1L;

	private final Duration retryAfter;

	public RateLimitedException(String message, Duration retryAfter) {
		super(message);
		this.retryAfter = retryAfter;
	}

	/**
	 * How long the gateway asked the client to wait before trying again.
	 * @return the wait, {@link Duration#ZERO} when the gateway did not say
	 */
	public Duration retryAfter() {
		return this.retryAfter;
	}

}
