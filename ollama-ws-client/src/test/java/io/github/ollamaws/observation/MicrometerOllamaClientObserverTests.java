package io.github.ollamaws.observation;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.github.ollamaws.core.ConnectionLostException;
import io.github.ollamaws.core.FinishReason;
import io.github.ollamaws.core.GenerationResult;
import io.github.ollamaws.core.OllamaClientObserver.GenerationContext;
import io.github.ollamaws.core.OllamaClientObserver.GenerationObservation;
import io.github.ollamaws.core.OllamaTimeoutException;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationHandler.FirstMatchingCompositeObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MicrometerOllamaClientObserver}, driven through the observer SPI as
 * the client calls it.
 */
class MicrometerOllamaClientObserverTests {

	private static final URI GATEWAY = URI.create("ws://127.0.0.1:3456/ws");

	private final SimpleMeterRegistry meterRegistry = new SimpleMeterRegistry();

	@Test
	void theHandlerAndTheConventionTakeOnlyGenerations() {
		// An application's registry carries other observations too: ours must leave them
		// to other handlers.
		Observation.Context other = new Observation.Context();
		GenerationObservationContext generation = new GenerationObservationContext("g-1", "llama3", null);
		GenerationMeterObservationHandler handler = new GenerationMeterObservationHandler(new SimpleMeterRegistry());
		assertThat(handler.supportsContext(other)).isFalse();
		assertThat(handler.supportsContext(generation)).isTrue();
		DefaultGenerationObservationConvention convention = new DefaultGenerationObservationConvention();
		assertThat(convention.supportsContext(other)).isFalse();
		assertThat(convention.supportsContext(generation)).isTrue();
	}

	@Test
	void generationIsOneObservationWithGenAiKeyValues() {
		TestObservationRegistry observations = TestObservationRegistry.create();
		MicrometerOllamaClientObserver observer = new MicrometerOllamaClientObserver(observations, null);
		GenerationObservation generation = observer
			.generationStarted(new GenerationContext("gen-1", "llama3", GATEWAY));
		generation.started("llama3:8b");
		generation.firstToken(Duration.ofMillis(40));
		generation.completed(result("gen-1", "llama3:8b", 7, FinishReason.COMPLETED));
		TestObservationRegistryAssert.assertThat(observations)
			.hasNumberOfObservationsWithNameEqualTo("gen_ai.client.operation", 1)
			.hasSingleObservationThat()
			.hasNameEqualTo("gen_ai.client.operation")
			.hasContextualNameEqualTo("text_completion llama3")
			.hasBeenStarted()
			.hasBeenStopped()
			.doesNotHaveError()
			.hasLowCardinalityKeyValue("gen_ai.operation.name", "text_completion")
			.hasLowCardinalityKeyValue("gen_ai.provider.name", "ollama")
			.hasLowCardinalityKeyValue("gen_ai.request.model", "llama3")
			.hasLowCardinalityKeyValue("gen_ai.response.model", "llama3:8b")
			.hasLowCardinalityKeyValue("error.type", "none")
			.hasLowCardinalityKeyValue("server.address", "127.0.0.1")
			.hasLowCardinalityKeyValue("server.port", "3456")
			.hasLowCardinalityKeyValue("ollama.ws.outcome", "success")
			.hasHighCardinalityKeyValue("gen_ai.response.id", "gen-1")
			.hasHighCardinalityKeyValue("gen_ai.usage.output_tokens", "7");
	}

	@Test
	void generationIsChildOfTheObservationCurrentWhereItStarted() throws InterruptedException {
		TestObservationRegistry observations = TestObservationRegistry.create();
		MicrometerOllamaClientObserver observer = new MicrometerOllamaClientObserver(observations, null);
		Observation request = Observation.start("http.server.requests", observations);
		GenerationObservation generation = request
			.scoped(() -> observer.generationStarted(new GenerationContext("gen-1", "llama3", GATEWAY)));
		// Ends on another thread, as it does on a connection's I/O thread.
		Thread ioThread = new Thread(() -> generation.completed(result("gen-1", "llama3", 1, FinishReason.COMPLETED)));
		ioThread.start();
		ioThread.join();
		request.stop();
		TestObservationRegistryAssert.assertThat(observations)
			.hasObservationWithNameEqualTo("gen_ai.client.operation")
			.that()
			.hasBeenStopped()
			.hasParentObservationEqualTo(request);
	}

