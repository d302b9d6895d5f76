package io.github.ollamaws.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.ollamaws.core.AuthenticationException;
import io.github.ollamaws.core.ConnectionLostException;
import io.github.ollamaws.core.FinishReason;
import io.github.ollamaws.core.GenerateRequest;
import io.github.ollamaws.core.Generation;
import io.github.ollamaws.core.GenerationResult;
import io.github.ollamaws.core.OllamaClientObserver;
import io.github.ollamaws.core.OllamaTimeoutException;
import io.github.ollamaws.core.RateLimitedException;
import io.github.ollamaws.event.OllamaDisconnectedEvent;
import io.github.ollamaws.event.OllamaReconnectedEvent;
import io.github.ollamaws.event.OllamaReconnectingEvent;
import io.github.ollamaws.testserver.OllamaWsTestServer;
import io.github.ollamaws.testserver.ScriptedBackend;
import io.github.ollamaws.testserver.ScriptedModel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The pool: multiplexing over a few connections, waiting in order for a free slot,
 * replacing lost connections, and never hammering a gateway that rejects the key.
 */
class OllamaTemplatePoolTests extends GatewayTestSupport {

	@Test
	void requestsWaitInOrderForAFreeSlotWithoutPolling() throws Exception {
		startServer(ScriptedBackend.withDefaultModels().model(ScriptedModel.named("gate").neverAnswers()));
		List<Duration> slotWaits = new CopyOnWriteArrayList<>();
		OllamaTemplate template = template(
				(builder) -> builder.pool((pool) -> pool.size(1).maxInFlight(2)).observer(new OllamaClientObserver() {

					@Override
					public void slotAcquired(Duration waited) {
						slotWaits.add(waited);
					}

				}));
		template.ping();
		slotWaits.clear();
		Generation first = template.stream(GenerateRequest.builder("1").model("gate").build(), (t) -> {
		});
		Generation second = template.stream(GenerateRequest.builder("2").model("gate").build(), (t) -> {
		});
		await().atMost(Duration.ofSeconds(5)).until(() -> this.server.activeGenerations() == 2);
		List<String> order = new CopyOnWriteArrayList<>();
		CompletableFuture<GenerationResult> third = template.generateAsync(GenerateRequest.of("3"))
			.whenComplete((r, e) -> order.add("third"));
		CompletableFuture<GenerationResult> fourth = template.generateAsync(GenerateRequest.of("4"))
			.whenComplete((r, e) -> order.add("fourth"));
		await().atMost(Duration.ofSeconds(5)).until(() -> template.poolStatus().waiting() == 2);
		assertThat(this.server.receivedFrames("generate")).hasSize(2);
		assertThat(template.poolStatus().inFlight()).isEqualTo(2);
		first.cancel();
		third.get(10, TimeUnit.SECONDS);
		second.cancel();
		fourth.get(10, TimeUnit.SECONDS);
		assertThat(order).containsExactly("third", "fourth");
		// The observer hears every slot taken: at once for the first two, after a wait
		// for the others.
		assertThat(slotWaits).hasSize(4);
		assertThat(slotWaits.subList(0, 2)).containsOnly(Duration.ZERO);
		assertThat(slotWaits.subList(2, 4)).allSatisfy((waited) -> assertThat(waited).isPositive());
	}

