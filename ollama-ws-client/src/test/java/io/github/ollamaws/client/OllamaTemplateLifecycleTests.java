package io.github.ollamaws.client;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.ollamaws.core.FinishReason;
import io.github.ollamaws.core.GatewayUnavailableException;
import io.github.ollamaws.core.GenerateRequest;
import io.github.ollamaws.core.Generation;
import io.github.ollamaws.core.GenerationResult;
import io.github.ollamaws.core.OllamaWsException;
import io.github.ollamaws.core.TemplateClosedException;
import io.github.ollamaws.testserver.ScriptedBackend;
import io.github.ollamaws.testserver.ScriptedModel;
import io.github.ollamaws.testsupport.ClientThreads;
import org.junit.jupiter.api.Test;

import org.springframework.context.SmartLifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Starting, stopping and closing: fail-fast, graceful shutdown with requests in flight,
 * no thread left behind and no reconnection after close.
 */
class OllamaTemplateLifecycleTests extends GatewayTestSupport {

	@Test
	void gracefulShutdownLetsShortRequestsFinishAndCancelsTheRest() throws Exception {
		startServer(ScriptedBackend.withDefaultModels()
			.model(ScriptedModel.named("short").tokenCount(10).tokenDelay(Duration.ofMillis(50)))
			.model(ScriptedModel.named("endless").tokenCount(100_000).tokenDelay(Duration.ofMillis(20))));
		OllamaTemplate template = template((builder) -> builder.shutdownTimeout(Duration.ofSeconds(2)));
		CountDownLatch started = new CountDownLatch(2);
		Generation shortOne = template.stream(GenerateRequest.builder("x").model("short").build(),
				(t) -> started.countDown());
		Generation endless = template.stream(GenerateRequest.builder("y").model("endless").build(),
				(t) -> started.countDown());
		assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
		long start = System.nanoTime();
		template.stop();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
		assertThat(shortOne.result().get(1, TimeUnit.SECONDS).finishReason()).isEqualTo(FinishReason.COMPLETED);
		GenerationResult cancelled = endless.result().get(1, TimeUnit.SECONDS);
		assertThat(cancelled.finishReason()).isEqualTo(FinishReason.CANCELLED);
		assertThat(cancelled.text()).startsWith("t0 ");
		await().atMost(Duration.ofSeconds(5)).until(() -> this.server.receivedFrames("stop").size() == 1);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.server.openConnections() == 0);
	}

	@Test
	void stopReturnsAsSoonAsTheLastRequestInFlightEnds() throws Exception {
		startServer(ScriptedBackend.withDefaultModels()
			.model(ScriptedModel.named("short").tokenCount(10).tokenDelay(Duration.ofMillis(50))));
		OllamaTemplate template = template((builder) -> builder.shutdownTimeout(Duration.ofSeconds(20)));
		CountDownLatch started = new CountDownLatch(1);
		Generation shortOne = template.stream(GenerateRequest.builder("x").model("short").build(),
				(t) -> started.countDown());
		assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
		long start = System.nanoTime();
		template.stop();
		// Woken by the request's end, not by the shutdown timeout.
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
		assertThat(shortOne.result().get(1, TimeUnit.SECONDS).finishReason()).isEqualTo(FinishReason.COMPLETED);
	}

	@Test
	void closedTemplateRefusesRequests() {
		startServer(ScriptedBackend.withDefaultModels());
		OllamaTemplate template = template();
		template.generate("x");
		template.close();
		// A type the caller can catch, never a message to parse.
		assertThatExceptionOfType(TemplateClosedException.class).isThrownBy(() -> template.generate("x"));
		assertThat(template.generateAsync(GenerateRequest.of("x"))).failsWithin(Duration.ofSeconds(5))
			.withThrowableThat()
			.havingCause()
			.isInstanceOf(TemplateClosedException.class);
		assertThat(template.poolStatus().closed()).isTrue();
	}

	@Test
	void closeLeavesNoThreadBehind() {
		startServer(ScriptedBackend.withDefaultModels());
		Set<String> before = ClientThreads.clientThreadNames();
		OllamaTemplate template = template((builder) -> builder.pool((pool) -> pool.size(3).eagerWarmUp(true)));
		template.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> template.poolStatus().authenticated() == 3);
		template.generate("x");
		assertThat(ClientThreads.clientThreadNames()).isNotEmpty();
		template.close();
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(before).containsAll(ClientThreads.clientThreadNames()));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.server.openConnections() == 0);
	}

	@Test
	void closeStopsReconnectionForGood() {
		startServer(ScriptedBackend.withDefaultModels());
		OllamaTemplate template = template((builder) -> builder.pool((pool) -> pool.size(2)));
		template.ping();
		this.server.stop();
		template.close();
		this.server.restart();
		await().during(Duration.ofMillis(1500))
			.atMost(Duration.ofSeconds(3))
			.until(() -> this.server.openConnections() == 0);
	}

	@Test
	void failFastStartThrowsWhenTheGatewayIsDown() {
		startServer(ScriptedBackend.withDefaultModels());
		this.server.stop();
		OllamaTemplate template = template((builder) -> builder.failFast(true));
		assertThatExceptionOfType(GatewayUnavailableException.class).isThrownBy(template::start);
	}

	@Test
	void lazyStartSucceedsWhenTheGatewayIsDownAndTheFirstRequestReportsIt() {
		startServer(ScriptedBackend.withDefaultModels());
		this.server.stop();
		// Reported at once rather than waited out (OllamaTemplateWaitForConnectionTests).
		OllamaTemplate template = template((builder) -> builder.pool((pool) -> pool.waitForConnection(false)));
		template.start();
		assertThat(template.isRunning()).isTrue();
		assertThatExceptionOfType(GatewayUnavailableException.class).isThrownBy(template::ping);
		this.server.restart();
		await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> template.ping() != null);
	}

	@Test
	void eagerWarmUpOpensEveryConnection() {
		startServer(ScriptedBackend.withDefaultModels());
		OllamaTemplate template = template((builder) -> builder.pool((pool) -> pool.size(3).eagerWarmUp(true)));
		template.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.server.authenticatedConnections() == 3);
		assertThat(template.poolStatus()).satisfies((status) -> {
			assertThat(status.size()).isEqualTo(3);
			assertThat(status.open()).isEqualTo(3);
			assertThat(status.authenticated()).isEqualTo(3);
			assertThat(status.inFlight()).isZero();
		});
	}

	@Test
	void aStoppedTemplateIsNotRunningAndConnectsAgainOnItsNextRequest() {
		startServer(ScriptedBackend.withDefaultModels());
		OllamaTemplate template = template();
		// After the web server (DEFAULT_PHASE), so that its graceful shutdown comes
		// first.
		assertThat(template.getPhase()).isEqualTo(OllamaTemplate.PHASE).isLessThan(SmartLifecycle.DEFAULT_PHASE);
		template.start();
		assertThat(template.isRunning()).isTrue();
		template.generate("x");
		template.stop();
		assertThat(template.isRunning()).isFalse();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.server.openConnections() == 0);
		assertThat(template.poolStatus().closed()).isFalse();
		assertThat(template.generate("x").finishReason()).isEqualTo(FinishReason.COMPLETED);
		assertThat(this.server.openConnections()).isPositive();
	}

	@Test
	void aClosedTemplateCannotBeStarted() {
		startServer(ScriptedBackend.withDefaultModels());
		OllamaTemplate template = template();
		template.close();
		assertThatExceptionOfType(TemplateClosedException.class).isThrownBy(template::start);
		assertThat(template.isRunning()).isFalse();
		assertThat(this.server.openConnections()).isZero();
	}

	@Test
	void anInterruptedCallerKeepsItsInterruptAndItsGenerationDoesNotGoOn() {
		startServer(ScriptedBackend.withDefaultModels().model(ScriptedModel.named("silent").neverAnswers()));
		OllamaTemplate template = template();
		template.ping();
		GenerateRequest request = GenerateRequest.builder("x").model("silent").build();
		Thread.currentThread().interrupt();
		try {
			assertThatExceptionOfType(OllamaWsException.class).isThrownBy(() -> template.generate(request))
				.withCauseInstanceOf(InterruptedException.class);
			assertThat(Thread.currentThread().isInterrupted()).isTrue();
		}
		finally {
			Thread.interrupted();
		}
		// Cancelled, not left to run on the gateway until its request timeout.
		await().during(Duration.ofMillis(500))
			.atMost(Duration.ofSeconds(3))
			.until(() -> this.server.activeGenerations() == 0);
		assertThat(this.server.receivedFrames("stop")).hasSameSizeAs(this.server.receivedFrames("generate"));
	}

}
