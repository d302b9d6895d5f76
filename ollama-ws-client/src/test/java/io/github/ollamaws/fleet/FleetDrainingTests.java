package io.github.ollamaws.fleet;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

import io.github.ollamaws.client.OllamaTemplate;
import io.github.ollamaws.core.ConnectionLostException;
import io.github.ollamaws.core.FinishReason;
import io.github.ollamaws.core.GenerateRequest;
import io.github.ollamaws.core.Generation;
import io.github.ollamaws.testserver.ScriptedBackend;
import io.github.ollamaws.testserver.ScriptedModel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A gateway the source no longer lists, within the fleet's refresh interval: left out of
 * pings and listings at once, closed only after its last generation (not its first), at
 * once when it has none, and when its drain deadline passes while a generation still
 * streams on it.
 */
class FleetDrainingTests extends FleetTestSupport {

	private final AtomicReference<List<GatewayEndpoint>> listed = new AtomicReference<>();

	@Test
	void aDrainingGatewayIsLeftOutOfPingsAndListingsAndClosedOnlyAfterItsLastGeneration() throws Exception {
		Gateway leaving = startGateway(ScriptedBackend.create()
			.model(ScriptedModel.named("held").neverAnswers())
			.model(ScriptedModel.named("long").tokenCount(10).tokenDelay(Duration.ofMillis(200)))
			.model("fast", "f"));
		Gateway staying = startGateway(ScriptedBackend.create().model("fast", "f"));
		OllamaTemplate template = sourced((builder) -> builder.shutdownTimeout(Duration.ofMillis(200)), leaving,
				staying);
		template.start();
		awaitServing(template, "fast", 2);
		// Two generations only the leaving gateway can serve: one held, one streaming.
		Generation held = template.stream(GenerateRequest.builder("x").model("held").build(), (token) -> {
		});
		CountDownLatch streaming = new CountDownLatch(1);
		Generation longOne = template.stream(GenerateRequest.builder("x").model("long").build(),
				(token) -> streaming.countDown());
		assertThat(streaming.await(10, TimeUnit.SECONDS)).isTrue();
		await().atMost(Duration.ofSeconds(5)).until(() -> leaving.server().activeGenerations() == 2);
		this.listed.set(List.of(staying.endpoint()));
		await().atMost(Duration.ofSeconds(5))
			.until(() -> status(template, leaving).state() == GatewayStatus.State.DRAINING);
		assertThat(template.pingAll()).extracting(GatewayPing::gateway).containsExactly(staying.endpoint());
		assertThat(template.listFleetModels()).extracting(FleetModelInfo::name).containsExactly("fast");
		// One of its two generations ends: the other still counts, so it stays open.
		held.cancel();
		assertThat(longOne.result().get(10, TimeUnit.SECONDS).text()).isEqualTo("t0 t1 t2 t3 t4 t5 t6 t7 t8 t9 ");
		await().atMost(Duration.ofSeconds(5)).until(() -> status(template, leaving) == null);
		await().atMost(Duration.ofSeconds(5)).until(() -> leaving.server().openConnections() == 0);
	}

	@Test
	void anIdleGatewayNoLongerListedIsClosedAtOnce() {
		Gateway leaving = startGateway(ScriptedBackend.create().model("fast", "f"));
		Gateway staying = startGateway(ScriptedBackend.create().model("fast", "f"));
		// Its drain deadline (the request timeout) is far: only its being idle closes it.
		OllamaTemplate template = sourced((builder) -> builder.requestTimeout(Duration.ofMinutes(1)), leaving, staying);
		template.start();
		awaitServing(template, "fast", 2);
		this.listed.set(List.of(staying.endpoint()));
		await().atMost(Duration.ofSeconds(5))
			.until(() -> status(template, leaving) == null && leaving.server().openConnections() == 0);
		assertThat(template.generate(GenerateRequest.builder("x").model("fast").build()).text()).isEqualTo("f");
	}

