package io.github.ollamaws.pool;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ReconnectBackoff}: the delays grow exponentially from the initial
 * delay, stop at the longest delay, and the jitter varies them within its bounds and
 * never beyond the cap.
 */
class ReconnectBackoffTests {

	private static final double MIDDLE = 0.5;

	/** The largest value below 1 that {@code Random.nextDouble()} returns. */
	private static final double HIGHEST = Math.nextDown(1.0);

	@ParameterizedTest(name = "after {0} failures: {1} ms")
	@CsvSource({ "0, 100", "1, 100", "2, 200", "3, 400", "4, 800", "5, 1600", "6, 3000", "7, 3000", "40, 3000" })
	void growsExponentiallyFromTheInitialDelayUpToTheLongest(int failures, long expectedMillis) {
		ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofMillis(100), 2.0, Duration.ofSeconds(3), 0.0);
		assertThat(backoff.delay(failures, MIDDLE)).isEqualTo(Duration.ofMillis(expectedMillis));
		// Without jitter the random number makes no difference.
		assertThat(backoff.delay(failures, 0.0)).isEqualTo(Duration.ofMillis(expectedMillis));
		assertThat(backoff.delay(failures, HIGHEST)).isEqualTo(Duration.ofMillis(expectedMillis));
	}

	@Test
	void appliesTheMultiplier() {
		ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofMillis(100), 3.0, Duration.ofMinutes(1), 0.0);
		assertThat(backoff.delay(1, MIDDLE)).isEqualTo(Duration.ofMillis(100));
		assertThat(backoff.delay(2, MIDDLE)).isEqualTo(Duration.ofMillis(300));
		assertThat(backoff.delay(3, MIDDLE)).isEqualTo(Duration.ofMillis(900));
	}

	@Test
	void aMultiplierOfOneKeepsTheDelayConstant() {
		ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofMillis(250), 1.0, Duration.ofSeconds(5), 0.0);
		assertThat(backoff.delay(1, MIDDLE)).isEqualTo(Duration.ofMillis(250));
		assertThat(backoff.delay(10, MIDDLE)).isEqualTo(Duration.ofMillis(250));
	}

	@Test
	void jitterVariesTheDelayByUpToItsFractionEitherWay() {
		ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofMillis(1000), 2.0, Duration.ofMinutes(1), 0.2);
		// Attempt 3: 4 s, varied by up to 20 %.
		assertThat(backoff.delay(3, 0.0)).isEqualTo(Duration.ofMillis(3200));
		assertThat(backoff.delay(3, 0.25)).isEqualTo(Duration.ofMillis(3600));
		assertThat(backoff.delay(3, MIDDLE)).isEqualTo(Duration.ofMillis(4000));
		assertThat(backoff.delay(3, 0.75)).isEqualTo(Duration.ofMillis(4400));
		assertThat(backoff.delay(3, HIGHEST)).isBetween(Duration.ofMillis(4799), Duration.ofMillis(4800));
	}

	@Test
	void jitterNeverTakesTheDelayBeyondTheLongest() {
		ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofMillis(100), 2.0, Duration.ofSeconds(1), 0.5);
		// Capped at 1 s: jitter can shorten it, never lengthen it.
		assertThat(backoff.delay(10, HIGHEST)).isEqualTo(Duration.ofSeconds(1));
		assertThat(backoff.delay(10, MIDDLE)).isEqualTo(Duration.ofSeconds(1));
		assertThat(backoff.delay(10, 0.0)).isEqualTo(Duration.ofMillis(500));
		// Below the cap it lengthens up to the cap.
		assertThat(backoff.delay(4, HIGHEST)).isEqualTo(Duration.ofSeconds(1));
		assertThat(backoff.delay(4, 0.0)).isEqualTo(Duration.ofMillis(400));
	}

	@Test
	void everyDelayStaysWithinTheJitterBounds() {
		ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofMillis(500), 2.0, Duration.ofSeconds(30), 0.2);
		for (int failures = 1; failures <= 12; failures++) {
			double base = Math.min(500 * Math.pow(2, failures - 1), 30_000);
			// A millisecond of slack below for the rounding of 1 - 0.2.
			Duration lowest = Duration.ofMillis((long) (base * 0.8) - 1);
			Duration highest = Duration.ofMillis((long) Math.min(base * 1.2, 30_000));
			for (double random = 0.0; random < 1.0; random += 0.01) {
				assertThat(backoff.delay(failures, random)).as("failures=%d random=%f", failures, random)
					.isBetween(lowest, highest);
			}
		}
	}

}
