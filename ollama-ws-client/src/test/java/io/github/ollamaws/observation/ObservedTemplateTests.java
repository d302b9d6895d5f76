package io.github.ollamaws.observation;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;

import io.github.ollamaws.client.OllamaTemplate;
import io.github.ollamaws.core.AuthenticationException;
import io.github.ollamaws.core.GenerateRequest;
import io.github.ollamaws.core.Generation;
import io.github.ollamaws.core.GenerationFailedException;
import io.github.ollamaws.core.GenerationResult;
import io.github.ollamaws.event.OllamaAuthenticationFailedEvent;
import io.github.ollamaws.testserver.OllamaWsTestServer;
import io.github.ollamaws.testserver.ScriptedBackend;
import io.github.ollamaws.testserver.ScriptedModel;
import io.github.ollamaws.testserver.TestKeys;
import io.github.ollamaws.testsupport.LiveGateway;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationHandler.FirstMatchingCompositeObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * End-to-end tests of the observer and the template's meters: a real
 * {@link OllamaTemplate} against a real test gateway with scripted models, measured into
 * a {@link SimpleMeterRegistry}.
 */
class ObservedTemplateTests {

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final LiveGateway gateway = LiveGateway.start(OllamaWsTestServer.builder()
		.backend(ScriptedBackend.create()
			.model("three", "a", "b", "c")
			.model("five", "a", "b", "c", "d", "e")
			.model(ScriptedModel.named("slow-start").tokens("x", "y").firstTokenDelay(Duration.ofMillis(300)))
			.model(ScriptedModel.named("breaks").tokenCount(5).failAfter(2))
			.model(ScriptedModel.named("endless").neverAnswers()))
		.maxAuthFailures(3));

	@AfterEach
	void closeGateway() {
		this.gateway.close();
	}

	@Test
	void tokenUsageCountAndTotalEqualTheScript() {
		OllamaTemplate template = observedTemplate();
		List<String> script = List.of("three", "five", "three", "five", "five");
		script.forEach((model) -> template.generate(model, "count"));
		assertThat(tokenUsage("three").count()).isEqualTo(6);
		assertThat(tokenUsage("five").count()).isEqualTo(15);
		assertThat(this.meters.get("gen_ai.client.operation.duration").tag("ollama.ws.outcome", "success").timers())
			.hasSize(2)
			.extracting(Timer::count)
			.containsExactlyInAnyOrder(2L, 3L);
	}

	@Test
	void failedGenerationShowsErrorTypeAndOutcome() {
		OllamaTemplate template = observedTemplate();
		assertThatExceptionOfType(GenerationFailedException.class).isThrownBy(() -> template.generate("breaks", "go"));
		Timer failed = this.meters.get("gen_ai.client.operation.duration")
			.tag("gen_ai.request.model", "breaks")
			.tag("ollama.ws.outcome", "error")
			.tag("error.type", "GenerationFailedException")
			.timer();
		assertThat(failed.count()).isEqualTo(1);
		assertThat(this.meters.get("gen_ai.client.token.usage").tag("gen_ai.request.model", "breaks").counter().count())
			.isEqualTo(2);
	}

	@Test
	void cancelledGenerationShowsCancelledOutcome() throws Exception {
		OllamaTemplate template = observedTemplate();
		Generation generation = template.stream(GenerateRequest.builder("go").model("endless").build(), (token) -> {
		});
		await().atMost(Duration.ofSeconds(5)).until(() -> this.gateway.server().activeGenerations() == 1);
		generation.cancel();
		GenerationResult result = generation.result().get(10, TimeUnit.SECONDS);
		assertThat(result.isCancelled()).isTrue();
		Timer cancelled = this.meters.get("gen_ai.client.operation.duration")
			.tag("gen_ai.request.model", "endless")
			.tag("ollama.ws.outcome", "cancelled")
			.tag("error.type", "none")
			.timer();
		assertThat(cancelled.count()).isEqualTo(1);
	}

