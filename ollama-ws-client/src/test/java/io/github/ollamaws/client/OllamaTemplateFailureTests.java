package io.github.ollamaws.client;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.ollamaws.core.ConnectionLostException;
import io.github.ollamaws.core.FinishReason;
import io.github.ollamaws.core.GatewayUnavailableException;
import io.github.ollamaws.core.GenerateRequest;
import io.github.ollamaws.core.Generation;
import io.github.ollamaws.core.GenerationFailedException;
import io.github.ollamaws.core.GenerationResult;
import io.github.ollamaws.core.OllamaClientObserver;
import io.github.ollamaws.core.OllamaTimeoutException;
import io.github.ollamaws.core.ProtocolException;
import io.github.ollamaws.core.RateLimitedException;
import io.github.ollamaws.core.TokenHandler;
import io.github.ollamaws.testserver.ScriptedBackend;
import io.github.ollamaws.testserver.ScriptedModel;
import io.github.ollamaws.testsupport.CapturedLogs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Every request ends, whatever the gateway does: dies, stalls, goes silent or sends
 * garbage.
 */
class OllamaTemplateFailureTests extends GatewayTestSupport {

	private static ScriptedBackend backend() {
		return ScriptedBackend.withDefaultModels()
			.model(ScriptedModel.named("endless").tokenCount(100_000).tokenDelay(Duration.ofMillis(10)))
			.model(ScriptedModel.named("silent").neverAnswers());
	}

