package io.github.ollamaws.pool;

import java.time.Duration;

import io.github.ollamaws.connection.ClientSettings;
import io.github.ollamaws.connection.Deadlines;

/**
 * The delays between reconnection attempts: exponential from the initial delay, capped at
 * the longest delay, each varied at random by up to the jitter fraction either way (and
 * never beyond the cap).
 */
final class ReconnectBackoff {

	private final long initialNanos;

	private final double multiplier;

	private final long maxNanos;

	private final double jitter;

	ReconnectBackoff(Duration initialDelay, double multiplier, Duration maxDelay, double jitter) {
		// Saturating: a delay past any clock must not overflow (and strand the requests
		// waiting on it).
		this.initialNanos = Deadlines.nanos(initialDelay);
		this.multiplier = multiplier;
		this.maxNanos = Deadlines.nanos(maxDelay);
		this.jitter = jitter;
	}

	static ReconnectBackoff of(ClientSettings settings) {
		return new ReconnectBackoff(settings.reconnect().initialDelay(), settings.reconnect().multiplier(),
				settings.reconnect().maxDelay(), settings.reconnect().jitter());
	}

	/**
	 * The delay before attempt {@code failures + 1}.
	 * @param failures the failed attempts so far (the first failure waits the initial
	 * delay)
	 * @param random a random number in {@code [0, 1)}: 0 shortens the delay by the whole
	 * jitter fraction, 0.5 leaves it as it is, and towards 1 lengthens it by the whole
	 * fraction
	 * @return the delay
	 */
	Duration delay(int failures, double random) {
		double base = this.initialNanos * Math.pow(this.multiplier, Math.max(0, failures - 1));
		double capped = Math.min(base, this.maxNanos);
		double factor = 1 + this.jitter * (random * 2 - 1);
		return Duration.ofNanos((long) Math.min(capped * factor, this.maxNanos));
	}

}
