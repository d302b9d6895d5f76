package io.github.ollamaws.connection;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.github.ollamaws.client.OllamaTemplate;
import io.github.ollamaws.client.OllamaTemplateInternals;
import io.github.ollamaws.core.ConnectionLostException;
import io.github.ollamaws.core.FinishReason;
import io.github.ollamaws.core.OllamaClientObserver;
import io.github.ollamaws.protocol.ServerMessage;
import io.github.ollamaws.protocol.ServerMessageType;
import io.github.ollamaws.testserver.TestKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for a {@link GatewayConnection} that never opened (no WebSocket, nothing on the
 * wire): what it does with a generation handed to it, a cancel, and a close. The pool
 * meets such a connection when a request takes a slot just as the connection closes.
 */
class UnopenedConnectionTests {

	private final ConnectionFactory factory = new ConnectionFactory(
			OllamaTemplateInternals.settings(OllamaTemplate.builder()
				.url("ws://localhost:1")
				.clientId("unopened")
				.privateKey(TestKeys.ec().privateKey())));

	private final List<String> told = new ArrayList<>();

	private final GatewayConnection connection = this.factory.create(new RecordingListener(this.told));

	@AfterEach
	void closeFactory() {
		this.factory.close();
	}

	@Test
	void aGenerationThatEndedIsNotSentAndItsSlotIsTheCallers() {
		StreamingGeneration cancelled = generation();
		cancelled.cancel();
		assertThat(this.connection.dispatch(cancelled)).isFalse();
		assertThat(this.told).isEmpty();
	}

	@Test
	void aGenerationHandedToAConnectionThatIsNotReadyGoesElsewhereUnsent() {
		StreamingGeneration generation = generation();
		List<ConnectionLostException> movedOn = new ArrayList<>();
		generation.retrier((retried, loss) -> movedOn.add(loss));
		assertThat(this.connection.dispatch(generation)).isTrue();
		assertThat(movedOn).singleElement()
			.satisfies((loss) -> assertThat(loss).hasMessageContaining("closed before the request was sent"));
		assertThat(generation.result()).isNotDone();
	}

	@Test
	void aCancelledGenerationWaitsForTheGatewaysConfirmationUntilTheGracePeriodEnds() {
		StreamingGeneration generation = generation();
		generation.attach(this.connection);
		long before = System.nanoTime();
		assertThat(generation.cancel()).isTrue();
		long after = System.nanoTime();
		generation.checkTimeout(before + StreamingGeneration.CANCEL_GRACE.toNanos() - 1);
		assertThat(generation.result()).isNotDone();
		generation.checkTimeout(after + StreamingGeneration.CANCEL_GRACE.toNanos());
		assertThat(generation.result())
			.isCompletedWithValueMatching((result) -> result.finishReason() == FinishReason.CANCELLED);
	}

	@Test
	void theGatewaysAnswerToAStopEndsTheGenerationCancelledAtOnce() {
		for (ServerMessage answer : List.of(frame(ServerMessageType.STREAM_END, true, null),
				frame(ServerMessageType.ERROR, false, "Generation aborted"))) {
			StreamingGeneration generation = generation();
			generation.attach(this.connection);
			generation.onToken("par");
			generation.cancel();
			generation.onMessage(answer);
			assertThat(generation.result()).as(answer.rawType())
				.isCompletedWithValueMatching(
						(result) -> result.finishReason() == FinishReason.CANCELLED && result.text().equals("par"));
		}
	}

	@Test
	void aCallHandedToAConnectionThatIsNotReadyFailsAtOnceUnsent() {
		assertThat(this.connection.models(Duration.ofSeconds(30))).failsWithin(Duration.ZERO)
			.withThrowableThat()
			.havingCause()
			.isInstanceOf(ConnectionLostException.class)
			.withMessageContaining("closed before the request was sent");
		assertThat(this.connection).hasToString("GatewayConnection[ollama-ws-1, NEW, 0 pending]");
	}

	@Test
	void aCancelledGenerationThatCannotBeSentOrIsLostEndsCancelled() {
		ConnectionLostException loss = new ConnectionLostException("lost", 1006, "", null);
		StreamingGeneration notSent = generation();
		notSent.attach(this.connection);
		notSent.cancel();
		notSent.failBeforeSending(loss);
		StreamingGeneration lost = generation();
		lost.retrier((retried, error) -> {
			throw new AssertionError("a cancelled generation is not retried");
		});
		lost.attach(this.connection);
		lost.cancel();
		lost.onConnectionLost(loss);
		for (StreamingGeneration generation : List.of(notSent, lost)) {
			assertThat(generation.result()).as(generation.toString())
				.isCompletedWithValueMatching((result) -> result.finishReason() == FinishReason.CANCELLED);
		}
		assertThat(lost).hasToString("Generation[" + lost.id() + "]");
	}

	@Test
	void aGenerationNotSentWithNowhereElseToGoFailsWithTheLoss() {
		StreamingGeneration generation = generation();
		ConnectionLostException loss = new ConnectionLostException("lost", 1006, "", null);
		generation.onNotSent(loss);
		assertThat(generation.result()).failsWithin(Duration.ZERO)
			.withThrowableThat()
			.havingCause()
			.isInstanceOf(ConnectionLostException.class)
			.withMessage("lost");
	}

	@Test
	void closingItTellsThePoolItNeverOpened() {
		this.connection.close("shutdown");
		assertThat(this.told).containsExactly("closed wasOpen=false 1001 shutdown");
		assertThat(this.connection.isReady()).isFalse();
		assertThat(this.connection.isOpen()).isFalse();
		this.connection.close("again");
		assertThat(this.told).hasSize(1);
	}

	private static StreamingGeneration generation() {
		GenerationSpec spec = new GenerationSpec("llama3", "prompt", Map.of(), Duration.ofHours(1), Duration.ZERO);
		return new StreamingGeneration(spec, (token) -> {
		}, OllamaClientObserver.NOOP, URI.create("ws://localhost:1"), true);
	}

	private static ServerMessage frame(ServerMessageType type, boolean cancelled, String error) {
		return new ServerMessage(type, type.name().toLowerCase(Locale.ROOT), "g-1", null, null, null, null, null, error,
				null, null, null, null, null, cancelled, null);
	}

	private record RecordingListener(List<String> told) implements GatewayConnection.Listener {

		@Override
		public void opened(GatewayConnection connection) {
			this.told.add("opened");
		}

		@Override
		public void released(GatewayConnection connection) {
			this.told.add("released");
		}

		@Override
		public void closed(GatewayConnection connection, boolean wasOpen, int code, String reason) {
			this.told.add("closed wasOpen=" + wasOpen + " " + code + " " + reason);
		}

	}

}
