package io.github.ollamaws.connection;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.ollamaws.core.ConnectionLostException;
import io.github.ollamaws.core.GenerationFailedException;
import io.github.ollamaws.core.GenerationResult;
import io.github.ollamaws.core.ModelNotFoundException;
import io.github.ollamaws.core.OllamaClientObserver;
import io.github.ollamaws.core.TokenHandler;
import io.github.ollamaws.protocol.ServerMessage;
import io.github.ollamaws.protocol.ServerMessageType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for what a {@link StreamingGeneration} tells the others that follow it, on frames
 * the test hands it (no connection: the end-to-end classes cover the wire): its
 * observation (start, first token, outcome), its route (that it ended, before its handler
 * hears of it) and its rerouter (a gateway without the model, before any token only).
 */
class GenerationCallbacksTests {

	private static final URI GATEWAY = URI.create("ws://localhost:1");

	private final List<String> calls = new ArrayList<>();

	private final List<Duration> firstTokens = new ArrayList<>();

	@Test
	void theObservationHearsTheStartOnceTheFirstTokenOnceAndTheOutcome() {
		StreamingGeneration generation = generation();
		long beforeSending = System.nanoTime();
		generation.attach(null);
		generation.onMessage(frame(ServerMessageType.STREAM_START, "llama3:8b", null));
		generation.onMessage(frame(ServerMessageType.STREAM_START, "llama3:8b", null));
		generation.onToken("a");
		long afterFirst = System.nanoTime();
		assertThat(this.firstTokens).singleElement()
			.satisfies((first) -> assertThat(first.toNanos()).isBetween(0L, afterFirst - beforeSending));
		generation.onToken("b");
		generation.onMessage(frame(ServerMessageType.STREAM_END, null, null));
		assertThat(this.firstTokens).hasSize(1);
		assertThat(generation.result())
			.isCompletedWithValueMatching((result) -> result.timeToFirstToken().toNanos() <= afterFirst - beforeSending
					&& result.timeToFirstToken().equals(this.firstTokens.get(0)));
		assertThat(this.calls).containsExactly("observed start llama3:8b", "handler start llama3:8b", "handler token a",
				"handler token b", "route ended", "observed completed ab", "handler complete ab");
	}

	@Test
	void theObservationAndTheRouteHearOfAFailureBeforeTheHandler() {
		StreamingGeneration generation = generation();
		generation.attach(null);
		generation.onToken("a");
		generation.onMessage(error("internal_error", "Ollama crashed"));
		assertThat(generation.result()).isCompletedExceptionally();
		assertThat(this.calls).containsExactly("handler token a", "route ended",
				"observed failed GenerationFailedException after 1", "handler error GenerationFailedException");
	}

	@Test
	void aGatewayWithoutTheModelHandsItToTheRerouterBeforeAnyToken() {
		StreamingGeneration generation = generation();
		List<String> rerouted = new ArrayList<>();
		generation.rerouter(new RecordingRerouter(rerouted, true));
		String firstWireId = generation.wireId();
		generation.attach(null);
		generation.onMessage(error("invalid_model", "model 'requested' not found"));
		assertThat(rerouted).containsExactly("reroute ModelNotFoundException");
		assertThat(generation.wireId()).isNotEqualTo(firstWireId);
		assertThat(generation.result()).isNotDone();
		assertThat(this.calls).isEmpty();
	}

	@Test
	void afterATokenOrWithoutAnotherGatewayTheMissingModelEndsTheGeneration() {
		StreamingGeneration afterAToken = generation();
		List<String> rerouted = new ArrayList<>();
		afterAToken.rerouter(new RecordingRerouter(rerouted, true));
		afterAToken.attach(null);
		afterAToken.onToken("a");
		afterAToken.onMessage(error("invalid_model", "model 'requested' not found"));
		assertThat(rerouted).isEmpty();
		assertThat(afterAToken.result()).failsWithin(Duration.ZERO)
			.withThrowableThat()
			.havingCause()
			.isInstanceOf(ModelNotFoundException.class);

		StreamingGeneration nowhereElse = generation();
		nowhereElse.rerouter(new RecordingRerouter(rerouted, false));
		nowhereElse.attach(null);
		nowhereElse.onMessage(error("invalid_model", "model 'requested' not found"));
		assertThat(rerouted).containsExactly("asked");
		assertThat(nowhereElse.result()).failsWithin(Duration.ZERO)
			.withThrowableThat()
			.havingCause()
			.isInstanceOf(ModelNotFoundException.class);
	}

