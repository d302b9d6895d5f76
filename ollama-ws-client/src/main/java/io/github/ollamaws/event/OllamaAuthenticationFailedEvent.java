package io.github.ollamaws.event;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

import io.github.ollamaws.core.OllamaWsException;
import org.jspecify.annotations.Nullable;

/**
 * The gateway rejected the client's key, or blocked it after too many failures. Carries
 * the gateway's figures: the attempts it still allows, or how long it asked the client to
 * wait.
 */
public class OllamaAuthenticationFailedEvent extends OllamaConnectionEvent {

	private static final long serialVersionUID = 1L;

	private final OllamaWsException error;

	private final @Nullable Integer remainingAttempts;

	private final @Nullable Duration retryAfter;

	public OllamaAuthenticationFailedEvent(Object source, String connectionId, URI gatewayUrl, OllamaWsException error,
			@Nullable Integer remainingAttempts, @Nullable Duration retryAfter) {
		super(source, connectionId, gatewayUrl);
		this.error = error;
		this.remainingAttempts = remainingAttempts;
		this.retryAfter = retryAfter;
	}

	/**
	 * The failure: an {@link io.github.ollamaws.core.AuthenticationException} or a
	 * {@link io.github.ollamaws.core.RateLimitedException}.
	 * @return the failure
	 */
	public OllamaWsException getError() {
		return this.error;
	}

	/**
	 * The attempts the gateway still allows, when it said so.
	 * @return the remaining attempts
	 */
	public OptionalInt getRemainingAttempts() {
		return (this.remainingAttempts != null) ? OptionalInt.of(this.remainingAttempts) : OptionalInt.empty();
	}

	/**
	 * How long the gateway asked the client to wait, when it blocked it.
	 * @return the wait
	 */
	public Optional<Duration> getRetryAfter() {
		return Optional.ofNullable(this.retryAfter);
	}

}