	@Test
	void observationRecordsNoPromptOrCompletion() {
		TestObservationRegistry observations = TestObservationRegistry.create();
		MicrometerOllamaClientObserver observer = new MicrometerOllamaClientObserver(observations, null);
		observer.generationStarted(new GenerationContext("gen-1", "llama3", GATEWAY))
			.completed(new GenerationResult("gen-1", "llama3", "the secret completion", 3, Duration.ofMillis(5),
					Duration.ofMillis(1), FinishReason.COMPLETED));
		TestObservationRegistryAssert.assertThat(observations).hasSingleObservationThat().satisfies((context) -> {
			KeyValues all = context.getAllKeyValues();
			assertThat(all.stream().map(KeyValue::getValue)).noneMatch((value) -> value.contains("secret"));
			assertThat(all.stream().map(KeyValue::getKey)).containsExactlyInAnyOrder("gen_ai.operation.name",
					"gen_ai.provider.name", "gen_ai.request.model", "gen_ai.response.model", "error.type",
					"server.address", "server.port", "ollama.ws.outcome", "gen_ai.response.id",
					"gen_ai.usage.output_tokens");
		});
	}

	@Test
	void failedGenerationHasErrorTypeAndErrorOutcome() {
		TestObservationRegistry observations = TestObservationRegistry.create();
		MicrometerOllamaClientObserver observer = new MicrometerOllamaClientObserver(observations, null);
		ConnectionLostException error = new ConnectionLostException("lost", 1006, "par", null);
		GenerationObservation generation = observer.generationStarted(new GenerationContext("gen-2", null, GATEWAY));
		generation.failed(error, 2);
		TestObservationRegistryAssert.assertThat(observations)
			.hasSingleObservationThat()
			.hasError(error)
			.hasContextualNameEqualTo("text_completion")
			.hasLowCardinalityKeyValue("error.type", "ConnectionLostException")
			.hasLowCardinalityKeyValue("ollama.ws.outcome", "error")
			.hasLowCardinalityKeyValue("gen_ai.request.model", "none")
			.hasLowCardinalityKeyValue("gen_ai.response.model", "none")
			.hasHighCardinalityKeyValue("gen_ai.usage.output_tokens", "2");
	}

	@Test
	void errorWithoutSimpleNameIsOther() {
		TestObservationRegistry observations = TestObservationRegistry.create();
		MicrometerOllamaClientObserver observer = new MicrometerOllamaClientObserver(observations, null);
		observer.generationStarted(new GenerationContext("gen-3", "llama3", GATEWAY))
			.failed(new IllegalStateException("anonymous") {
			}, 0);
		TestObservationRegistryAssert.assertThat(observations)
			.hasSingleObservationThat()
			.hasLowCardinalityKeyValue("error.type", "_OTHER");
	}

	@Test
	void cancelledGenerationHasCancelledOutcome() {
		TestObservationRegistry observations = TestObservationRegistry.create();
		MicrometerOllamaClientObserver observer = new MicrometerOllamaClientObserver(observations, null);
		observer.generationStarted(new GenerationContext("gen-4", "llama3", GATEWAY))
			.completed(result("gen-4", "llama3", 1, FinishReason.CANCELLED));
		TestObservationRegistryAssert.assertThat(observations)
			.hasSingleObservationThat()
			.doesNotHaveError()
			.hasLowCardinalityKeyValue("ollama.ws.outcome", "cancelled")
			.hasLowCardinalityKeyValue("error.type", "none");
	}