	@Test
	void anotherErrorIsNeverRerouted() {
		StreamingGeneration generation = generation();
		List<String> rerouted = new ArrayList<>();
		generation.rerouter(new RecordingRerouter(rerouted, true));
		generation.attach(null);
		generation.onMessage(error("internal_error", "Ollama crashed"));
		assertThat(rerouted).isEmpty();
		assertThat(generation.result()).failsWithin(Duration.ZERO)
			.withThrowableThat()
			.havingCause()
			.isInstanceOf(GenerationFailedException.class);
	}

	private StreamingGeneration generation() {
		GenerationSpec spec = new GenerationSpec("requested", "prompt", Map.of(), Duration.ofHours(1), Duration.ZERO);
		StreamingGeneration generation = new StreamingGeneration(spec, new RecordingHandler(this.calls),
				new RecordingObserver(this.calls, this.firstTokens), GATEWAY, true);
		generation.retrier(new StreamingGeneration.Retrier() {

			@Override
			public void retry(StreamingGeneration retried, ConnectionLostException loss) {
				GenerationCallbacksTests.this.calls.add("route retry");
			}

			@Override
			public void ended(StreamingGeneration ended) {
				GenerationCallbacksTests.this.calls.add("route ended");
			}

		});
		return generation;
	}

	private static ServerMessage frame(ServerMessageType type, String model, Number totalTokens) {
		return new ServerMessage(type, type.name().toLowerCase(java.util.Locale.ROOT), "g-1", null, null, model, null,
				null, null, null, null, null, totalTokens, null, false, null);
	}

	private static ServerMessage error(String code, String text) {
		return new ServerMessage(ServerMessageType.ERROR, "error", "g-1", null, null, null, null, null, text, code,
				null, null, null, null, false, null);
	}

	private record RecordingHandler(List<String> calls) implements TokenHandler {

		@Override
		public void onToken(String token) {
			this.calls.add("handler token " + token);
		}

		@Override
		public void onStart(String generationId, String model) {
			this.calls.add("handler start " + model);
		}

		@Override
		public void onComplete(GenerationResult result) {
			this.calls.add("handler complete " + result.text());
		}

		@Override
		public void onError(Throwable error) {
			this.calls.add("handler error " + error.getClass().getSimpleName());
		}

	}

	private record RecordingObserver(List<String> calls, List<Duration> firstTokens) implements OllamaClientObserver {

		@Override
		public GenerationObservation generationStarted(GenerationContext context) {
			return new GenerationObservation() {

				@Override
				public void started(String responseModel) {
					RecordingObserver.this.calls.add("observed start " + responseModel);
				}

				@Override
				public void firstToken(Duration timeToFirstToken) {
					RecordingObserver.this.firstTokens.add(timeToFirstToken);
				}

				@Override
				public void completed(GenerationResult result) {
					RecordingObserver.this.calls.add("observed completed " + result.text());
				}

				@Override
				public void failed(Throwable error, int tokensReceived) {
					RecordingObserver.this.calls
						.add("observed failed " + error.getClass().getSimpleName() + " after " + tokensReceived);
				}

			};
		}

	}

	private record RecordingRerouter(List<String> calls, boolean elsewhere) implements StreamingGeneration.Rerouter {

		@Override
		public boolean canReroute(StreamingGeneration generation) {
			if (!this.elsewhere) {
				this.calls.add("asked");
			}
			return this.elsewhere;
		}

		@Override
		public void reroute(StreamingGeneration generation, ModelNotFoundException error) {
			this.calls.add("reroute " + error.getClass().getSimpleName());
		}

	}

}
