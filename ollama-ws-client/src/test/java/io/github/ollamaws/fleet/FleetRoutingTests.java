package io.github.ollamaws.fleet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.github.ollamaws.client.OllamaTemplate;
import io.github.ollamaws.core.GenerateRequest;
import io.github.ollamaws.core.GenerationResult;
import io.github.ollamaws.core.ModelInfo;
import io.github.ollamaws.core.ModelNotFoundException;
import io.github.ollamaws.event.OllamaAuthenticatedEvent;
import io.github.ollamaws.observation.GenerationMeterObservationHandler;
import io.github.ollamaws.observation.MicrometerOllamaClientObserver;
import io.github.ollamaws.testserver.ScriptedBackend;
import io.github.ollamaws.testserver.ScriptedModel;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationHandler.FirstMatchingCompositeObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * One template over three real gateways: requests spread evenly, go where their model is,
 * and the union of models, pings, statuses and events say which gateway.
 */
class FleetRoutingTests extends FleetTestSupport {

	private static final int STREAMS = 600;

	@Test
	void spreadsStreamsEvenlyOverThreeGatewaysAndEveryTextIsExact() throws Exception {
		// Every stream is in flight at once (its first token comes after 2 s): the split
		// then shows the routing, not which gateway a loaded machine happened to run
		// first
		// (least loaded sends more to a gateway that finishes sooner, as it should).
		Gateway[] gateways = { slowStartEchoGateway(), slowStartEchoGateway(), slowStartEchoGateway() };
		OllamaTemplate template = fleet((builder) -> builder.defaultModel("echo"), gateways);
		template.start();
		awaitServing(template, "echo", 3);
		List<CompletableFuture<GenerationResult>> results = new ArrayList<>();
		List<String> prompts = new ArrayList<>();
		for (int i = 0; i < STREAMS; i++) {
			String prompt = "stream " + i + " of " + STREAMS + " over the fleet";
			prompts.add(prompt);
			results.add(template.stream(GenerateRequest.of(prompt), (token) -> {
			}).result());
		}
		for (int i = 0; i < STREAMS; i++) {
			assertThat(results.get(i).get(60, TimeUnit.SECONDS).text()).isEqualTo(prompts.get(i));
		}
		int even = STREAMS / gateways.length;
		for (Gateway gateway : gateways) {
			assertThat(gateway.generations()).isBetween(even - even / 10, even + even / 10);
		}
		assertThat(gateways[0].generations() + gateways[1].generations() + gateways[2].generations())
			.isEqualTo(STREAMS);
	}

