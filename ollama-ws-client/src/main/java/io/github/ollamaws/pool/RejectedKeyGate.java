package io.github.ollamaws.pool;

import java.time.Duration;

import io.github.ollamaws.connection.Deadlines;
import io.github.ollamaws.core.AuthenticationException;
import io.github.ollamaws.core.OllamaWsException;
import io.github.ollamaws.core.RateLimitedException;

/**
 * Holds back connection attempts after the gateway rejected the client's key: every
 * attempt with a rejected key costs one of the gateway's authentication attempts, and an
 * attempt while blocked extends the block (see {@code docs/protocol.md},
 * "Authentication"). After a rejection the gate stays closed for the longest reconnection
 * delay, or the gateway's {@code retryAfter} if that is longer, plus a margin for the
 * {@code retryAfter}'s granularity of a second; a later rejection never shortens it.
 *
 * <p>
 * Not thread-safe: the pool uses it under its lock.
 */
final class RejectedKeyGate {

	/**
	 * Margin added to the wait, whose {@code retryAfter} has a granularity of a second.
	 */
	static final Duration RETRY_AFTER_MARGIN = Duration.ofMillis(250);

	private final Duration maxDelay;

	private long notBeforeNanos;

	private boolean rejectionReported;

	/**
	 * An open gate.
	 * @param maxDelay the longest reconnection delay, the least a rejection waits
	 * @param nowNanos the current {@link System#nanoTime()}
	 */
	RejectedKeyGate(Duration maxDelay, long nowNanos) {
		this.maxDelay = maxDelay;
		this.notBeforeNanos = nowNanos;
	}

	/**
	 * Whether a connection failure is the gateway rejecting the key (or blocking the
	 * client after rejections).
	 * @param failure why a connection failed
	 * @return {@code true} for {@link AuthenticationException} and
	 * {@link RateLimitedException}
	 */
	static boolean isRejection(OllamaWsException failure) {
		return failure instanceof AuthenticationException || failure instanceof RateLimitedException;
	}

	/**
	 * Closes the gate after a rejection.
	 * @param rejection the rejection, see {@link #isRejection}
	 * @param nowNanos the current {@link System#nanoTime()}
	 * @return how long this rejection keeps the gate closed from now
	 */
	Duration rejected(OllamaWsException rejection, long nowNanos) {
		Duration wait = this.maxDelay;
		if (rejection instanceof RateLimitedException limited && limited.retryAfter().compareTo(wait) > 0) {
			wait = limited.retryAfter();
		}
		wait = wait.plus(RETRY_AFTER_MARGIN);
		this.notBeforeNanos = Math.max(this.notBeforeNanos, Deadlines.after(nowNanos, wait));
		return wait;
	}

	/**
	 * How long the gate stays closed.
	 * @param nowNanos the current {@link System#nanoTime()}
	 * @return the nanoseconds until the next attempt is allowed, zero or negative if it
	 * is allowed now
	 */
	long remainingNanos(long nowNanos) {
		return this.notBeforeNanos - nowNanos;
	}

	/**
	 * Whether a rejection is the first since the key last worked, so that it is reported
	 * once rather than at every attempt.
	 * @return {@code true} the first time after construction or {@link #accepted()}
	 */
	boolean firstRejection() {
		if (this.rejectionReported) {
			return false;
		}
		this.rejectionReported = true;
		return true;
	}

	/**
	 * The key worked: the next rejection is reported again. The gate itself closes only
	 * by time.
	 */
	void accepted() {
		this.rejectionReported = false;
	}

}
