package io.github.ollamaws.fleet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.github.ollamaws.client.OllamaTemplate;
import io.github.ollamaws.core.GenerateRequest;
import io.github.ollamaws.core.GenerationResult;
import io.github.ollamaws.observation.OllamaTemplateMetrics;
import io.github.ollamaws.testserver.ScriptedBackend;
import io.github.ollamaws.testserver.ScriptedModel;
import io.github.ollamaws.testsupport.ClientThreads;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A gateway source whose list changes at runtime, as a discovery client's does: gateways
 * added get traffic without a restart, gateways removed are drained (their generations in
 * flight finish) and then closed; closing the template leaves no thread.
 */
class FleetSourceTests extends FleetTestSupport {

	@Test
	void addedGatewaysGetTrafficAndRemovedOnesAreDrainedThenClosed() throws Exception {
		Gateway leaving = startGateway(backend());
		Gateway staying = startGateway(backend());
		Gateway joining = startGateway(backend());
		AtomicReference<List<GatewayEndpoint>> listed = new AtomicReference<>(
				List.of(leaving.endpoint(), staying.endpoint()));
		// Draining waits for the generations, not just the shutdown timeout.
		OllamaTemplate template = track(builder()
			.discovery((discovery) -> discovery.source(listed::get).refreshInterval(Duration.ofMillis(100)))
			.shutdownTimeout(Duration.ofMillis(200))
			.build());
		template.start();
		awaitServing(template, "slow", 2);
		// Generations in flight on the gateway about to leave.
		CountDownLatch streaming = new CountDownLatch(6);
		List<CompletableFuture<GenerationResult>> inFlight = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			inFlight.add(template.stream(GenerateRequest.builder("x").model("slow").build(), (token) -> {
				if ("t0 ".equals(token)) {
					streaming.countDown();
				}
			}).result());
		}
		assertThat(streaming.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(leaving.server().activeGenerations()).isPositive();
		listed.set(List.of(staying.endpoint(), joining.endpoint()));
		await().atMost(Duration.ofSeconds(5))
			.until(() -> status(template, leaving) == null
					|| status(template, leaving).state() == GatewayStatus.State.DRAINING);
		int leavingBefore = leaving.generations();
		awaitServing(template, "slow", 2);
		List<CompletableFuture<GenerationResult>> after = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			after.add(template.generateAsync(GenerateRequest.builder("y").model("fast").build()));
		}
		for (CompletableFuture<GenerationResult> result : after) {
			assertThat(result.get(20, TimeUnit.SECONDS).text()).isEqualTo("f");
		}
		// The drained gateway got nothing new; the added one got its share.
		assertThat(leaving.generations()).isEqualTo(leavingBefore);
		assertThat(joining.generations("fast")).isGreaterThanOrEqualTo(5);
		// What was in flight on it finished, whole.
		for (CompletableFuture<GenerationResult> result : inFlight) {
			assertThat(result.get(20, TimeUnit.SECONDS).text()).isEqualTo("t0 t1 t2 t3 t4 t5 t6 t7 t8 t9 ");
		}
		// Then its connections were closed and it was forgotten.
		await().atMost(Duration.ofSeconds(10)).until(() -> leaving.server().openConnections() == 0);
		await().atMost(Duration.ofSeconds(5)).until(() -> status(template, leaving) == null);
		assertThat(template.gatewayStatuses()).extracting(GatewayStatus::endpoint)
			.containsExactly(staying.endpoint(), joining.endpoint());
	}

	@Test
	void sourceListingNoGatewayFailsRequestsTypedUntilOneAppears() throws Exception {
		Gateway gateway = startGateway(backend());
		AtomicReference<List<GatewayEndpoint>> listed = new AtomicReference<>(List.of());
		OllamaTemplate template = track(builder()
			.discovery((discovery) -> discovery.source(listed::get).refreshInterval(Duration.ofMillis(100)))
			.build());
		assertThat(template.generateAsync(GenerateRequest.builder("x").model("fast").build()))
			.failsWithin(Duration.ofSeconds(5))
			.withThrowableThat()
			.havingRootCause()
			.isInstanceOf(io.github.ollamaws.core.GatewayUnavailableException.class);
		listed.set(List.of(gateway.endpoint()));
		awaitServing(template, "fast", 1);
		assertThat(template.generate(GenerateRequest.builder("x").model("fast").build()).text()).isEqualTo("f");
	}

	@Test
	void eachGatewayHasMetersOfItsOwnAddedOnesToo() {
		Gateway first = startGateway(backend());
		Gateway second = startGateway(backend());
		AtomicReference<List<GatewayEndpoint>> listed = new AtomicReference<>(List.of(first.endpoint()));
		AtomicReference<OllamaTemplateMetrics> metrics = new AtomicReference<>();
		OllamaTemplate template = track(builder()
			.discovery((discovery) -> discovery.source(listed::get).refreshInterval(Duration.ofMillis(100)))
			.eventListener((event) -> {
				OllamaTemplateMetrics bound = metrics.get();
				if (bound != null) {
					bound.onApplicationEvent(event);
				}
			})
			.build());
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		metrics.set(new OllamaTemplateMetrics(template));
		metrics.get().bindTo(meters);
		template.start();
		awaitServing(template, "fast", 1);
		listed.set(List.of(first.endpoint(), second.endpoint()));
		awaitServing(template, "fast", 2);
		for (Gateway gateway : List.of(first, second)) {
			await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
				assertThat(gauge(meters, OllamaTemplateMetrics.GATEWAY_UP, gateway)).isEqualTo(1);
				assertThat(gauge(meters, OllamaTemplateMetrics.GATEWAY_CONNECTIONS, gateway)).isEqualTo(2);
			});
		}
		second.server().stop();
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(gauge(meters, OllamaTemplateMetrics.GATEWAY_UP, second)).isZero());
		assertThat(gauge(meters, OllamaTemplateMetrics.GATEWAY_UP, first)).isEqualTo(1);
	}

	private static double gauge(SimpleMeterRegistry meters, String name, Gateway gateway) {
		return meters.get(name)
			.tag("server.address", "127.0.0.1")
			.tag("server.port", String.valueOf(gateway.server().port()))
			.gauge()
			.value();
	}

	@Test
	void closeLeavesNoThreadBehind() {
		Gateway first = startGateway(backend());
		Gateway second = startGateway(backend());
		Set<String> before = ClientThreads.clientThreadNames();
		OllamaTemplate template = fleet(first, second);
		template.start();
		awaitServing(template, "fast", 2);
		assertThat(template.generate(GenerateRequest.builder("x").model("fast").build()).text()).isEqualTo("f");
		assertThat(ClientThreads.clientThreadNames()).isNotEmpty();
		template.close();
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(before).containsAll(ClientThreads.clientThreadNames()));
		await().atMost(Duration.ofSeconds(5))
			.until(() -> first.server().openConnections() == 0 && second.server().openConnections() == 0);
	}

	private static ScriptedBackend backend() {
		return ScriptedBackend.create()
			.model(ScriptedModel.named("slow").tokenCount(10).tokenDelay(Duration.ofMillis(150)))
			.model("fast", "f");
	}

}
