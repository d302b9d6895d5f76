package io.github.ollamaws.fleet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.ollamaws.client.OllamaTemplate;
import io.github.ollamaws.core.GatewayUnavailableException;
import io.github.ollamaws.core.GenerateRequest;
import io.github.ollamaws.core.Generation;
import io.github.ollamaws.core.OllamaClientObserver;
import io.github.ollamaws.core.OllamaTimeoutException;
import io.github.ollamaws.testserver.ScriptedBackend;
import io.github.ollamaws.testserver.ScriptedModel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Where a fleet's request goes when a gateway cannot take it, and what the fleet reports
 * meanwhile: a gateway that cannot be reached hands its requests to the next, a request
 * out of time waiting for a slot fails rather than going to a gateway without its model,
 * and pings, pool status and the start of an empty fleet say what is so.
 */
class FleetSendPathTests extends FleetTestSupport {

	private static final GatewayEndpoint UNREACHABLE = GatewayEndpoint.of("ws://127.0.0.1:1", "nobody");

	@Test
	void aRequestNoGatewayCanTakeTriesEachInTurnAndFailsAtOnceWithTheLastFailure() {
		GatewayEndpoint alsoUnreachable = GatewayEndpoint.of("ws://127.0.0.1:2", "nobody");
		// Each pool gives up after one attempt; a request then tries once more, and is
		// failed with that attempt's failure rather than waiting for a slot.
		OllamaTemplate template = track(builder().gateway(UNREACHABLE)
			.gateway(alsoUnreachable)
			.reconnect((reconnect) -> reconnect.maxAttempts(1))
			.build());
		template.start();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> template.gatewayStatuses()
				.stream()
				.noneMatch((status) -> "not connected yet".equals(status.reason())));
		// Equal loads: the first gateway first (ties go round the gateways from the
		// first), then the other, whose failure is the request's.
		assertThat(template.generateAsync(GenerateRequest.builder("x").model("fast").build()))
			.failsWithin(Duration.ofSeconds(5))
			.withThrowableThat()
			.havingCause()
			.isInstanceOf(GatewayUnavailableException.class)
			.withMessageContaining("127.0.0.1:2");
	}

	@Test
	void aRequestOutOfTimeForASlotFailsRatherThanGoingToAGatewayWithoutItsModel() {
		Gateway only = startGateway(ScriptedBackend.create().model(ScriptedModel.named("held").neverAnswers()));
		Gateway other = startGateway(ScriptedBackend.create().model("fast", "f"));
		OllamaTemplate template = fleet(
				(builder) -> builder.pool((pool) -> pool.size(1).maxInFlight(1).acquireTimeout(Duration.ofMillis(500))),
				only, other);
		template.start();
		awaitServing(template, "held", 1);
		awaitServing(template, "fast", 1);
		Generation first = template.stream(GenerateRequest.builder("x").model("held").build(), (token) -> {
		});
		await().atMost(Duration.ofSeconds(5)).until(() -> only.server().activeGenerations() == 1);
		assertThatExceptionOfType(OllamaTimeoutException.class)
			.isThrownBy(() -> template.generate(GenerateRequest.builder("y").model("held").build()))
			.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(OllamaTimeoutException.Kind.ACQUIRE));
		assertThat(other.generations()).isZero();
		first.cancel();
	}

	@Test
	void aRequestCancelledWhileWaitingForASlotGivesTheSlotBackWhenItComes() {
		Gateway gateway = startGateway(heldBackend().model("fast", "f"));
		OllamaTemplate template = fleet(
				(builder) -> builder.pool((pool) -> pool.size(1).maxInFlight(1).acquireTimeout(Duration.ofSeconds(2))),
				gateway);
		template.start();
		awaitServing(template, "held", 1);
		Generation first = template.stream(GenerateRequest.builder("x").model("held").build(), (token) -> {
		});
		await().atMost(Duration.ofSeconds(5)).until(() -> gateway.server().activeGenerations() == 1);
		Generation waiting = template.stream(GenerateRequest.builder("y").model("fast").build(), (token) -> {
		});
		await().atMost(Duration.ofSeconds(5)).until(() -> template.poolStatus().waiting() == 1);
		waiting.cancel();
		first.cancel();
		// The slot the cancelled request was given is free again, not lost.
		assertThat(template.generate(GenerateRequest.builder("z").model("fast").build()).text()).isEqualTo("f");
		assertThat(gateway.generations("fast")).isEqualTo(1);
		assertThat(template.poolStatus().inFlight()).isZero();
	}

	@Test
	void poolStatusAddsUpTheRequestsWaitingOnEveryGateway() {
		Gateway first = startGateway(heldBackend());
		Gateway second = startGateway(heldBackend());
		OllamaTemplate template = fleet((builder) -> builder.pool((pool) -> pool.size(1).maxInFlight(1)), first,
				second);
		template.start();
		awaitServing(template, "held", 2);
		List<Generation> held = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			held.add(template.stream(GenerateRequest.builder("x").model("held").build(), (token) -> {
			}));
		}
		// One in flight on each gateway's one connection, one waiting behind it.
		await().atMost(Duration.ofSeconds(5))
			.until(() -> template.poolStatus().inFlight() == 2 && template.poolStatus().waiting() == 2);
		assertThat(first.server().activeGenerations() + second.server().activeGenerations()).isEqualTo(2);
		held.forEach(Generation::cancel);
		await().atMost(Duration.ofSeconds(5))
			.until(() -> template.poolStatus().inFlight() == 0 && template.poolStatus().waiting() == 0);
	}

	@Test
	void poolStatusReportsTheLatestFailureOfAnyGateway() {
		Gateway first = startGateway(ScriptedBackend.create().model("fast", "f"));
		Gateway second = startGateway(ScriptedBackend.create().model("fast", "f"));
		// One reconnect attempt each, and no refresh meanwhile: each gateway's failure
		// stays as it was when its server stopped.
		OllamaTemplate template = fleet((builder) -> builder.pool((pool) -> pool.size(1).eagerWarmUp(true))
			.reconnect((reconnect) -> reconnect.initialDelay(Duration.ofMillis(50)).maxAttempts(1))
			.discovery((discovery) -> discovery.refreshInterval(Duration.ofMinutes(10))), first, second);
		template.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> template.poolStatus().authenticated() == 2);
		assertThat(template.poolStatus().lastFailure()).isNull();
		String firstAddress = "127.0.0.1:" + first.server().port();
		String secondAddress = "127.0.0.1:" + second.server().port();
		first.server().stop();
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(template.poolStatus().lastFailure()).isNotNull()
				.hasMessageContaining(firstAddress));
		second.server().stop();
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(template.poolStatus().lastFailure()).isNotNull()
				.hasMessageContaining(secondAddress));
	}

	@Test
	void pingAllReportsTheFailureOfAGatewayThatCannotBeReached() {
		Gateway working = startGateway(ScriptedBackend.create().model("fast", "f"));
		// Given up after one attempt: the ping tries once more and fails with it.
		OllamaTemplate template = track(builder().gateway(UNREACHABLE)
			.gateway(working.endpoint())
			.reconnect((reconnect) -> reconnect.maxAttempts(1))
			.build());
		template.start();
		awaitServing(template, "fast", 1);
		List<GatewayPing> pings = template.pingAll();
		assertThat(pings).extracting(GatewayPing::gateway).containsExactly(UNREACHABLE, working.endpoint());
		assertThat(pings.get(0).succeeded()).isFalse();
		assertThat(pings.get(0).failure()).isNotNull();
		assertThat(pings.get(1).succeeded()).isTrue();
		assertThat(pings.get(1).failure()).isNull();
	}

	@Test
	void aPingIsReportedToTheObserver() {
		Gateway working = startGateway(ScriptedBackend.create().model("fast", "f"));
		List<Duration> pings = new CopyOnWriteArrayList<>();
		OllamaTemplate template = fleet((builder) -> builder.observer(new OllamaClientObserver() {

			@Override
			public void pingCompleted(Duration roundTrip) {
				pings.add(roundTrip);
			}

		}), working);
		template.start();
		awaitServing(template, "fast", 1);
		Duration roundTrip = template.ping();
		assertThat(pings).containsExactly(roundTrip);
	}

	@Test
	void anEmptyFleetStartsUnlessItMustFailFast() {
		OllamaTemplate lenient = track(builder().discovery((discovery) -> discovery.source(List::of)).build());
		lenient.start();
		assertThat(lenient.isRunning()).isTrue();
		OllamaTemplate strict = track(
				builder().discovery((discovery) -> discovery.source(List::of)).failFast(true).build());
		assertThatExceptionOfType(GatewayUnavailableException.class).isThrownBy(strict::start);
	}

	private static ScriptedBackend heldBackend() {
		return ScriptedBackend.create().model(ScriptedModel.named("held").neverAnswers());
	}

}
