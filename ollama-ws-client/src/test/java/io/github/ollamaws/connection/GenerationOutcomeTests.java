package io.github.ollamaws.connection;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.ollamaws.core.ConnectionLostException;
import io.github.ollamaws.core.FinishReason;
import io.github.ollamaws.core.GenerationResult;
import io.github.ollamaws.core.OllamaClientObserver;
import io.github.ollamaws.core.OllamaTimeoutException;
import io.github.ollamaws.core.ProtocolException;
import io.github.ollamaws.core.TokenHandler;
import io.github.ollamaws.protocol.ServerMessage;
import io.github.ollamaws.protocol.ServerMessageType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for how a {@link StreamingGeneration} ends, on a clock the test sets and frames
 * the test hands it (no connection: the end-to-end classes cover the wire): its timeouts
 * at exactly their limits, the token counts it accepts, and what its result reports.
 */
class GenerationOutcomeTests {

	private static final URI GATEWAY = URI.create("ws://localhost:1");

	private static final Duration REQUEST_LIMIT = Duration.ofHours(1);

	private static final Duration IDLE_LIMIT = Duration.ofSeconds(2);

	private final List<String> calls = new ArrayList<>();

	@Test
	void theRequestTimesOutAtExactlyItsDeadlineWithThePartialText() {
		StreamingGeneration generation = generation(IDLE_LIMIT);
		generation.attach(null);
		generation.onToken("par");
		generation.checkTimeout(generation.deadlineNanos() - 1);
		assertThat(generation.result()).isNotDone();
		generation.checkTimeout(generation.deadlineNanos());
		assertThat(generation.result()).failsWithin(Duration.ZERO)
			.withThrowableThat()
			.havingCause()
			.isInstanceOfSatisfying(OllamaTimeoutException.class, (timeout) -> {
				assertThat(timeout.kind()).isEqualTo(OllamaTimeoutException.Kind.REQUEST);
				assertThat(timeout.limit()).isEqualTo(REQUEST_LIMIT);
				assertThat(timeout.partialText()).isEqualTo("par");
			});
		assertThat(this.calls).containsExactly("token par", "error OllamaTimeoutException");
	}

	@Test
	void theIdleTimeoutCountsFromTheCheckThatSawTheLastToken() {
		StreamingGeneration generation = generation(IDLE_LIMIT);
		generation.attach(null);
		generation.onToken("a");
		long seen = System.nanoTime();
		generation.checkTimeout(seen);
		generation.checkTimeout(seen + IDLE_LIMIT.toNanos() - 1);
		assertThat(generation.result()).isNotDone();
		generation.checkTimeout(seen + IDLE_LIMIT.toNanos());
		assertThat(generation.result()).failsWithin(Duration.ZERO)
			.withThrowableThat()
			.havingCause()
			.isInstanceOfSatisfying(OllamaTimeoutException.class, (timeout) -> {
				assertThat(timeout.kind()).isEqualTo(OllamaTimeoutException.Kind.IDLE);
				assertThat(timeout.limit()).isEqualTo(IDLE_LIMIT);
			});
	}

	@Test
	void noIdleTimeoutWhenItIsZero() {
		StreamingGeneration generation = generation(Duration.ZERO);
		generation.attach(null);
		generation.checkTimeout(generation.deadlineNanos() - 1);
		assertThat(generation.result()).isNotDone();
	}

	@Test
	void theResultReportsTheModelTextCountsAndTimesOfTheStream() {
		StreamingGeneration generation = generation(IDLE_LIMIT);
		generation.attach(null);
		generation.onMessage(frame(ServerMessageType.STREAM_START, "llama3:8b", null, null));
		generation.onMessage(frame(ServerMessageType.STREAM_START, "llama3:8b", null, null));
		generation.onToken(null);
		generation.onToken("Hel");
		generation.onToken("lo");
		generation.onMessage(frame(ServerMessageType.STREAM_END, null, 7, 1234L));
		assertThat(generation.result()).isCompletedWithValueMatching((result) -> {
			assertThat(result.id()).isEqualTo(generation.id());
			assertThat(result.model()).isEqualTo("llama3:8b");
			assertThat(result.text()).isEqualTo("Hello");
			assertThat(result.totalTokens()).isEqualTo(7);
			assertThat(result.elapsed()).isEqualTo(Duration.ofMillis(1234));
			assertThat(result.timeToFirstToken()).isNotNull().isGreaterThanOrEqualTo(Duration.ZERO);
			assertThat(result.finishReason()).isEqualTo(FinishReason.COMPLETED);
			return true;
		});
		assertThat(this.calls).containsExactly("start llama3:8b", "token Hel", "token lo", "complete Hello");
	}

	@Test
	void withoutTheGatewaysCountsTheResultCountsTheTokensAndMeasuresTheTime() {
		StreamingGeneration generation = generation(IDLE_LIMIT);
		long before = System.nanoTime();
		generation.attach(null);
		generation.onToken("a");
		generation.onToken("b");
		generation.onMessage(frame(ServerMessageType.STREAM_END, null, null, null));
		long after = System.nanoTime();
		assertThat(generation.result()).isCompletedWithValueMatching((result) -> {
			assertThat(result.model()).isEqualTo("requested");
			assertThat(result.totalTokens()).isEqualTo(2);
			assertThat(result.elapsed().toNanos()).isBetween(0L, after - before);
			return true;
		});
	}

	@Test
	void aGenerationEndedBeforeItsFirstTokenHasNoTimeToFirstToken() {
		StreamingGeneration generation = generation(IDLE_LIMIT);
		generation.attach(null);
		generation.onMessage(frame(ServerMessageType.STREAM_END, null, 0, null));
		assertThat(generation.result())
			.isCompletedWithValueMatching((result) -> result.timeToFirstToken() == null && result.totalTokens() == 0);
	}

