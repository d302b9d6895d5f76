package io.github.ollamaws.fleet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.github.ollamaws.client.OllamaTemplate;
import io.github.ollamaws.core.ConnectionLostException;
import io.github.ollamaws.core.GenerateRequest;
import io.github.ollamaws.core.Generation;
import io.github.ollamaws.core.ModelInfo;
import io.github.ollamaws.core.OllamaWsException;
import io.github.ollamaws.testserver.ScriptedBackend;
import io.github.ollamaws.testserver.ScriptedModel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * What one gateway of several failing must not do to the whole fleet (listing), and what
 * the retry setting means in a fleet: both caught by no other test (PIT and the breakages
 * of issue 20), and the fleet's pool status as the sum of its gateways' pools.
 */
class FleetPartialFailureTests extends FleetTestSupport {

	@Test
	void listingSucceedsWithTheModelsOfTheGatewaysThatCouldListThem() {
		Gateway broken = startGateway(ScriptedBackend.create().model("a-only", "a").model("echo", "e"));
		Gateway working = startGateway(ScriptedBackend.create().model("b-only", "b").model("echo", "e"));
		broken.server().faults().failModelListing("fetch failed");
		OllamaTemplate template = fleet(broken, working);
		List<FleetModelInfo> models = template.listFleetModels();
		assertThat(models).extracting(FleetModelInfo::name).containsExactly("b-only", "echo");
		assertThat(models).allSatisfy((model) -> assertThat(model.gateways()).containsExactly(working.endpoint()));
		assertThat(template.listModels()).extracting(ModelInfo::name).containsExactly("b-only", "echo");
	}

	@Test
	void listingFailsTypedOnlyWhenNoGatewayCouldList() {
		Gateway first = startGateway(ScriptedBackend.create().model("echo", "e"));
		Gateway second = startGateway(ScriptedBackend.create().model("echo", "e"));
		first.server().faults().failModelListing("fetch failed");
		second.server().faults().failModelListing("fetch failed");
		OllamaTemplate template = fleet(first, second);
		assertThatExceptionOfType(OllamaWsException.class).isThrownBy(template::listFleetModels)
			.withMessageContaining("fetch failed");
	}

	@Test
	void lossBeforeTheFirstTokenMovesTheRequestToAnotherGatewayByDefault() throws Exception {
		Gateway first = startGateway(lateBackend());
		Gateway second = startGateway(lateBackend());
		OllamaTemplate template = fleet(first, second);
		Generation generation = sendAndDropItsConnection(template, first, second);
		assertThat(generation.result().get(15, TimeUnit.SECONDS).text()).isEqualTo("ab");
		assertThat(first.generations("late") + second.generations("late")).isEqualTo(2);
	}

	@Test
	void lossBeforeTheFirstTokenMovesTheRequestOnEvenToABusierGateway() throws Exception {
		Gateway first = startGateway(lateBackend());
		Gateway second = startGateway(lateBackend().model(ScriptedModel.named("held").neverAnswers()));
		OllamaTemplate template = fleet(first, second);
		template.start();
		awaitServing(template, "late", 2);
		// Two requests held on the second gateway: the next goes to the first.
		List<Generation> held = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			held.add(template.stream(GenerateRequest.builder("x").model("held").build(), (token) -> {
			}));
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> second.server().activeGenerations() == 2);
		Generation generation = template.stream(GenerateRequest.builder("x").model("late").build(), (token) -> {
		});
		await().atMost(Duration.ofSeconds(5)).until(() -> first.server().activeGenerations() == 1);
		first.server().faults().dropConnection(first.server().receivedFrames("generate").get(0).connectionId());
		// Sent again on the gateway that did not fail, though it is the busier one.
		assertThat(generation.result().get(15, TimeUnit.SECONDS).text()).isEqualTo("ab");
		assertThat(first.generations("late")).isEqualTo(1);
		assertThat(second.generations("late")).isEqualTo(1);
		held.forEach(Generation::cancel);
	}

	@Test
	void lossBeforeTheFirstTokenFailsTheRequestWhenRetriesAreOff() {
		Gateway first = startGateway(lateBackend());
		Gateway second = startGateway(lateBackend());
		OllamaTemplate template = fleet((builder) -> builder.retry((retry) -> retry.enabled(false)), first, second);
		Generation generation = sendAndDropItsConnection(template, first, second);
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> generation.result().get(15, TimeUnit.SECONDS))
			.withCauseInstanceOf(ConnectionLostException.class);
		// Sent once, to one gateway: neither the other gateway nor a replacement
		// connection got it again.
		await().during(Duration.ofMillis(700))
			.atMost(Duration.ofSeconds(2))
			.until(() -> first.generations("late") + second.generations("late") == 1);
	}

	@Test
	void poolStatusAddsUpThePoolsOfEveryGateway() {
		Gateway first = startGateway(heldBackend());
		Gateway second = startGateway(heldBackend());
		OllamaTemplate template = fleet((builder) -> builder.pool((pool) -> pool.size(2).eagerWarmUp(true)), first,
				second);
		template.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> template.poolStatus().authenticated() == 4);
		assertThat(template.poolStatus()).satisfies((status) -> {
			assertThat(status.size()).isEqualTo(4);
			assertThat(status.open()).isEqualTo(4);
			assertThat(status.inFlight()).isZero();
			assertThat(status.reconnects()).isZero();
			assertThat(status.lastFailure()).isNull();
		});
		List<Generation> held = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			held.add(template.stream(GenerateRequest.builder("x").model("held").build(), (token) -> {
			}));
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> template.poolStatus().inFlight() == 3);
		held.forEach(Generation::cancel);
		await().atMost(Duration.ofSeconds(5)).until(() -> template.poolStatus().inFlight() == 0);
		first.server().faults().dropAllConnections();
		second.server().faults().dropAllConnections();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> template.poolStatus().reconnects() == 4 && template.poolStatus().authenticated() == 4);
	}

	private Generation sendAndDropItsConnection(OllamaTemplate template, Gateway first, Gateway second) {
		template.start();
		awaitServing(template, "late", 2);
		Generation generation = template.stream(GenerateRequest.builder("x").model("late").build(), (token) -> {
		});
		await().atMost(Duration.ofSeconds(5))
			.until(() -> first.server().activeGenerations() + second.server().activeGenerations() == 1);
		Gateway serving = (first.server().activeGenerations() == 1) ? first : second;
		serving.server().faults().dropConnection(serving.server().receivedFrames("generate").get(0).connectionId());
		return generation;
	}

	private static ScriptedBackend heldBackend() {
		return ScriptedBackend.create().model(ScriptedModel.named("held").neverAnswers());
	}

	private static ScriptedBackend lateBackend() {
		return ScriptedBackend.create()
			.model(ScriptedModel.named("late").tokens("a", "b").firstTokenDelay(Duration.ofMillis(500)));
	}

}
