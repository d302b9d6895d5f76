package io.github.ollamaws.pool;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ReconnectPolicy}: the next attempt waits the backoff's delay, or the
 * rejected-key gate's if that is longer, and a slot gives up after the maximum attempts
 * unless they are unlimited.
 */
class ReconnectPolicyTests {

	private static final double MIDDLE = 0.5;

	private final ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofMillis(100), 2.0, Duration.ofSeconds(5),
			0.0);

	@Test
	void waitsTheBackoffsDelayWhileTheGateIsOpen() {
		ReconnectPolicy policy = new ReconnectPolicy(this.backoff, -1);
		assertThat(policy.delay(1, 0, MIDDLE)).isEqualTo(Duration.ofMillis(100));
		assertThat(policy.delay(3, -Duration.ofSeconds(1).toNanos(), MIDDLE)).isEqualTo(Duration.ofMillis(400));
	}

	@Test
	void waitsForTheGateWhenItStaysClosedLonger() {
		ReconnectPolicy policy = new ReconnectPolicy(this.backoff, -1);
		long gate = Duration.ofSeconds(30).toNanos();
		assertThat(policy.delay(1, gate, MIDDLE)).isEqualTo(Duration.ofSeconds(30));
		// A gate shorter than the backoff's delay changes nothing.
		assertThat(policy.delay(3, Duration.ofMillis(399).toNanos(), MIDDLE)).isEqualTo(Duration.ofMillis(400));
	}

	@Test
	void givesUpAfterTheMaximumAttempts() {
		ReconnectPolicy policy = new ReconnectPolicy(this.backoff, 3);
		assertThat(policy.givesUp(0)).isFalse();
		assertThat(policy.givesUp(2)).isFalse();
		assertThat(policy.givesUp(3)).isTrue();
		assertThat(policy.givesUp(4)).isTrue();
	}

	@Test
	void neverGivesUpWithoutALimit() {
		ReconnectPolicy policy = new ReconnectPolicy(this.backoff, -1);
		assertThat(policy.givesUp(0)).isFalse();
		assertThat(policy.givesUp(Integer.MAX_VALUE)).isFalse();
	}

}
