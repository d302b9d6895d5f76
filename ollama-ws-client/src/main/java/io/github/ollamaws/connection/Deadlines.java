package io.github.ollamaws.connection;

import java.time.Duration;

/**
 * Deadlines as {@link System#nanoTime()} values, computed without overflow whatever the
 * duration: a gateway's {@code retryAfter} or a configured timeout may be far larger than
 * a {@code long} of nanoseconds.
 */
public final class Deadlines {

	/**
	 * The longest duration a deadline is set in: about 146 years, so that
	 * {@code now + nanos} and the {@code now - deadline >= 0} comparisons of deadlines
	 * stay within a {@code long}.
	 */
	private static final long MAX_NANOS = Long.MAX_VALUE / 4;

	private Deadlines() {
	}

	/**
	 * A duration in nanoseconds, saturated at about 146 years instead of overflowing.
	 * @param duration a positive duration, however long
	 * @return its nanoseconds, at most the cap
	 */
	public static long nanos(Duration duration) {
		if (duration.getSeconds() >= MAX_NANOS / 1_000_000_000L) {
			return MAX_NANOS;
		}
		return Math.max(0, duration.toNanos());
	}

	/**
	 * The deadline {@code duration} after {@code nowNanos}.
	 * @param nowNanos a {@link System#nanoTime()} value
	 * @param duration how long after it, however long
	 * @return the deadline
	 */
	public static long after(long nowNanos, Duration duration) {
		return nowNanos + nanos(duration);
	}

}
