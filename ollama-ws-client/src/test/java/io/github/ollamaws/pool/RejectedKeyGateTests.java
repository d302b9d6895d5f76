package io.github.ollamaws.pool;

import java.time.Duration;

import io.github.ollamaws.core.AuthenticationException;
import io.github.ollamaws.core.GatewayUnavailableException;
import io.github.ollamaws.core.OllamaTimeoutException;
import io.github.ollamaws.core.RateLimitedException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RejectedKeyGate}: a rejected key holds attempts back for the longest
 * reconnection delay, or the gateway's longer {@code retryAfter}, plus a margin; a later
 * rejection never shortens the wait; the rejection is reported once until the key works.
 */
class RejectedKeyGateTests {

	private static final Duration MAX_DELAY = Duration.ofSeconds(30);

	private static final long NOW = 1_000_000_000L;

	private final RejectedKeyGate gate = new RejectedKeyGate(MAX_DELAY, NOW);

	@Test
	void isOpenUntilAKeyIsRejected() {
		assertThat(this.gate.remainingNanos(NOW)).isZero();
		assertThat(this.gate.remainingNanos(NOW + 1)).isNegative();
	}

	@Test
	void onlyRejectionsOfTheKeyCloseIt() {
		assertThat(RejectedKeyGate.isRejection(new AuthenticationException("Invalid signature", 4))).isTrue();
		assertThat(RejectedKeyGate.isRejection(new RateLimitedException("blocked", Duration.ofSeconds(16)))).isTrue();
		assertThat(RejectedKeyGate.isRejection(new GatewayUnavailableException("refused", null))).isFalse();
		assertThat(RejectedKeyGate
			.isRejection(new OllamaTimeoutException(OllamaTimeoutException.Kind.AUTH, Duration.ofSeconds(1), null)))
			.isFalse();
	}

	@Test
	void aRejectedSignatureWaitsTheLongestDelayAndTheMargin() {
		Duration wait = this.gate.rejected(new AuthenticationException("Invalid signature", 4), NOW);
		assertThat(wait).isEqualTo(MAX_DELAY.plus(RejectedKeyGate.RETRY_AFTER_MARGIN));
		assertThat(this.gate.remainingNanos(NOW)).isEqualTo(wait.toNanos());
		assertThat(this.gate.remainingNanos(NOW + wait.toNanos())).isZero();
	}

	@Test
	void aRetryAfterLongerThanTheLongestDelayIsWaitedOutWithTheMargin() {
		Duration wait = this.gate.rejected(new RateLimitedException("blocked", Duration.ofMinutes(4)), NOW);
		assertThat(wait).isEqualTo(Duration.ofMinutes(4).plus(RejectedKeyGate.RETRY_AFTER_MARGIN));
		assertThat(this.gate.remainingNanos(NOW)).isEqualTo(wait.toNanos());
	}

	@Test
	void aRetryAfterShorterThanTheLongestDelayWaitsTheLongestDelay() {
		Duration wait = this.gate.rejected(new RateLimitedException("blocked", Duration.ofSeconds(16)), NOW);
		assertThat(wait).isEqualTo(MAX_DELAY.plus(RejectedKeyGate.RETRY_AFTER_MARGIN));
	}

	@Test
	void aLaterRejectionNeverShortensTheWait() {
		this.gate.rejected(new RateLimitedException("blocked", Duration.ofMinutes(30)), NOW);
		long later = NOW + Duration.ofMinutes(1).toNanos();
		this.gate.rejected(new AuthenticationException("Invalid signature", 1), later);
		assertThat(this.gate.remainingNanos(NOW))
			.isEqualTo(Duration.ofMinutes(30).plus(RejectedKeyGate.RETRY_AFTER_MARGIN).toNanos());
	}

	@Test
	void aLaterRejectionExtendsTheWait() {
		this.gate.rejected(new AuthenticationException("Invalid signature", 2), NOW);
		long later = NOW + Duration.ofSeconds(10).toNanos();
		Duration wait = this.gate.rejected(new AuthenticationException("Invalid signature", 1), later);
		assertThat(this.gate.remainingNanos(later)).isEqualTo(wait.toNanos());
	}

	@Test
	void aHugeRetryAfterDoesNotOverflowTheDeadline() {
		this.gate.rejected(new RateLimitedException("blocked", Duration.ofSeconds(Long.MAX_VALUE / 2)), NOW);
		assertThat(this.gate.remainingNanos(NOW)).isPositive();
		assertThat(this.gate.remainingNanos(NOW + Duration.ofDays(365).toNanos())).isPositive();
	}

	@Test
	void theRejectionIsReportedOnceUntilTheKeyWorks() {
		assertThat(this.gate.firstRejection()).isTrue();
		assertThat(this.gate.firstRejection()).isFalse();
		assertThat(this.gate.firstRejection()).isFalse();
		this.gate.accepted();
		assertThat(this.gate.firstRejection()).isTrue();
	}

}