	@Test
	void serverDyingMidStreamFailsTheStreamWithConnectionLostAndPartialText() throws Exception {
		startServer(backend());
		OllamaTemplate template = template((builder) -> builder.pool((pool) -> pool.size(1)));
		CountDownLatch tokens = new CountDownLatch(5);
		Generation generation = template.stream(GenerateRequest.builder("x").model("endless").build(),
				(token) -> tokens.countDown());
		assertThat(tokens.await(10, TimeUnit.SECONDS)).isTrue();
		long start = System.nanoTime();
		this.server.faults().dropAllConnections();
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> generation.result().get(5, TimeUnit.SECONDS))
			.havingCause()
			.isInstanceOfSatisfying(ConnectionLostException.class,
					(ex) -> assertThat(ex.partialText()).startsWith("t0 t1 t2 t3 t4 "));
		// At once, not at the request timeout (20 s); generous for a loaded machine.
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
	}

	@Test
	void connectionRefusedFailsWithGatewayUnavailable() {
		startServer(backend());
		// At once, without waiting for the gateway to come back
		// (OllamaTemplateWaitForConnectionTests).
		OllamaTemplate template = template((builder) -> builder.pool((pool) -> pool.waitForConnection(false)));
		this.server.stop();
		// Named by the root of Tomcat's failure, the refusal itself.
		assertThatExceptionOfType(GatewayUnavailableException.class).isThrownBy(() -> template.generate("x"))
			.withMessageContaining("ConnectException: Connection refused");
	}

	@Test
	void reconnectionDelaysPastAnyClockStillFailRequestsAtOnce() {
		startServer(backend());
		Duration millennium = Duration.ofDays(365L * 1000);
		OllamaTemplate template = template((builder) -> builder
			.reconnect((reconnect) -> reconnect.initialDelay(millennium)
				.multiplier(2.0)
				.maxDelay(millennium)
				.maxAttempts(-1)
				.jitter(0.2))
			.pool((pool) -> pool.acquireTimeout(Duration.ofSeconds(30)).waitForConnection(false)));
		this.server.stop();
		long start = System.nanoTime();
		assertThatExceptionOfType(GatewayUnavailableException.class).isThrownBy(() -> template.generate("x"));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
	}

	@Test
	void malformedAndUnknownFramesAreIgnoredEachWithALogLine() {
		startServer(backend());
		OllamaTemplate template = template((builder) -> builder.pool((pool) -> pool.size(1)));
		template.ping();
		try (CapturedLogs logs = CapturedLogs.atTrace()) {
			this.server.faults().sendMalformedJsonToAll();
			this.server.faults().sendUnknownTypeToAll();
			this.server.faults().sendTokenForUnknownIdToAll();
			this.server.faults().sendToAll("{\"type\":\"error\",\"error\":\"Unsupported message type: x\"}");
			this.server.faults().sendToAll("{\"type\":\"error\",\"error\":\"boom\",\"code\":\"internal\"}");
			this.server.faults().sendToAll("{\"type\":\"challenge\",\"challenge\":\"again\"}");
			assertThat(template.generate("x").text()).isEqualTo(String.join("", ScriptedBackend.DEFAULT_TOKENS));
			// The first at WARN, the others within its 10 s at DEBUG only.
			assertThat(logs.lines())
				.anyMatch((line) -> line.contains(" WARN ") && line.contains("ignored a malformed frame"))
				.anyMatch((line) -> line.contains("ignored a frame of unknown type"))
				.anyMatch((line) -> line.contains("ignored a 'stream_token' frame for unknown request"))
				.anyMatch((line) -> line.endsWith("received an error for no request: Unsupported message type: x"))
				.anyMatch((line) -> line.endsWith("received an error for no request: boom (internal)"))
				.anyMatch((line) -> line.contains("ignored an unexpected 'challenge' frame"))
				.noneMatch((line) -> line.contains("replacing it"));
		}
		assertThat(template.poolStatus().authenticated()).isEqualTo(1);
		assertThat(this.server.openConnections()).isEqualTo(1);
	}

	@Test
	void aFloodOfGarbageReplacesTheConnectionAndSaysWhy() {
		startServer(backend());
		OllamaTemplate template = template((builder) -> builder.pool((pool) -> pool.size(1)));
		template.ping();
		try (CapturedLogs logs = CapturedLogs.atTrace()) {
			for (int i = 0; i < 25; i++) {
				this.server.faults().sendMalformedJsonToAll();
			}
			await().atMost(Duration.ofSeconds(5)).until(() -> template.poolStatus().reconnects() >= 1);
			assertThat(logs.lines())
				.anyMatch((line) -> line.contains(" WARN ") && line.contains("sent 20 malformed frames in a row"));
		}
		assertThat(template.generate("x").finishReason()).isEqualTo(FinishReason.COMPLETED);
	}

	@Test
	void requestTimeoutFailsAndStopsTheGeneration() {
		startServer(backend());
		OllamaTemplate template = template();
		assertThatExceptionOfType(OllamaTimeoutException.class)
			.isThrownBy(() -> template
				.generate(GenerateRequest.builder("x").model("silent").timeout(Duration.ofMillis(500)).build()))
			.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(OllamaTimeoutException.Kind.REQUEST));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.server.activeGenerations() == 0);
		assertThat(this.server.receivedFrames("stop")).hasSize(1);
	}

	@Test
	void silentStreamFailsWithIdleTimeoutKeepingThePartialText() throws Exception {
		startServer(backend());
		OllamaTemplate template = template((builder) -> builder.idleTimeout(Duration.ofMillis(500)));
		CountDownLatch tokens = new CountDownLatch(3);
		Generation generation = template.stream(GenerateRequest.builder("x").model("endless").build(),
				(token) -> tokens.countDown());
		assertThat(tokens.await(10, TimeUnit.SECONDS)).isTrue();
		this.server.faults().pauseStreams();
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> generation.result().get(10, TimeUnit.SECONDS))
			.havingCause()
			.isInstanceOfSatisfying(OllamaTimeoutException.class, (ex) -> {
				assertThat(ex.kind()).isEqualTo(OllamaTimeoutException.Kind.IDLE);
				assertThat(ex.partialText()).startsWith("t0 t1 t2 ");
			});
		this.server.faults().resumeStreams();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.server.activeGenerations() == 0);
	}

	@Test
	void tokensKeepAStreamFromIdling() {
		startServer(backend());
		this.server.scriptedBackend()
			.model(ScriptedModel.named("steady").tokenCount(12).tokenDelay(Duration.ofMillis(100)));
		OllamaTemplate template = template((builder) -> builder.idleTimeout(Duration.ofMillis(400)));
		GenerationResult result = template.generate("steady", "x");
		assertThat(result.finishReason()).isEqualTo(FinishReason.COMPLETED);
		assertThat(result.totalTokens()).isEqualTo(12);
	}

	@Test
	void stalledServerFailsWithAuthTimeout() {
		startServer(backend());
		this.server.faults().stall();
		OllamaTemplate template = template(
				(builder) -> builder.authTimeout(Duration.ofMillis(500)).pool((pool) -> pool.waitForConnection(false)));
		long start = System.nanoTime();
		assertThatExceptionOfType(OllamaTimeoutException.class).isThrownBy(template::ping)
			.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(OllamaTimeoutException.Kind.AUTH));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
	}

	@Test
	void errorWithoutCodeForAGenerationFailsItWithTheGatewaysMessage() throws Exception {
		startServer(backend());
		OllamaTemplate template = template((builder) -> builder.pool((pool) -> pool.size(1)));
		Generation generation = template.stream(GenerateRequest.builder("x").model("silent").build(), (token) -> {
		});
		await().atMost(Duration.ofSeconds(5)).until(() -> this.server.activeGenerations() == 1);
		// The real gateway's shape for a request it cannot take: an id, no code.
		this.server.faults()
			.sendToAll("{\"type\":\"error\",\"id\":\"" + generation.id() + "\",\"error\":\"Missing required fields\"}");
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> generation.result().get(5, TimeUnit.SECONDS))
			.havingCause()
			.isInstanceOfSatisfying(GenerationFailedException.class, (ex) -> {
				assertThat(ex.code()).isNull();
				assertThat(ex.serverMessage()).isEqualTo("Missing required fields");
			});
		assertThat(template.generate("x").finishReason()).isEqualTo(FinishReason.COMPLETED);
	}

	@Test
	void notAuthenticatedErrorReplacesTheConnectionAndSaysWhy() {
		startServer(backend());
		OllamaTemplate template = template((builder) -> builder.pool((pool) -> pool.size(1)));
		template.ping();
		try (CapturedLogs logs = CapturedLogs.atTrace()) {
			this.server.faults()
				.sendToAll("{\"type\":\"error\",\"error\":\"Not authenticated\",\"code\":\"unauthorized\"}");
			await().atMost(Duration.ofSeconds(5)).until(() -> template.poolStatus().reconnects() >= 1);
			assertThat(logs.lines()).anyMatch(
					(line) -> line.contains(" WARN ") && line.contains("is no longer authenticated; replacing it"));
		}
		assertThat(template.generate("x").finishReason()).isEqualTo(FinishReason.COMPLETED);
	}

	@Test
	void missingPongReplacesTheConnectionAndSaysWhy() {
		startServer(backend());
		OllamaTemplate template = template((builder) -> builder.pool((pool) -> pool.size(1))
			.heartbeat((heartbeat) -> heartbeat.interval(Duration.ofMillis(200)).timeout(Duration.ofMillis(300))));
		template.ping();
		try (CapturedLogs logs = CapturedLogs.atTrace()) {
			this.server.faults().ignorePings();
			await().atMost(Duration.ofSeconds(10)).until(() -> template.poolStatus().reconnects() >= 1);
			assertThat(logs.lines()).anyMatch((line) -> line.contains(" WARN ")
					&& line.contains("did not answer a heartbeat within 300 ms; replacing it"));
		}
		// The silent connection's WebSocket closed, not left open beside its replacement.
		await().atMost(Duration.ofSeconds(10)).until(() -> this.server.openConnections() == 1);
		this.server.faults().answerPings();
		assertThat(template.generate("x").finishReason()).isEqualTo(FinishReason.COMPLETED);
	}

	@Test
	void framesReceivedDeferTheHeartbeat() {
		startServer(backend());
		this.server.scriptedBackend()
			.model(ScriptedModel.named("steady").tokenCount(15).tokenDelay(Duration.ofMillis(100)));
		OllamaTemplate template = template((builder) -> builder.pool((pool) -> pool.size(1))
			.heartbeat((heartbeat) -> heartbeat.interval(Duration.ofMillis(300)).timeout(Duration.ofSeconds(2))));
		assertThat(template.generate("steady", "x").totalTokens()).isEqualTo(15);
		// 1.5 s of frames at most 100 ms apart: the connection was never idle for 300 ms.
		assertThat(this.server.receivedFrames("ping")).isEmpty();
		await().atMost(Duration.ofSeconds(5)).until(() -> !this.server.receivedFrames("ping").isEmpty());
	}

	@Test
	void anIdleConnectionPingsAgainAfterEachPong() {
		startServer(backend());
		AtomicInteger roundTrips = new AtomicInteger();
		OllamaTemplate template = template((builder) -> builder.pool((pool) -> pool.size(1))
			.heartbeat((heartbeat) -> heartbeat.interval(Duration.ofMillis(100)).timeout(Duration.ofSeconds(2)))
			.observer(new OllamaClientObserver() {

				@Override
				public void pingCompleted(Duration roundTrip) {
					roundTrips.incrementAndGet();
				}

			}));
		// The first request opens the connection; then nothing but heartbeats.
		assertThat(template.listModels()).isNotEmpty();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.server.receivedFrames("ping").size() >= 3);
		// Each heartbeat's round trip observed.
		await().atMost(Duration.ofSeconds(5)).until(() -> roundTrips.get() >= 3);
		assertThat(template.poolStatus().reconnects()).isZero();
	}

	@Test
	void heartbeatsDoNotDisturbRequestsInFlight() throws Exception {
		startServer(backend());
		OllamaTemplate template = template((builder) -> builder.pool((pool) -> pool.size(1))
			.heartbeat((heartbeat) -> heartbeat.interval(Duration.ofMillis(50)).timeout(Duration.ofSeconds(2))));
		this.server.scriptedBackend()
			.model(ScriptedModel.named("slow").tokenCount(20).tokenDelay(Duration.ofMillis(100)));
		GenerationResult result = template.generate("slow", "x");
		assertThat(result.totalTokens()).isEqualTo(20);
		await().atMost(Duration.ofSeconds(5)).until(() -> !this.server.receivedFrames("ping").isEmpty());
		assertThat(template.poolStatus().reconnects()).isZero();
	}

	@Test
	void aConnectionLostBeforeTheFirstTokenIsRetriedOnTheReplacementWithAPoolOfOne() throws Exception {
		startServer(backend());
		this.server.scriptedBackend()
			.model(ScriptedModel.named("loading").firstTokenDelay(Duration.ofSeconds(1)).tokens("a", "b"));
		OllamaTemplate template = template((builder) -> builder.pool((pool) -> pool.size(1)));
		CountDownLatch started = new CountDownLatch(1);
		List<String> startedIds = new CopyOnWriteArrayList<>();
		Generation generation = template.stream(GenerateRequest.builder("x").model("loading").build(),
				new TokenHandler() {

					@Override
					public void onToken(String token) {
					}

					@Override
					public void onStart(String generationId, String model) {
						startedIds.add(generationId);
						started.countDown();
					}

				});
		String id = generation.id();
		assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
		this.server.faults().dropAllConnections();
		GenerationResult result = generation.result().get(20, TimeUnit.SECONDS);
		assertThat(result.text()).isEqualTo("ab");
		// One id for the caller, from start to result; a new one on the wire for the
		// retry.
		assertThat(generation.id()).isEqualTo(id);
		assertThat(result.id()).isEqualTo(id);
		assertThat(startedIds).containsExactly(id);
		assertThat(this.server.receivedFrames("generate")).hasSize(2)
			.extracting((frame) -> frame.json().get("id").asText())
			.containsExactly(id, this.server.receivedFrames("generate").get(1).json().get("id").asText())
			.doesNotHaveDuplicates();
	}

	@Test
	void retryAfterOnAnErrorFrameReachesTheRateLimitedException() {
		startServer(backend());
		OllamaTemplate template = template((builder) -> builder.pool((pool) -> pool.size(1)));
		Generation generation = template.stream(GenerateRequest.builder("x").model("silent").build(), (token) -> {
		});
		await().atMost(Duration.ofSeconds(10)).until(() -> this.server.activeGenerations() == 1);
		this.server.faults()
			.sendToAll("{\"type\":\"error\",\"id\":\"" + generation.id()
					+ "\",\"error\":\"Too many requests\",\"code\":\"rate_limited\",\"retryAfter\":7}");
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> generation.result().get(5, TimeUnit.SECONDS))
			.havingCause()
			.isInstanceOfSatisfying(RateLimitedException.class,
					(ex) -> assertThat(ex.retryAfter()).isEqualTo(Duration.ofSeconds(7)));
	}

	@ParameterizedTest
	@ValueSource(strings = { "3000000000", "1e30", "-1", "2.5" })
	void aStreamEndWithATokenCountNoIntHoldsFailsAtOnce(String totalTokens) {
		startServer(backend());
		OllamaTemplate template = template((builder) -> builder.pool((pool) -> pool.size(1)));
		Generation generation = template.stream(GenerateRequest.builder("x").model("silent").build(), (token) -> {
		});
		await().atMost(Duration.ofSeconds(10)).until(() -> this.server.activeGenerations() == 1);
		this.server.faults()
			.sendToAll("{\"type\":\"stream_end\",\"id\":\"" + generation.id() + "\",\"totalTokens\":" + totalTokens
					+ ",\"elapsedTime\":5}");
		// At once, not after the request timeout (20 s).
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> generation.result().get(5, TimeUnit.SECONDS))
			.withCauseInstanceOf(ProtocolException.class);
	}

}