	@Test
	void secondEndIsIgnored() {
		TestObservationRegistry observations = TestObservationRegistry.create();
		MicrometerOllamaClientObserver observer = new MicrometerOllamaClientObserver(observations, null);
		GenerationObservation generation = observer.generationStarted(new GenerationContext("gen-5", "m", GATEWAY));
		generation.completed(result("gen-5", "m", 4, FinishReason.COMPLETED));
		generation.failed(new IllegalStateException("late"), 4);
		TestObservationRegistryAssert.assertThat(observations)
			.hasSingleObservationThat()
			.doesNotHaveError()
			.hasLowCardinalityKeyValue("ollama.ws.outcome", "success");
	}

	@Test
	void defaultPortFollowsScheme() {
		TestObservationRegistry observations = TestObservationRegistry.create();
		MicrometerOllamaClientObserver observer = new MicrometerOllamaClientObserver(observations, null);
		observer.generationStarted(new GenerationContext("gen-6", "m", URI.create("wss://gateway.example.com/ws")))
			.completed(result("gen-6", "m", 1, FinishReason.COMPLETED));
		TestObservationRegistryAssert.assertThat(observations)
			.hasSingleObservationThat()
			.hasLowCardinalityKeyValue("server.address", "gateway.example.com")
			.hasLowCardinalityKeyValue("server.port", "443");
	}

	@Test
	void firstTokenIsAnEventOfTheObservation() {
		ObservationRegistry observations = ObservationRegistry.create();
		List<String> events = new CopyOnWriteArrayList<>();
		observations.observationConfig().observationHandler(new ObservationHandler<>() {

			@Override
			public void onEvent(Observation.Event event, Observation.Context context) {
				events.add(event.getName());
			}

			@Override
			public boolean supportsContext(Observation.Context context) {
				return true;
			}

		});
		MicrometerOllamaClientObserver observer = new MicrometerOllamaClientObserver(observations, null);
		GenerationObservation generation = observer.generationStarted(new GenerationContext("gen-7", "m", GATEWAY));
		generation.firstToken(Duration.ofMillis(3));
		generation.completed(result("gen-7", "m", 1, FinishReason.COMPLETED));
		assertThat(events).containsExactly("gen_ai.first_token");
	}

	@Test
	void userConventionReplacesDefault() {
		TestObservationRegistry observations = TestObservationRegistry.create();
		MicrometerOllamaClientObserver observer = new MicrometerOllamaClientObserver(observations, null);
		observer.setObservationConvention(new DefaultGenerationObservationConvention() {

			@Override
			public String getName() {
				return "my.generation";
			}

			@Override
			protected KeyValue errorType(GenerationObservationContext context) {
				return KeyValue.of("error.type", "custom");
			}

		});
		observer.generationStarted(new GenerationContext("gen-8", "m", GATEWAY))
			.completed(result("gen-8", "m", 1, FinishReason.COMPLETED));
		TestObservationRegistryAssert.assertThat(observations)
			.hasSingleObservationThat()
			.hasNameEqualTo("my.generation")
			.hasLowCardinalityKeyValue("error.type", "custom");
	}

	@Test
	void tokenUsageCountAndTotalEqualTheScript() {
		MicrometerOllamaClientObserver observer = new MicrometerOllamaClientObserver(meteredObservations(), null);
		int[] script = { 3, 5, 8, 13 };
		for (int i = 0; i < script.length; i++) {
			observer.generationStarted(new GenerationContext("gen-" + i, "llama3", GATEWAY))
				.completed(result("gen-" + i, "llama3", script[i], FinishReason.COMPLETED));
		}
		Counter usage = this.meterRegistry.get("gen_ai.client.token.usage")
			.tag("gen_ai.token.type", "output")
			.tag("gen_ai.operation.name", "text_completion")
			.tag("gen_ai.system", "ollama")
			.tag("gen_ai.request.model", "llama3")
			.tag("gen_ai.response.model", "llama3")
			.counter();
		assertThat(usage.count()).isEqualTo(29);
		// Spring AI's shape exactly: the same tag keys, no base unit.
		assertThat(usage.getId().getTags()).extracting(io.micrometer.core.instrument.Tag::getKey)
			.containsExactlyInAnyOrder("gen_ai.token.type", "gen_ai.operation.name", "gen_ai.system",
					"gen_ai.request.model", "gen_ai.response.model");
		assertThat(usage.getId().getBaseUnit()).isNull();
		assertThat(this.meterRegistry.get("gen_ai.client.operation.duration").timer().count()).isEqualTo(4);
	}