	@Test
	void requestsGoToTheLeastLoadedGateway() throws Exception {
		Gateway busy = startGateway(echoBackend().model(ScriptedModel.named("long").tokens("l").neverAnswers()));
		Gateway idle1 = echoGateway();
		Gateway idle2 = echoGateway();
		OllamaTemplate template = fleet(busy, idle1, idle2);
		template.start();
		awaitServing(template, "long", 1);
		awaitServing(template, "echo", 3);
		for (int i = 0; i < 10; i++) {
			template.stream(GenerateRequest.builder("x").model("long").build(), (token) -> {
			});
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> busy.server().activeGenerations() == 10);
		// Ten in flight on one gateway: the next twenty fill the two others first.
		List<CompletableFuture<GenerationResult>> results = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			results.add(template.generateAsync(GenerateRequest.builder("y").model("echo").build()));
		}
		for (CompletableFuture<GenerationResult> result : results) {
			assertThat(result.get(30, TimeUnit.SECONDS).text()).isEqualTo("y");
		}
		assertThat(busy.generations("echo")).isZero();
		assertThat(idle1.generations("echo") + idle2.generations("echo")).isEqualTo(20);
	}

	@Test
	void modelServedByOneGatewayOnlyAlwaysGoesThere() throws Exception {
		Gateway plain1 = echoGateway();
		Gateway special = startGateway(echoBackend().model("special", "only", " here"));
		Gateway plain2 = echoGateway();
		OllamaTemplate template = fleet(plain1, special, plain2);
		template.start();
		awaitServing(template, "echo", 3);
		awaitServing(template, "special", 1);
		List<CompletableFuture<GenerationResult>> results = new ArrayList<>();
		for (int i = 0; i < 30; i++) {
			results.add(template.generateAsync(GenerateRequest.builder("x").model("special").build()));
		}
		for (CompletableFuture<GenerationResult> result : results) {
			assertThat(result.get(30, TimeUnit.SECONDS).text()).isEqualTo("only here");
		}
		assertThat(special.generations("special")).isEqualTo(30);
		assertThat(plain1.generations()).isZero();
		assertThat(plain2.generations()).isZero();
	}

	@Test
	void modelNotFoundOnOneGatewayWhileAnotherListsItIsRoutedThere() throws Exception {
		Gateway stale = startGateway(echoBackend().model("moving", "moved", " here"));
		Gateway current = startGateway(echoBackend().model("moving", "moved", " here"));
		OllamaTemplate template = fleet(stale, current);
		template.start();
		awaitServing(template, "moving", 2);
		// The stale gateway still lists it for the template, but no longer has it.
		stale.server().scriptedBackend().remove("moving");
		for (int i = 0; i < 10; i++) {
			GenerationResult result = template.generate(GenerateRequest.builder("x").model("moving").build());
			assertThat(result.text()).isEqualTo("moved here");
		}
		// Once told, the template sends no more requests for it to the stale gateway.
		assertThat(stale.generations("moving")).isLessThanOrEqualTo(1);
		assertThat(current.generations("moving")).isEqualTo(10);
		assertThat(status(template, stale).serves("moving")).isFalse();
	}

	@Test
	void modelNoGatewayHasFailsTyped() {
		Gateway first = echoGateway();
		Gateway second = echoGateway();
		OllamaTemplate template = fleet(first, second);
		template.start();
		awaitServing(template, "echo", 2);
		assertThatExceptionOfType(ModelNotFoundException.class)
			.isThrownBy(() -> template.generate(GenerateRequest.builder("x").model("nowhere").build()))
			.satisfies((ex) -> assertThat(ex.model()).isEqualTo("nowhere"));
		// Asked of one gateway: no other lists it, so it is not sent on to one that
		// does not either.
		assertThat(first.generations("nowhere") + second.generations("nowhere")).isEqualTo(1);
	}

	@Test
	void aModelNoGatewayListsYetGoesToAGatewayThatIsUp() throws Exception {
		Gateway working = echoGateway();
		// Lists are not refreshed during the test; the unreachable gateway is never up.
		OllamaTemplate template = track(builder().gateway(GatewayEndpoint.of("ws://127.0.0.1:1", "nobody"))
			.gateway(working.endpoint())
			.discovery((discovery) -> discovery.refreshInterval(Duration.ofMinutes(10)))
			.pool((pool) -> pool.acquireTimeout(Duration.ofSeconds(1)))
			.build());
		template.start();
		awaitServing(template, "echo", 1);
		working.server().scriptedBackend().model("unlisted", "u");
		List<CompletableFuture<GenerationResult>> results = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			results.add(template.generateAsync(GenerateRequest.builder("x").model("unlisted").build()));
		}
		for (CompletableFuture<GenerationResult> result : results) {
			assertThat(result.get(10, TimeUnit.SECONDS).text()).isEqualTo("u");
		}
	}

	@Test
	void aGatewayThatNoLongerHasAModelForgetsItUnderItsLatestNameToo() throws Exception {
		Gateway stale = startGateway(echoBackend().model("moving:latest", "old"));
		Gateway current = startGateway(echoBackend().model("moving", "moved"));
		OllamaTemplate template = fleet(stale, current);
		template.start();
		awaitServing(template, "moving", 2);
		stale.server().scriptedBackend().remove("moving:latest");
		for (int i = 0; i < 10; i++) {
			assertThat(template.generate(GenerateRequest.builder("x").model("moving").build()).text())
				.isEqualTo("moved");
		}
		assertThat(stale.generations("moving")).isLessThanOrEqualTo(1);
		assertThat(status(template, stale).serves("moving")).isFalse();
		assertThat(status(template, stale).models()).containsExactly("echo");
	}

	@Test
	void listsTheUnionOfModelsWithTheGatewaysThatServeThem() {
		Gateway first = startGateway(echoBackend().model("a-only", "a"));
		Gateway second = startGateway(echoBackend().model("b-only", "b"));
		OllamaTemplate template = fleet(first, second);
		List<FleetModelInfo> models = template.listFleetModels();
		assertThat(models).extracting(FleetModelInfo::name).containsExactly("a-only", "echo", "b-only");
		assertThat(models).filteredOn((model) -> model.name().equals("echo"))
			.singleElement()
			.satisfies((model) -> assertThat(model.gateways()).containsExactly(first.endpoint(), second.endpoint()));
		assertThat(models).filteredOn((model) -> model.name().equals("b-only"))
			.singleElement()
			.satisfies((model) -> assertThat(model.gateways()).containsExactly(second.endpoint()));
		assertThat(template.listModels()).extracting(ModelInfo::name).containsExactly("a-only", "echo", "b-only");
		assertThat(template.gatewayStatuses()).extracting(GatewayStatus::models)
			.containsExactly(List.of("a-only", "echo"), List.of("b-only", "echo"));
	}

	@Test
	void pingsEveryGatewayAndReportsEachStatus() {
		Gateway first = echoGateway();
		Gateway second = echoGateway();
		OllamaTemplate template = fleet(first, second);
		template.start();
		awaitServing(template, "echo", 2);
		assertThat(template.pingAll()).extracting(GatewayPing::gateway)
			.containsExactly(first.endpoint(), second.endpoint());
		assertThat(template.pingAll()).allSatisfy((ping) -> assertThat(ping.roundTrip()).isPositive());
		assertThat(template.ping()).isPositive();
		assertThat(template.gatewayStatuses()).allSatisfy((status) -> {
			assertThat(status.state()).isEqualTo(GatewayStatus.State.UP);
			assertThat(status.reason()).isNull();
			assertThat(status.authenticatedConnections()).isEqualTo(2);
			assertThat(status.modelsFetchedAt()).isNotNull();
		});
		assertThat(template.poolStatus().authenticated()).isEqualTo(4);
	}

	@Test
	void aTemplateBuiltWithOneUrlReportsItsOneGateway() {
		Gateway only = echoGateway();
		OllamaTemplate template = track(builder().url(only.server().url())
			.clientId(only.client().clientId())
			.pool((pool) -> pool.eagerWarmUp(true))
			.build());
		assertThat(template.gatewayStatuses()).isEmpty();
		template.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> template.poolStatus().authenticated() == 2);
		assertThat(template.gatewayStatuses()).singleElement().satisfies((status) -> {
			assertThat(status.endpoint()).isEqualTo(only.endpoint());
			assertThat(status.state()).isEqualTo(GatewayStatus.State.UP);
			assertThat(status.authenticatedConnections()).isEqualTo(2);
		});
		assertThat(template.pingAll()).singleElement().satisfies((ping) -> {
			assertThat(ping.gateway()).isEqualTo(only.endpoint());
			assertThat(ping.succeeded()).isTrue();
		});
		assertThat(template.listFleetModels()).singleElement().satisfies((model) -> {
			assertThat(model.name()).isEqualTo("echo");
			assertThat(model.gateways()).containsExactly(only.endpoint());
		});
	}

	@Test
	void eventsSayWhichGateway() {
		Gateway first = echoGateway();
		Gateway second = echoGateway();
		OllamaTemplate template = fleet(first, second);
		template.start();
		awaitServing(template, "echo", 2);
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(this.events.stream()
				.filter(OllamaAuthenticatedEvent.class::isInstance)
				.map((event) -> event.getGatewayUrl())
				.collect(Collectors.toSet())).isEqualTo(Set.of(first.server().url(), second.server().url())));
		assertThat(this.events).allSatisfy((event) -> assertThat(event.getSource()).isSameAs(template));
	}

	@Test
	void generationMetersAreTaggedWithTheGatewayThatServedThem() {
		Gateway first = echoGateway();
		Gateway second = echoGateway();
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		ObservationRegistry observations = ObservationRegistry.create();
		observations.observationConfig()
			.observationHandler(new FirstMatchingCompositeObservationHandler(
					new GenerationMeterObservationHandler(meters), new DefaultMeterObservationHandler(meters)));
		OllamaTemplate template = fleet(
				(builder) -> builder.observer(new MicrometerOllamaClientObserver(observations, meters)), first, second);
		template.start();
		awaitServing(template, "echo", 2);
		for (int i = 0; i < 10; i++) {
			template.generate(GenerateRequest.builder("x").model("echo").build());
		}
		for (Gateway gateway : List.of(first, second)) {
			Timer served = meters.get("gen_ai.client.operation.duration")
				.tag("server.address", "127.0.0.1")
				.tag("server.port", String.valueOf(gateway.server().port()))
				.timer();
			assertThat(served.count()).isEqualTo(gateway.generations());
		}
		assertThat(first.generations() + second.generations()).isEqualTo(10);
	}

	private Gateway echoGateway() {
		return startGateway(echoBackend());
	}

	private Gateway slowStartEchoGateway() {
		return startGateway(ScriptedBackend.create()
			.model(ScriptedModel.named("echo").echo().firstTokenDelay(Duration.ofSeconds(2))));
	}

	private static ScriptedBackend echoBackend() {
		return ScriptedBackend.create().model(ScriptedModel.named("echo").echo());
	}

}
