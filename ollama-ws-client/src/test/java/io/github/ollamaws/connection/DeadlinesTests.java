package io.github.ollamaws.connection;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Deadlines}: a limit becomes nanoseconds that never overflow a
 * {@code nanoTime} deadline, and never go back in time.
 */
class DeadlinesTests {

	private static final long MAX_NANOS = Long.MAX_VALUE / 4;

	@Test
	void aLimitIsItsNanoseconds() {
		assertThat(Deadlines.nanos(Duration.ofMillis(1500))).isEqualTo(1_500_000_000L);
		assertThat(Deadlines.after(1_000, Duration.ofNanos(7))).isEqualTo(1_007);
	}

	@Test
	void aNegativeLimitIsZero() {
		assertThat(Deadlines.nanos(Duration.ofSeconds(-1))).isZero();
		assertThat(Deadlines.after(1_000, Duration.ofSeconds(-1))).isEqualTo(1_000);
	}

	@Test
	void anEndlessLimitIsCappedFromTheFirstSecondThatWouldReachTheCap() {
		long capSeconds = MAX_NANOS / 1_000_000_000L;
		assertThat(Deadlines.nanos(Duration.ofSeconds(capSeconds))).isEqualTo(MAX_NANOS);
		assertThat(Deadlines.nanos(Duration.ofSeconds(capSeconds - 1))).isEqualTo((capSeconds - 1) * 1_000_000_000L);
		assertThat(Deadlines.nanos(Duration.ofSeconds(Long.MAX_VALUE))).isEqualTo(MAX_NANOS);
		// Far in the future of any nanoTime, and still no overflow.
		assertThat(Deadlines.after(Long.MAX_VALUE / 2, Duration.ofSeconds(Long.MAX_VALUE))).isPositive();
	}

}