	@Test
	void operationDurationReplacesTheDefaultHandlersTimer() {
		MicrometerOllamaClientObserver observer = new MicrometerOllamaClientObserver(meteredObservations(), null);
		observer.generationStarted(new GenerationContext("gen-1", "llama3", GATEWAY))
			.completed(result("gen-1", "llama3", 2, FinishReason.COMPLETED));
		assertThat(this.meterRegistry.find("gen_ai.client.operation.duration").timers()).hasSize(1);
		assertThat(this.meterRegistry.find("gen_ai.client.operation").meters()).isEmpty();
		assertThat(this.meterRegistry.find("gen_ai.client.operation.active").meters()).isEmpty();
	}

	@Test
	void metersCarryOutcomeAndErrorType() {
		MicrometerOllamaClientObserver observer = new MicrometerOllamaClientObserver(meteredObservations(), null);
		observer.generationStarted(new GenerationContext("ok", "llama3", GATEWAY))
			.completed(result("ok", "llama3", 4, FinishReason.COMPLETED));
		observer.generationStarted(new GenerationContext("stop", "llama3", GATEWAY))
			.completed(result("stop", "llama3", 1, FinishReason.CANCELLED));
		observer.generationStarted(new GenerationContext("fail", "llama3", GATEWAY))
			.failed(new OllamaTimeoutException(OllamaTimeoutException.Kind.IDLE, Duration.ofSeconds(1), ""), 2);
		assertThat(durationCount("success", "none")).isEqualTo(1);
		assertThat(durationCount("cancelled", "none")).isEqualTo(1);
		assertThat(durationCount("error", "OllamaTimeoutException")).isEqualTo(1);
		// Tokens count whatever the outcome: 4 + 1, and 2 under response model "none" (it
		// never said).
		assertThat(this.meterRegistry.get("gen_ai.client.token.usage")
			.tag("gen_ai.response.model", "llama3")
			.counter()
			.count()).isEqualTo(5);
		assertThat(this.meterRegistry.get("gen_ai.client.token.usage")
			.tag("gen_ai.response.model", "none")
			.counter()
			.count()).isEqualTo(2);
		assertThat(this.meterRegistry.get("gen_ai.client.operation.duration").timers())
			.allSatisfy((timer) -> assertThat(timer.getId().getTags()).map(io.micrometer.core.instrument.Tag::getKey)
				.doesNotContain("gen_ai.response.id", "gen_ai.usage.output_tokens"));
	}