	@Test
	void theLargestTokenCountIsAccepted() {
		StreamingGeneration generation = generation(IDLE_LIMIT);
		generation.onMessage(frame(ServerMessageType.STREAM_END, null, (long) Integer.MAX_VALUE, null));
		assertThat(generation.result())
			.isCompletedWithValueMatching((result) -> result.totalTokens() == Integer.MAX_VALUE);
	}

	@Test
	void anImpossibleTokenCountFailsTheGeneration() {
		for (Number count : List.<Number>of(-1, Integer.MAX_VALUE + 1L, 1.5)) {
			StreamingGeneration generation = generation(IDLE_LIMIT);
			generation.onMessage(frame(ServerMessageType.STREAM_END, null, count, null));
			assertThat(generation.result()).as("count %s", count)
				.failsWithin(Duration.ZERO)
				.withThrowableThat()
				.havingCause()
				.isInstanceOf(ProtocolException.class)
				.withMessageContaining("impossible token count: " + count);
		}
	}

	@Test
	void aLossBeforeTheFirstTokenIsRetriedOnceAndAfterItFailsWithThePartialText() {
		StreamingGeneration generation = generation(IDLE_LIMIT);
		List<String> retries = new ArrayList<>();
		generation.retrier((retried, loss) -> retries.add(retried.wireId()));
		String firstWireId = generation.wireId();
		generation.attach(null);
		ConnectionLostException loss = new ConnectionLostException("lost", 1006, "", null);
		generation.onConnectionLost(loss);
		assertThat(retries).hasSize(1).doesNotContain(firstWireId);
		assertThat(generation.result()).isNotDone();
		generation.attach(null);
		generation.onToken("x");
		generation.onConnectionLost(loss);
		assertThat(retries).hasSize(1);
		assertThat(generation.result()).failsWithin(Duration.ZERO)
			.withThrowableThat()
			.havingCause()
			.isInstanceOfSatisfying(ConnectionLostException.class,
					(lost) -> assertThat(lost.partialText()).isEqualTo("x"));
	}

	@Test
	void aRequestNeverSentGoesElsewhereWithoutUsingUpItsRetry() {
		StreamingGeneration generation = generation(IDLE_LIMIT);
		List<String> retries = new ArrayList<>();
		generation.retrier((retried, loss) -> retries.add("retry"));
		ConnectionLostException loss = new ConnectionLostException("lost", 1001, "", null);
		generation.onNotSent(loss);
		generation.onNotSent(loss);
		generation.onConnectionLost(loss);
		assertThat(retries).hasSize(3);
		generation.onConnectionLost(loss);
		assertThat(generation.result()).isCompletedExceptionally();
	}

	@Test
	void aCancelledGenerationEndsCancelledWhateverTheGatewayAnswers() {
		StreamingGeneration generation = generation(IDLE_LIMIT);
		assertThat(generation.cancel()).isTrue();
		assertThat(generation.cancel()).isFalse();
		assertThat(generation.attach(null)).isFalse();
		assertThat(generation.result()).isCompletedWithValueMatching(
				(result) -> result.finishReason() == FinishReason.CANCELLED && result.model().equals("requested"));
		assertThat(this.calls).containsExactly("complete ");
	}

	@Test
	void cancelNowEndsASentGenerationCancelledAtOnce() {
		StreamingGeneration generation = generation(IDLE_LIMIT);
		generation.attach(null);
		generation.onToken("par");
		generation.cancelNow();
		assertThat(generation.result()).isCompletedWithValueMatching(
				(result) -> result.finishReason() == FinishReason.CANCELLED && result.text().equals("par"));
		generation.cancelNow();
		assertThat(this.calls).containsExactly("token par", "complete par");
	}

	@Test
	void aGenerationNeverSentCountsItsTimeFromItsCreation() {
		long before = System.nanoTime();
		StreamingGeneration generation = generation(IDLE_LIMIT);
		generation.cancel();
		long after = System.nanoTime();
		assertThat(generation.result())
			.isCompletedWithValueMatching((result) -> result.elapsed().toNanos() <= after - before);
	}

	private StreamingGeneration generation(Duration idleTimeout) {
		GenerationSpec spec = new GenerationSpec("requested", "prompt", Map.of(), REQUEST_LIMIT, idleTimeout);
		return new StreamingGeneration(spec, new RecordingHandler(this.calls), OllamaClientObserver.NOOP, GATEWAY,
				true);
	}

	private static ServerMessage frame(ServerMessageType type, String model, Number totalTokens, Long elapsed) {
		return new ServerMessage(type, type.name().toLowerCase(java.util.Locale.ROOT), "g-1", null, null, model, null,
				null, null, null, null, null, totalTokens, elapsed, false, null);
	}

	/** Records the callbacks, and throws from each to show the generation goes on. */
	private record RecordingHandler(List<String> calls) implements TokenHandler {

		@Override
		public void onToken(String token) {
			this.calls.add("token " + token);
			throw new IllegalStateException("handler bug");
		}

		@Override
		public void onStart(String generationId, String model) {
			this.calls.add("start " + model);
			throw new IllegalStateException("handler bug");
		}

		@Override
		public void onComplete(GenerationResult result) {
			this.calls.add("complete " + result.text());
			throw new IllegalStateException("handler bug");
		}

		@Override
		public void onError(Throwable error) {
			this.calls.add("error " + error.getClass().getSimpleName());
			throw new IllegalStateException("handler bug");
		}

	}

}
