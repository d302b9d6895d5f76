package io.github.ollamaws.pool;

import java.time.Duration;

import io.github.ollamaws.connection.ClientSettings;

/**
 * When a slot whose connection failed tries again: after the {@link ReconnectBackoff}'s
 * delay, or later if the {@link RejectedKeyGate} is closed longer; and not at all once
 * the attempts are used up, until a request asks for a connection again.
 */
final class ReconnectPolicy {

	private final ReconnectBackoff backoff;

	private final int maxAttempts;

	/**
	 * A policy.
	 * @param backoff the delays between attempts
	 * @param maxAttempts the failed attempts after which the slot gives up, or {@code -1}
	 * for no limit
	 */
	ReconnectPolicy(ReconnectBackoff backoff, int maxAttempts) {
		this.backoff = backoff;
		this.maxAttempts = maxAttempts;
	}

	/**
	 * The policy of the client's settings.
	 * @param settings the settings
	 * @return the policy
	 */
	static ReconnectPolicy of(ClientSettings settings) {
		return new ReconnectPolicy(ReconnectBackoff.of(settings), settings.reconnect().maxAttempts());
	}

	/**
	 * Whether a slot gives up.
	 * @param failures its failed attempts in a row
	 * @return {@code true} if no further attempt is scheduled
	 */
	boolean givesUp(int failures) {
		return this.maxAttempts != -1 && failures >= this.maxAttempts;
	}

	/**
	 * The delay before the next attempt.
	 * @param failures the failed attempts in a row so far
	 * @param gateNanos how long the rejected-key gate stays closed, see
	 * {@link RejectedKeyGate#remainingNanos(long)}
	 * @param random a random number in {@code [0, 1)} for the jitter, see
	 * {@link ReconnectBackoff#delay(int, double)}
	 * @return the backoff's delay, or the gate's if that is longer
	 */
	Duration delay(int failures, long gateNanos, double random) {
		Duration delay = this.backoff.delay(failures, random);
		return (gateNanos > delay.toNanos()) ? Duration.ofNanos(gateNanos) : delay;
	}

}
