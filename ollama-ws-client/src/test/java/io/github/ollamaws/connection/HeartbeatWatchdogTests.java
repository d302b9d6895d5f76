package io.github.ollamaws.connection;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link HeartbeatWatchdog}, on a clock the test sets: a heartbeat is due after
 * the interval of silence, frames defer it, only one is outstanding at a time, and none
 * is ever due when heartbeats are disabled.
 */
class HeartbeatWatchdogTests {

	private static final long INTERVAL = Duration.ofSeconds(30).toNanos();

	/** The period of the checks, as the pool's sweep runs them. */
	private static final long CHECK = Duration.ofMillis(100).toNanos();

	@Test
	void aHeartbeatIsDueAfterTheIntervalOfSilence() {
		long start = 123_456_789;
		HeartbeatWatchdog watchdog = new HeartbeatWatchdog(Duration.ofSeconds(30), start);
		assertThat(watchdog.heartbeatDue(start + CHECK)).isFalse();
		assertThat(watchdog.heartbeatDue(start + INTERVAL - 1)).isFalse();
		assertThat(watchdog.heartbeatDue(start + INTERVAL)).isTrue();
	}

	@Test
	void framesDeferTheHeartbeatFromTheCheckThatSawThem() {
		long start = 0;
		HeartbeatWatchdog watchdog = new HeartbeatWatchdog(Duration.ofSeconds(30), start);
		long seen = start + INTERVAL / 2;
		watchdog.frameReceived();
		watchdog.frameReceived();
		assertThat(watchdog.heartbeatDue(seen)).isFalse();
		// Silence since the check that saw the frames.
		assertThat(watchdog.heartbeatDue(start + INTERVAL)).isFalse();
		assertThat(watchdog.heartbeatDue(seen + INTERVAL - 1)).isFalse();
		assertThat(watchdog.heartbeatDue(seen + INTERVAL)).isTrue();
	}

	@Test
	void aFrameBetweenEveryCheckKeepsTheConnectionFromBeingPinged() {
		// Near the wrap-around of System.nanoTime(), which the checks cross.
		long now = Long.MAX_VALUE - 3 * INTERVAL;
		HeartbeatWatchdog watchdog = new HeartbeatWatchdog(Duration.ofSeconds(30), now);
		for (int i = 0; i < 1_000; i++) {
			now += CHECK;
			watchdog.frameReceived();
			assertThat(watchdog.heartbeatDue(now)).as("check %d", i).isFalse();
		}
		assertThat(watchdog.heartbeatDue(now + INTERVAL)).isTrue();
	}

	@Test
	void onlyOneHeartbeatIsOutstandingAtATime() {
		HeartbeatWatchdog watchdog = new HeartbeatWatchdog(Duration.ofSeconds(30), 0);
		assertThat(watchdog.heartbeatDue(INTERVAL)).isTrue();
		assertThat(watchdog.heartbeatDue(INTERVAL + CHECK)).isFalse();
		assertThat(watchdog.heartbeatDue(3 * INTERVAL)).isFalse();
		watchdog.heartbeatEnded();
		assertThat(watchdog.heartbeatDue(3 * INTERVAL + CHECK)).isTrue();
	}

	@Test
	void theAnsweredHeartbeatsPongCountsAsAFrame() {
		HeartbeatWatchdog watchdog = new HeartbeatWatchdog(Duration.ofSeconds(30), 0);
		assertThat(watchdog.heartbeatDue(INTERVAL)).isTrue();
		watchdog.frameReceived();
		watchdog.heartbeatEnded();
		long answered = INTERVAL + CHECK;
		assertThat(watchdog.heartbeatDue(answered)).isFalse();
		assertThat(watchdog.heartbeatDue(answered + INTERVAL - 1)).isFalse();
		assertThat(watchdog.heartbeatDue(answered + INTERVAL)).isTrue();
	}

	@Test
	void noHeartbeatIsEverDueWhenDisabled() {
		HeartbeatWatchdog watchdog = new HeartbeatWatchdog(Duration.ZERO, 0);
		assertThat(watchdog.heartbeatDue(0)).isFalse();
		assertThat(watchdog.heartbeatDue(INTERVAL)).isFalse();
		assertThat(watchdog.heartbeatDue(Long.MAX_VALUE / 2)).isFalse();
	}

}