	@Test
	void aDrainingGatewayIsClosedWhenItsDeadlinePassesWhileAGenerationStillStreams() {
		Gateway leaving = startGateway(ScriptedBackend.create()
			.model(ScriptedModel.named("endless").tokenCount(200).tokenDelay(Duration.ofMillis(100))));
		Gateway staying = startGateway(ScriptedBackend.create().model("fast", "f"));
		// The drain deadline is the template's request timeout; this generation has a
		// longer limit of its own, so only the deadline ends it.
		OllamaTemplate template = sourced(
				(builder) -> builder.requestTimeout(Duration.ofSeconds(1)).shutdownTimeout(Duration.ofMillis(200)),
				leaving, staying);
		template.start();
		awaitServing(template, "endless", 1);
		CountDownLatch streaming = new CountDownLatch(1);
		Generation endless = template.stream(
				GenerateRequest.builder("x").model("endless").timeout(Duration.ofMinutes(1)).build(),
				(token) -> streaming.countDown());
		await().atMost(Duration.ofSeconds(10)).until(() -> streaming.getCount() == 0);
		this.listed.set(List.of(staying.endpoint()));
		await().atMost(Duration.ofSeconds(6))
			.until(() -> status(template, leaving) == null && leaving.server().openConnections() == 0);
		// Cancelled by the gateway's closing, long before its 200 tokens.
		assertThat(endless.result()).succeedsWithin(Duration.ofSeconds(5)).satisfies((result) -> {
			assertThat(result.finishReason()).isEqualTo(FinishReason.CANCELLED);
			assertThat(result.totalTokens()).isLessThan(200);
		});
	}

	@Test
	void aModelAddedOnAGatewayIsListedWithinTheRefreshInterval() {
		Gateway gateway = startGateway(ScriptedBackend.create().model("fast", "f"));
		OllamaTemplate template = fleet(
				(builder) -> builder.discovery((discovery) -> discovery.refreshInterval(Duration.ofMillis(100))),
				gateway);
		template.start();
		awaitServing(template, "fast", 1);
		// Fetched again on every refresh, not only when the gateway came up.
		for (String model : List.of("second", "third")) {
			gateway.server().scriptedBackend().model(model, "n");
			await().atMost(Duration.ofSeconds(5)).until(() -> status(template, gateway).serves(model));
		}
	}

	@Test
	void aGatewayThatComesUpLaterListsItsModelsBeforeTheNextRefresh() {
		Gateway late = startGateway(ScriptedBackend.create().model("late-only", "l"));
		Gateway early = startGateway(ScriptedBackend.create().model("fast", "f"));
		late.server().stop();
		OllamaTemplate template = fleet(
				(builder) -> builder.discovery((discovery) -> discovery.refreshInterval(Duration.ofMinutes(10)))
					.pool((pool) -> pool.acquireTimeout(Duration.ofMillis(300))),
				late, early);
		template.start();
		awaitServing(template, "fast", 1);
		// The fleet's first fetch of its models failed, and no request waits for it.
		await().atMost(Duration.ofSeconds(5))
			.until(() -> !"not connected yet".equals(status(template, late).reason())
					&& template.poolStatus().waiting() == 0);
		late.server().start();
		// Its connection coming up fetches them, long before the next refresh.
		await().atMost(Duration.ofSeconds(10)).until(() -> status(template, late).serves("late-only"));
		assertThat(template.generate(GenerateRequest.builder("x").model("late-only").build()).text()).isEqualTo("l");
	}

	@Test
	void aRequestLostBeforeItsFirstTokenOnTheOnlyGatewayFailsWhenThatGatewayIsDraining() {
		Gateway leaving = startGateway(ScriptedBackend.create().model(ScriptedModel.named("held").neverAnswers()));
		OllamaTemplate template = sourced(UnaryOperator.identity(), leaving);
		template.start();
		awaitServing(template, "held", 1);
		Generation held = template.stream(GenerateRequest.builder("x").model("held").build(), (token) -> {
		});
		await().atMost(Duration.ofSeconds(5)).until(() -> leaving.server().activeGenerations() == 1);
		this.listed.set(List.of());
		await().atMost(Duration.ofSeconds(5))
			.until(() -> status(template, leaving).state() == GatewayStatus.State.DRAINING);
		// Lost before its first token: no other gateway, and a draining one takes no
		// retry, so it fails at once (not at its 30 s request timeout).
		leaving.server().faults().dropAllConnections();
		assertThat(held.result()).failsWithin(Duration.ofSeconds(5))
			.withThrowableThat()
			.havingRootCause()
			.isInstanceOf(ConnectionLostException.class);
		assertThat(leaving.generations()).isEqualTo(1);
	}

	/**
	 * A template over the gateways its source lists, polled every 100 ms; the source
	 * lists {@code gateways} until the test sets {@link #listed}.
	 */
	private OllamaTemplate sourced(UnaryOperator<OllamaTemplate.Builder> customizer, Gateway... gateways) {
		this.listed.set(Arrays.stream(gateways).map(Gateway::endpoint).toList());
		return track(customizer
			.apply(builder()
				.discovery((discovery) -> discovery.source(this.listed::get).refreshInterval(Duration.ofMillis(100))))
			.build());
	}

}
