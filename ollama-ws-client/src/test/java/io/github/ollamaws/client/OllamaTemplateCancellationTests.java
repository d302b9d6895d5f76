package io.github.ollamaws.client;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.ollamaws.core.FinishReason;
import io.github.ollamaws.core.GenerateRequest;
import io.github.ollamaws.core.Generation;
import io.github.ollamaws.core.GenerationResult;
import io.github.ollamaws.testserver.ScriptedBackend;
import io.github.ollamaws.testserver.ScriptedModel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * End-to-end tests of stopping generations: the stop frame the real gateway understands,
 * and a cancelled generation reported as {@link FinishReason#CANCELLED} with its partial
 * text, however the gateway ends it.
 */
class OllamaTemplateCancellationTests extends GatewayTestSupport {

	@BeforeEach
	void startGateway() {
		startServer(ScriptedBackend.withDefaultModels()
			.model(ScriptedModel.named("endless").tokenCount(10_000).tokenDelay(Duration.ofMillis(20)))
			.model(ScriptedModel.named("silent").neverAnswers()));
	}

	@Test
	void cancelMidStreamEndsCancelledWithThePartialText() throws Exception {
		CountDownLatch threeTokens = new CountDownLatch(3);
		Generation generation = template().stream(GenerateRequest.builder("x").model("endless").build(),
				(token) -> threeTokens.countDown());
		assertThat(threeTokens.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(generation.cancel()).isTrue();
		GenerationResult result = generation.result().get(10, TimeUnit.SECONDS);
		assertThat(result.finishReason()).isEqualTo(FinishReason.CANCELLED);
		assertThat(result.isCancelled()).isTrue();
		assertThat(result.text()).startsWith("t0 t1 t2 ");
		assertThat(result.totalTokens()).isGreaterThanOrEqualTo(3);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.server.activeGenerations() == 0);
	}

	@Test
	void cancelSendsStopWithRequestIdAndAnIdOfItsOwn() throws Exception {
		CountDownLatch firstToken = new CountDownLatch(1);
		Generation generation = template().stream(GenerateRequest.builder("x").model("endless").build(),
				(token) -> firstToken.countDown());
		assertThat(firstToken.await(10, TimeUnit.SECONDS)).isTrue();
		generation.cancel();
		generation.result().get(10, TimeUnit.SECONDS);
		List<JsonNode> stops = this.server.receivedFrames("stop").stream().map((frame) -> frame.json()).toList();
		assertThat(stops).singleElement().satisfies((stop) -> {
			assertThat(stop.get("requestId").asText()).isEqualTo(generation.id());
			assertThat(stop.get("id").asText()).isNotEqualTo(generation.id()).hasSize(36);
		});
	}

	@Test
	void cancelBeforeTheFirstTokenEndsCancelledThroughIsCancelled() throws Exception {
		OllamaTemplate template = template();
		template.ping(); // the connection is up, so the generate frame leaves at once
		Generation generation = template.stream(GenerateRequest.builder("x").model("silent").build(), (token) -> {
		});
		await().atMost(Duration.ofSeconds(5)).until(() -> this.server.activeGenerations() == 1);
		assertThat(generation.cancel()).isTrue();
		GenerationResult result = generation.result().get(10, TimeUnit.SECONDS);
		assertThat(result.finishReason()).isEqualTo(FinishReason.CANCELLED);
		assertThat(result.text()).isEmpty();
		assertThat(result.timeToFirstToken()).isNull();
		assertThat(this.server.receivedFrames("stop")).hasSize(1);
	}

	@Test
	void cancelRightAfterStreamReturnsNeverReachesTheGateway() throws Exception {
		Generation generation = template().stream(GenerateRequest.builder("x").model("endless").build(), (token) -> {
		});
		generation.cancel();
		GenerationResult result = generation.result().get(10, TimeUnit.SECONDS);
		assertThat(result.finishReason()).isEqualTo(FinishReason.CANCELLED);
		await().during(Duration.ofMillis(300))
			.atMost(Duration.ofSeconds(2))
			.until(() -> this.server.activeGenerations() == 0);
	}

	@Test
	void cancellingTheResultFutureStopsTheGeneration() throws Exception {
		CountDownLatch firstToken = new CountDownLatch(1);
		Generation generation = template().stream(GenerateRequest.builder("x").model("endless").build(),
				(token) -> firstToken.countDown());
		assertThat(firstToken.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(generation.result().cancel(true)).isTrue();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.server.receivedFrames("stop").size() == 1);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.server.activeGenerations() == 0);
	}

	@Test
	void cancelAfterCompletionChangesNothing() throws Exception {
		Generation generation = template().stream(GenerateRequest.of("x"), (token) -> {
		});
		GenerationResult result = generation.result().get(10, TimeUnit.SECONDS);
		assertThat(generation.cancel()).isFalse();
		assertThat(generation.result().cancel(true)).isFalse();
		assertThat(generation.result().get()).isSameAs(result);
		assertThat(result.finishReason()).isEqualTo(FinishReason.COMPLETED);
		assertThat(this.server.receivedFrames("stop")).isEmpty();
	}

	@Test
	void stopRefusedBecauseTheGenerationAlreadyEndedOnTheGatewayEndsItCancelledAndNothingElse() throws Exception {
		OllamaTemplate template = template((builder) -> builder.pool((pool) -> pool.size(1)));
		template.ping();
		CountDownLatch otherStarted = new CountDownLatch(1);
		Generation other = template.stream(GenerateRequest.builder("o").model("endless").build(),
				(token) -> otherStarted.countDown());
		assertThat(otherStarted.await(10, TimeUnit.SECONDS)).isTrue();
		// Hold the stream frames back: the gateway finishes the generation, the client
		// does not know yet.
		this.server.faults().pauseStreams();
		Generation finishedThere = template.stream(GenerateRequest.of("x"), (token) -> {
		});
		await().atMost(Duration.ofSeconds(5))
			.until(() -> this.server.receivedFrames("generate").size() == 2 && this.server.activeGenerations() == 1);
		// The gateway answers this stop with "No active generation with that ID", under
		// the stop's own id.
		assertThat(finishedThere.cancel()).isTrue();
		// Ended by the gateway's refusal, not by the client giving up on a confirmation
		// after its 5 s grace.
		GenerationResult result = finishedThere.result().get(3, TimeUnit.SECONDS);
		assertThat(result.finishReason()).isEqualTo(FinishReason.CANCELLED);
		this.server.faults().resumeStreams();
		assertThat(other.isDone()).isFalse();
		assertThat(template.generate("hi").finishReason()).isEqualTo(FinishReason.COMPLETED);
		other.cancel();
		assertThat(other.result().get(10, TimeUnit.SECONDS).isCancelled()).isTrue();
	}

	@Test
	void cancellingAMappedReplyStopsItsGeneration() {
		OllamaTemplate template = template();
		template.ping();
		CompletableFuture<Reply> reply = template.generateAsync(GenerateRequest.builder("x").model("silent").build(),
				Reply.class);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.server.activeGenerations() == 1);
		assertThat(reply.cancel(false)).isTrue();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.server.activeGenerations() == 0);
		assertThat(this.server.receivedFrames("stop")).hasSize(1);
	}

	record Reply(String text) {
	}

}