	@Test
	void timeToFirstChunkReflectsASlowFirstToken() {
		OllamaTemplate template = observedTemplate();
		template.generate("slow-start", "wait");
		Timer firstChunk = this.meters.get("gen_ai.client.operation.time_to_first_chunk")
			.tag("gen_ai.request.model", "slow-start")
			.timer();
		assertThat(firstChunk.count()).isEqualTo(1);
		assertThat(firstChunk.totalTime(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(300);
	}

	@Test
	void pingsAreTimed() {
		OllamaTemplate template = observedTemplate();
		template.ping();
		template.ping();
		assertThat(this.meters.get("ollama.ws.ping").timer().count()).isEqualTo(2);
		assertThat(this.meters.get("ollama.ws.pool.acquire").timer().count()).isGreaterThanOrEqualTo(2);
	}

	@Test
	void gaugesReflectConnectionsAndRequestsInFlight() {
		OllamaTemplate template = observedTemplate((builder) -> builder.pool((pool) -> pool.size(2).eagerWarmUp(true)));
		new OllamaTemplateMetrics(template).bindTo(this.meters);
		template.start();
		await().atMost(Duration.ofSeconds(5)).until(() -> gauge("ollama.ws.connections", "authenticated") == 2);
		assertThat(gauge("ollama.ws.connections", "open")).isEqualTo(2);
		assertThat(this.meters.get("ollama.ws.requests.active").gauge().value()).isZero();
		List<Generation> running = IntStream.range(0, 3)
			.mapToObj((i) -> template.stream(GenerateRequest.builder("go").model("endless").build(), (token) -> {
			}))
			.toList();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.gateway.server().activeGenerations() == 3);
		assertThat(this.meters.get("ollama.ws.requests.active").gauge().value()).isEqualTo(3);
		running.forEach(Generation::cancel);
		await().atMost(Duration.ofSeconds(5))
			.until(() -> this.meters.get("ollama.ws.requests.active").gauge().value() == 0);
	}

	@Test
	void reconnectsAreCounted() {
		OllamaTemplate template = observedTemplate((builder) -> builder.pool((pool) -> pool.size(1).eagerWarmUp(true)));
		new OllamaTemplateMetrics(template).bindTo(this.meters);
		template.start();
		await().atMost(Duration.ofSeconds(5)).until(() -> gauge("ollama.ws.connections", "authenticated") == 1);
		assertThat(this.meters.get("ollama.ws.reconnects").functionCounter().count()).isZero();
		this.gateway.server().faults().dropAllConnections();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.meters.get("ollama.ws.reconnects").functionCounter().count() >= 1);
		assertThat(this.meters.get("ollama.ws.reconnects").functionCounter().count())
			.isEqualTo(template.poolStatus().reconnects());
	}

	@Test
	void authenticationFailuresAreCountedFromTheTemplatesEvents() throws Exception {
		CountDownLatch failed = new CountDownLatch(1);
		OllamaTemplateMetrics[] metrics = new OllamaTemplateMetrics[1];
		OllamaTemplate template = this.gateway
			.template((builder) -> builder.privateKey(TestKeys.ec().privateKey()).eventListener((event) -> {
				if (event instanceof OllamaAuthenticationFailedEvent failure) {
					metrics[0].onApplicationEvent(failure);
					failed.countDown();
				}
			}));
		metrics[0] = new OllamaTemplateMetrics(template);
		metrics[0].bindTo(this.meters);
		assertThatExceptionOfType(AuthenticationException.class).isThrownBy(template::ping);
		assertThat(failed.await(5, TimeUnit.SECONDS)).isTrue();
		assertThat(this.meters.get("ollama.ws.auth.failures").tag("reason", "rejected").counter().count()).isEqualTo(1);
		assertThat(this.meters.get("ollama.ws.auth.failures").tag("reason", "rate_limited").counter().count()).isZero();
	}

	private OllamaTemplate observedTemplate() {
		return observedTemplate(UnaryOperator.identity());
	}

	private OllamaTemplate observedTemplate(UnaryOperator<OllamaTemplate.Builder> customizer) {
		ObservationRegistry observations = ObservationRegistry.create();
		observations.observationConfig()
			.observationHandler(
					new FirstMatchingCompositeObservationHandler(new GenerationMeterObservationHandler(this.meters),
							new DefaultMeterObservationHandler(this.meters)));
		MicrometerOllamaClientObserver observer = new MicrometerOllamaClientObserver(observations, this.meters);
		return this.gateway.template((builder) -> customizer.apply(builder.observer(observer)));
	}

	private Counter tokenUsage(String model) {
		return this.meters.get("gen_ai.client.token.usage")
			.tag("gen_ai.request.model", model)
			.tag("gen_ai.response.model", model)
			.tag("gen_ai.token.type", "output")
			.tag("gen_ai.system", "ollama")
			.counter();
	}

	private double gauge(String name, String state) {
		return this.meters.get(name).tag("state", state).gauge().value();
	}

}