	@Test
	void timeToFirstChunkIsRecordedForGenerationsWithATokenOnly() {
		MicrometerOllamaClientObserver observer = new MicrometerOllamaClientObserver(meteredObservations(), null);
		GenerationObservation generation = observer
			.generationStarted(new GenerationContext("gen-1", "llama3", GATEWAY));
		generation.firstToken(Duration.ofMillis(250));
		generation.completed(result("gen-1", "llama3", 2, FinishReason.COMPLETED));
		observer.generationStarted(new GenerationContext("gen-2", "llama3", GATEWAY))
			.failed(new IllegalStateException("no token"), 0);
		Timer firstChunk = this.meterRegistry.get("gen_ai.client.operation.time_to_first_chunk").timer();
		assertThat(firstChunk.count()).isEqualTo(1);
		assertThat(firstChunk.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(250);
	}

	@Test
	void aGenerationThatFailsAfterItsFirstTokenKeepsItsResponseModelAndTimeToFirstToken() {
		// completed() sets both from the result; a failure has no result, so what
		// started()
		// and firstToken() said is all there is.
		MicrometerOllamaClientObserver observer = new MicrometerOllamaClientObserver(meteredObservations(), null);
		GenerationObservation generation = observer
			.generationStarted(new GenerationContext("gen-1", "llama3", GATEWAY));
		generation.started("llama3:8b");
		generation.firstToken(Duration.ofMillis(120));
		generation.failed(new ConnectionLostException("lost", 1006, "", null), 3);
		Timer firstChunk = this.meterRegistry.get("gen_ai.client.operation.time_to_first_chunk")
			.tag("gen_ai.response.model", "llama3:8b")
			.tag("ollama.ws.outcome", "error")
			.timer();
		assertThat(firstChunk.count()).isEqualTo(1);
		assertThat(firstChunk.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(120);
		assertThat(this.meterRegistry.get("gen_ai.client.token.usage")
			.tag("gen_ai.response.model", "llama3:8b")
			.counter()
			.count()).isEqualTo(3);
	}

	@Test
	void theTimeToFirstTokenComesFromTheResultUnlessTheFirstTokenSaidIt() {
		MicrometerOllamaClientObserver observer = new MicrometerOllamaClientObserver(meteredObservations(), null);
		observer.generationStarted(new GenerationContext("gen-1", "llama3", GATEWAY))
			.completed(new GenerationResult("gen-1", "llama3", "abc", 3, Duration.ofMillis(900), Duration.ofMillis(300),
					FinishReason.COMPLETED));
		GenerationObservation seen = observer.generationStarted(new GenerationContext("gen-2", "llama3", GATEWAY));
		seen.firstToken(Duration.ofMillis(250));
		seen.completed(new GenerationResult("gen-2", "llama3", "abc", 3, Duration.ofMillis(900), Duration.ofMillis(400),
				FinishReason.COMPLETED));
		Timer firstChunk = this.meterRegistry.get("gen_ai.client.operation.time_to_first_chunk").timer();
		assertThat(firstChunk.count()).isEqualTo(2);
		assertThat(firstChunk.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(300 + 250);
	}

	@Test
	void pingAndSlotWaitsAreTimed() {
		MicrometerOllamaClientObserver observer = new MicrometerOllamaClientObserver(ObservationRegistry.NOOP,
				this.meterRegistry);
		observer.pingCompleted(Duration.ofMillis(12));
		observer.pingCompleted(Duration.ofMillis(8));
		observer.slotAcquired(Duration.ofMillis(30));
		Timer ping = this.meterRegistry.get("ollama.ws.ping").timer();
		assertThat(ping.count()).isEqualTo(2);
		assertThat(ping.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(20);
		Timer acquire = this.meterRegistry.get("ollama.ws.pool.acquire").timer();
		assertThat(acquire.count()).isEqualTo(1);
		assertThat(acquire.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(30);
	}

	@Test
	void withoutMeterRegistryPingsAndWaitsAreIgnored() {
		MicrometerOllamaClientObserver observer = new MicrometerOllamaClientObserver(ObservationRegistry.NOOP, null);
		observer.pingCompleted(Duration.ofMillis(12));
		observer.slotAcquired(Duration.ofMillis(30));
		observer.generationStarted(new GenerationContext("gen-1", "m", GATEWAY))
			.completed(result("gen-1", "m", 1, FinishReason.COMPLETED));
		assertThat(this.meterRegistry.getMeters()).isEmpty();
	}

	private double durationCount(String outcome, String errorType) {
		return this.meterRegistry.get("gen_ai.client.operation.duration")
			.tag("ollama.ws.outcome", outcome)
			.tag("error.type", errorType)
			.timer()
			.count();
	}

	private ObservationRegistry meteredObservations() {
		ObservationRegistry observations = ObservationRegistry.create();
		observations.observationConfig()
			.observationHandler(new FirstMatchingCompositeObservationHandler(
					new GenerationMeterObservationHandler(this.meterRegistry),
					new DefaultMeterObservationHandler(this.meterRegistry)));
		return observations;
	}

	private static GenerationResult result(String id, String model, int tokens, FinishReason reason) {
		return new GenerationResult(id, model, "x".repeat(tokens), tokens, Duration.ofMillis(10), null, reason);
	}

}