	@Test
	void waitingForASlotEndsWithAnAcquireTimeout() {
		startServer(ScriptedBackend.withDefaultModels().model(ScriptedModel.named("gate").neverAnswers()));
		OllamaTemplate template = template((builder) -> builder
			.pool((pool) -> pool.size(1).maxInFlight(1).acquireTimeout(Duration.ofMillis(300))));
		template.stream(GenerateRequest.builder("1").model("gate").build(), (t) -> {
		});
		await().atMost(Duration.ofSeconds(5)).until(() -> this.server.activeGenerations() == 1);
		assertThatExceptionOfType(OllamaTimeoutException.class).isThrownBy(() -> template.generate("2"))
			.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(OllamaTimeoutException.Kind.ACQUIRE));
	}

	@Test
	void aRequestWhoseOwnTimeoutEndsFirstStopsWaitingForASlotAsARequestTimeout() {
		startServer(ScriptedBackend.withDefaultModels().model(ScriptedModel.named("gate").neverAnswers()));
		OllamaTemplate template = template((builder) -> builder
			.pool((pool) -> pool.size(1).maxInFlight(1).acquireTimeout(Duration.ofSeconds(30))));
		template.stream(GenerateRequest.builder("1").model("gate").build(), (t) -> {
		});
		await().atMost(Duration.ofSeconds(5)).until(() -> this.server.activeGenerations() == 1);
		GenerateRequest hurried = GenerateRequest.builder("2").timeout(Duration.ofMillis(300)).build();
		assertThatExceptionOfType(OllamaTimeoutException.class).isThrownBy(() -> template.generate(hurried))
			.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(OllamaTimeoutException.Kind.REQUEST));
		assertThat(template.poolStatus().waiting()).isZero();
		assertThat(this.server.receivedFrames("generate")).hasSize(1);
	}

	@Test
	void serverKilledWithFiftyStreamsOverFourConnectionsThenRestarted() throws Exception {
		startServer(ScriptedBackend.withDefaultModels()
			.model(ScriptedModel.named("endless").tokenCount(100_000).tokenDelay(Duration.ofMillis(20))));
		OllamaTemplate template = template((builder) -> builder.pool((pool) -> pool.size(4).eagerWarmUp(true)));
		template.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> template.poolStatus().authenticated() == 4);
		CountDownLatch allStreaming = new CountDownLatch(50);
		List<Generation> streams = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			AtomicInteger seen = new AtomicInteger();
			streams.add(template.stream(GenerateRequest.builder("x" + i).model("endless").build(), (token) -> {
				if (seen.incrementAndGet() == 1) {
					allStreaming.countDown();
				}
			}));
		}
		assertThat(allStreaming.await(20, TimeUnit.SECONDS)).isTrue();
		long killedAt = System.nanoTime();
		this.server.stop();
		for (Generation stream : streams) {
			assertThatExceptionOfType(ExecutionException.class)
				.isThrownBy(() -> stream.result().get(10, TimeUnit.SECONDS))
				.withCauseInstanceOf(ConnectionLostException.class);
		}
		// At once, not at the request timeout (20 s): the bound includes stopping Tomcat
		// on a loaded machine.
		assertThat(Duration.ofNanos(System.nanoTime() - killedAt)).isLessThan(Duration.ofSeconds(5));
		this.server.restart();
		await().atMost(Duration.ofSeconds(10))
			.ignoreExceptions()
			.until(() -> template.generate("hi").finishReason() == FinishReason.COMPLETED);
		await().atMost(Duration.ofSeconds(10)).until(() -> template.poolStatus().authenticated() == 4);
		assertThat(events(OllamaDisconnectedEvent.class)).hasSizeGreaterThanOrEqualTo(4);
		// Each lost connection is replaced at once (attempt 1, no delay); later attempts
		// back off.
		assertThat(events(OllamaReconnectingEvent.class)).filteredOn((event) -> event.getAttempt() == 1)
			.hasSizeGreaterThanOrEqualTo(4)
			.allSatisfy((event) -> assertThat(event.getDelay()).isZero());
		assertThat(events(OllamaReconnectingEvent.class)).filteredOn((event) -> event.getAttempt() > 1)
			.allSatisfy((event) -> assertThat(event.getDelay()).isPositive());
		assertThat(events(OllamaReconnectedEvent.class)).hasSizeGreaterThanOrEqualTo(4)
			.hasSize((int) template.poolStatus().reconnects());
	}

	@Test
	void requestLostBeforeItsFirstTokenIsRetriedOnAnotherConnection() throws Exception {
		startServer(ScriptedBackend.withDefaultModels()
			.model(ScriptedModel.named("late").tokens("a", "b").firstTokenDelay(Duration.ofMillis(500))));
		OllamaTemplate template = template((builder) -> builder.pool((pool) -> pool.size(2).eagerWarmUp(true)));
		template.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> template.poolStatus().authenticated() == 2);
		Generation generation = template.stream(GenerateRequest.builder("x").model("late").build(), (t) -> {
		});
		await().atMost(Duration.ofSeconds(5)).until(() -> this.server.activeGenerations() == 1);
		String carrying = this.server.receivedFrames("generate").get(0).connectionId();
		this.server.faults().dropConnection(carrying);
		GenerationResult result = generation.result().get(15, TimeUnit.SECONDS);
		assertThat(result.text()).isEqualTo("ab");
		assertThat(this.server.receivedFrames("generate")).hasSize(2)
			.extracting((frame) -> frame.connectionId())
			.doesNotHaveDuplicates();
	}

	@Test
	void requestThatDeliveredTokensIsNeverRetried() throws Exception {
		startServer(ScriptedBackend.withDefaultModels()
			.model(ScriptedModel.named("endless").tokenCount(100_000).tokenDelay(Duration.ofMillis(20))));
		OllamaTemplate template = template((builder) -> builder.pool((pool) -> pool.size(2)));
		CountDownLatch firstToken = new CountDownLatch(1);
		Generation generation = template.stream(GenerateRequest.builder("x").model("endless").build(),
				(t) -> firstToken.countDown());
		assertThat(firstToken.await(10, TimeUnit.SECONDS)).isTrue();
		this.server.faults().dropAllConnections();
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> generation.result().get(5, TimeUnit.SECONDS))
			.withCauseInstanceOf(ConnectionLostException.class);
		assertThat(this.server.receivedFrames("generate")).hasSize(1);
	}

	@Test
	void rejectedKeyMakesOnlyAHandfulOfAttemptsAndHonoursRetryAfter() {
		startServer(OllamaWsTestServer.builder()
			.backend(ScriptedBackend.withDefaultModels())
			.maxAuthFailures(2)
			.firstBlock(Duration.ofSeconds(2)));
		OllamaTemplate template = template((builder) -> builder.pool((pool) -> pool.size(4))
			.privateKey(io.github.ollamaws.testserver.TestKeys.ec().privateKey())
			.reconnect((reconnect) -> reconnect.initialDelay(Duration.ofMillis(10))
				.multiplier(2.0)
				.maxDelay(Duration.ofMillis(400))
				.maxAttempts(-1)
				.jitter(0.0)));
		long start = System.nanoTime();
		// Requests keep coming, as an application's would; the pool must not turn them
		// into attempts. The first refusal may take a while in a fresh JVM on a loaded
		// machine: up to 3 s, since the block after the third attempt (4 s, doubled)
		// keeps
		// a fourth beyond 6.9 s.
		await().during(Duration.ofSeconds(3))
			.atMost(Duration.ofSeconds(6))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> {
				try {
					template.ping();
					return false;
				}
				catch (AuthenticationException | RateLimitedException ex) {
					return true;
				}
			});
		double seconds = (System.nanoTime() - start) / 1e9;
		int attempts = this.server.authenticationAttempts(this.client.clientId());
		// One attempt at a time (not one per pooled connection): the first at once, the
		// second after the
		// longest delay (0.4 s + 0.25 s margin), which blocks the client; the third not
		// before the gateway's
		// retryAfter (2 s), at about 2.9 s. Without retryAfter there would be one every
		// 0.65 s: 5 or more.
		assertThat(seconds).isGreaterThanOrEqualTo(3);
		assertThat(attempts).isBetween(2, 3);
		assertThat(template.poolStatus().lastFailure()).isInstanceOfAny(AuthenticationException.class,
				RateLimitedException.class);
	}

}
