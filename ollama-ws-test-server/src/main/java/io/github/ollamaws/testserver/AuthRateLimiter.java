package io.github.ollamaws.testserver;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gateway's authentication rate limiter, keyed on client IP and client id: after the
 * maximum number of failures within the window the key is blocked; every further attempt
 * while blocked (even a correct one) doubles the block, up to the maximum block.
 */
final class AuthRateLimiter {

	private final int maxFailures;

	private final long firstBlockMillis;

	private final long maxBlockMillis;

	private final long windowMillis;

	private final Map<String, State> states = new ConcurrentHashMap<>();

	AuthRateLimiter(int maxFailures, Duration firstBlock, Duration maxBlock, Duration window) {
		this.maxFailures = maxFailures;
		this.firstBlockMillis = firstBlock.toMillis();
		this.maxBlockMillis = maxBlock.toMillis();
		this.windowMillis = window.toMillis();
	}

	/**
	 * Checks an attempt before verifying it: if the key is blocked the attempt extends
	 * the block.
	 * @param key the client IP and client id the attempt comes from
	 * @param now the time of the attempt, in epoch milliseconds
	 * @return the seconds to wait if blocked, else {@code -1}
	 */
	long retryAfterIfBlocked(String key, long now) {
		State state = this.states.get(key);
		if (state == null) {
			return -1;
		}
		synchronized (state) {
			if (now >= state.blockedUntil) {
				return -1;
			}
			state.failures++;
			state.lastFailure = now;
			return block(state, now);
		}
	}

	/**
	 * Records a failed attempt.
	 * @param key the client IP and client id the attempt came from
	 * @param now the time of the attempt, in epoch milliseconds
	 * @return the outcome: blocked with the seconds to wait, or the attempts left
	 */
	Failure recordFailure(String key, long now) {
		State state = this.states.computeIfAbsent(key, (k) -> new State());
		synchronized (state) {
			if (now >= state.blockedUntil && now - state.lastFailure > this.windowMillis) {
				state.failures = 0;
				state.blocks = 0;
			}
			state.failures++;
			state.lastFailure = now;
			if (state.failures >= this.maxFailures) {
				return new Failure(block(state, now), 0);
			}
			return new Failure(0, this.maxFailures - state.failures);
		}
	}

	/**
	 * Returns how long the key stays blocked.
	 * @param key the client IP and client id
	 * @param now the current time, in epoch milliseconds
	 * @return the time left before the block ends, zero if the key is not blocked
	 */
	Duration remainingBlock(String key, long now) {
		State state = this.states.get(key);
		if (state == null) {
			return Duration.ZERO;
		}
		synchronized (state) {
			return Duration.ofMillis(Math.max(0, state.blockedUntil - now));
		}
	}

	void reset(String key) {
		this.states.remove(key);
	}

	void clear() {
		this.states.clear();
	}

	private long block(State state, long now) {
		long duration = this.firstBlockMillis;
		for (int i = 0; i < state.blocks && duration < this.maxBlockMillis; i++) {
			duration *= 2;
		}
		duration = Math.min(duration, this.maxBlockMillis);
		state.blocks++;
		state.blockedUntil = now + duration;
		return Math.max(1, (duration + 999) / 1000);
	}

	/**
	 * The outcome of a failed attempt.
	 *
	 * @param retryAfterSeconds the seconds to wait when the failure blocked the key, else
	 * 0
	 * @param remainingAttempts the attempts left before a block
	 */
	record Failure(long retryAfterSeconds, int remainingAttempts) {

		boolean blocked() {
			return this.retryAfterSeconds > 0;
		}

	}

	private static final class State {

		private int failures;

		private int blocks;

		private long lastFailure;

		private long blockedUntil;

	}

}
