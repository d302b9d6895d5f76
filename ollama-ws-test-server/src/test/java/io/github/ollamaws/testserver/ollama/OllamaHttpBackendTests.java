package io.github.ollamaws.testserver.ollama;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import io.github.ollamaws.testserver.GenerationRequest;
import io.github.ollamaws.testserver.ModelBackend.GenerationHandle;
import io.github.ollamaws.testserver.ModelDescriptor;
import io.github.ollamaws.testserver.TokenSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.awaitility.Awaitility.await;

/**
 * Tests of {@link OllamaHttpBackend} against {@link FakeOllama}, a real HTTP server on
 * loopback.
 */
class OllamaHttpBackendTests {

	private FakeOllama ollama;

	private OllamaHttpBackend backend;

	private final List<RecordingSink> sinks = new CopyOnWriteArrayList<>();

	@BeforeEach
	void start() throws IOException {
		this.ollama = new FakeOllama();
		this.backend = OllamaHttpBackend.create(this.ollama.url());
	}

	@AfterEach
	void stop() {
		this.backend.close();
		this.ollama.close();
		assertThat(this.sinks).allSatisfy((sink) -> assertThat(sink.contractBreaches).hasValue(0));
	}

	@Test
	void streamsEachNdjsonLineAsATokenWhenItArrives() throws Exception {
		CountDownLatch firstTokenSeen = new CountDownLatch(1);
		this.ollama.onGenerate((exchange, request) -> {
			try (OutputStream out = FakeOllama.startStream(exchange)) {
				FakeOllama.writeLine(out, FakeOllama.chunk("llama3", "Hello"));
				// The rest waits until the client has seen the first chunk: proves
				// incremental parsing.
				FakeOllama.await(firstTokenSeen);
				FakeOllama.writeLine(out, FakeOllama.chunk("llama3", ", wörld"));
				FakeOllama.writeLine(out, FakeOllama.chunk("llama3", " ✓\n"));
				FakeOllama.writeLine(out, FakeOllama.done("llama3"));
			}
		});
		RecordingSink sink = new RecordingSink();
		this.backend.generate(request("llama3", Map.of()), sink);
		await().untilAsserted(() -> assertThat(sink.tokens).containsExactly("Hello"));
		assertThat(sink.outcome).isNotDone();
		firstTokenSeen.countDown();
		assertThat(sink.outcome.get()).isEqualTo(RecordingSink.COMPLETED);
		assertThat(sink.tokens).containsExactly("Hello", ", wörld", " ✓\n");
	}

	@Test
	void unknownModelFailsLikeTheGatewayWithOllamasBody() throws Exception {
		this.ollama.onGenerate((exchange, request) -> FakeOllama.respond(exchange, 404, "{\"error\":\"model \\\""
				+ request.path("model").asText() + "\\\" not found, try pulling it first\"}"));
		RecordingSink sink = new RecordingSink();
		this.backend.generate(request("nope", Map.of()), sink);
		assertThat(sink.outcome.get())
			.isEqualTo("Ollama API error: 404 {\"error\":\"model \\\"nope\\\" not found, try pulling it first\"}");
		assertThat(sink.tokens).isEmpty();
	}

	@Test
	void serverErrorFailsWithStatusAndBody() throws Exception {
		this.ollama.onGenerate((exchange, request) -> FakeOllama.respond(exchange, 500,
				"{\"error\":\"llama runner process has terminated\"}"));
		RecordingSink sink = new RecordingSink();
		this.backend.generate(request("llama3", Map.of()), sink);
		assertThat(sink.outcome.get())
			.isEqualTo("Ollama API error: 500 {\"error\":\"llama runner process has terminated\"}");
	}

	@Test
	void refusedConnectionFailsAsFetchFailed() throws Exception {
		try (OllamaHttpBackend unreachable = OllamaHttpBackend.create(closedPortUrl())) {
			RecordingSink sink = new RecordingSink();
			unreachable.generate(request("llama3", Map.of()), sink);
			assertThat(sink.outcome.get()).isEqualTo("fetch failed");
			assertThatException().isThrownBy(unreachable::listModels).withMessage("fetch failed");
		}
	}

	@Test
	void streamDroppedMidwayFailsAsTerminatedAfterTheTokensSent() throws Exception {
		this.ollama.onGenerate((exchange, request) -> {
			OutputStream out = FakeOllama.startStream(exchange);
			FakeOllama.writeLine(out, FakeOllama.chunk("llama3", "a"));
			FakeOllama.writeLine(out, FakeOllama.chunk("llama3", "b"));
			// The JDK server closes the connection of a failed handler without ending the
			// chunked body.
			throw new IllegalStateException("Ollama crashed");
		});
		RecordingSink sink = new RecordingSink();
		this.backend.generate(request("llama3", Map.of()), sink);
		assertThat(sink.outcome.get()).isEqualTo("terminated");
		assertThat(sink.tokens).containsExactly("a", "b");
	}

	@Test
	void errorLineInsideTheStreamIsDroppedAndTheGenerationEndsNormally() throws Exception {
		this.ollama.onGenerate((exchange, request) -> {
			try (OutputStream out = FakeOllama.startStream(exchange)) {
				FakeOllama.writeLine(out, FakeOllama.chunk("llama3", "partial"));
				FakeOllama.writeLine(out, "{\"error\":\"an error was encountered while running the model\"}");
			}
		});
		RecordingSink sink = new RecordingSink();
		this.backend.generate(request("llama3", Map.of()), sink);
		assertThat(sink.outcome.get()).isEqualTo(RecordingSink.COMPLETED);
		assertThat(sink.tokens).containsExactly("partial");
	}

	@Test
	void slowFirstByteIsWaitedFor() throws Exception {
		CountDownLatch modelLoaded = new CountDownLatch(1);
		this.ollama.onGenerate((exchange, request) -> {
			FakeOllama.await(modelLoaded);
			FakeOllama.streaming("late", " but", " here").handle(exchange, request);
		});
		RecordingSink sink = new RecordingSink();
		this.backend.generate(request("llama3", Map.of()), sink);
		assertThat(this.ollama.awaitRequest()).isTrue();
		assertThat(sink.outcome).isNotDone();
		modelLoaded.countDown();
		assertThat(sink.outcome.get()).isEqualTo(RecordingSink.COMPLETED);
		assertThat(sink.tokens).containsExactly("late", " but", " here");
	}

	@Test
	void theGatewaysOptionsAreSpreadIntoTheTopLevelAsTheRealGatewayDoes() throws Exception {
		this.ollama.onGenerate(FakeOllama.streaming("ok"));
		Map<String, Object> options = new LinkedHashMap<>();
		// What the gateway's docs suggest: a real Ollama ignores both at the top level.
		options.put("temperature", 0.2);
		options.put("max_tokens", 64);
		options.put("system", "Be brief.");
		options.put("options", Map.of("num_predict", 32));
		RecordingSink sink = new RecordingSink();
		this.backend.generate(request("llama3", options), sink);
		assertThat(sink.outcome.get()).isEqualTo(RecordingSink.COMPLETED);
		assertThat(this.ollama.generateRequests().get(0).toString())
			.isEqualTo("{\"model\":\"llama3\",\"prompt\":\"Why is the sky blue?\",\"stream\":true,"
					+ "\"temperature\":0.2,\"max_tokens\":64,\"system\":\"Be brief.\",\"options\":{\"num_predict\":32}}");
	}

	@Test
	void optionKeysOverrideTheGatewaysOwnFieldsAsAJavaScriptSpreadDoes() throws Exception {
		this.ollama.onGenerate(FakeOllama.streaming("ok"));
		Map<String, Object> options = new LinkedHashMap<>();
		options.put("stream", false);
		options.put("model", "other");
		RecordingSink sink = new RecordingSink();
		this.backend.generate(request("llama3", options), sink);
		sink.outcome.get();
		assertThat(this.ollama.generateRequests().get(0).toString())
			.isEqualTo("{\"model\":\"other\",\"prompt\":\"Why is the sky blue?\",\"stream\":false}");
	}

	@Test
	void noOptionsSendsNoOptionsObject() throws Exception {
		this.ollama.onGenerate(FakeOllama.streaming("ok"));
		RecordingSink sink = new RecordingSink();
		this.backend.generate(request("llama3", Map.of()), sink);
		assertThat(sink.outcome.get()).isEqualTo(RecordingSink.COMPLETED);
		assertThat(this.ollama.generateRequests().get(0).has("options")).isFalse();
	}

	@Test
	void abortMidStreamClosesTheUpstreamRequestAndReportsNothing() throws Exception {
		this.ollama.onGenerate((exchange, request) -> {
			OutputStream out = FakeOllama.startStream(exchange);
			FakeOllama.writeLine(out, FakeOllama.chunk("llama3", "first "));
			this.ollama.keepWritingUntilDisconnected(out, "llama3");
		});
		RecordingSink sink = new RecordingSink();
		GenerationHandle handle = this.backend.generate(request("llama3", Map.of()), sink);
		await().until(() -> !sink.tokens.isEmpty());
		handle.abort();
		handle.abort();
		assertThat(this.ollama.awaitClientDisconnected()).isTrue();
		assertThat(sink.outcome).isNotDone();
	}

	@Test
	void abortBeforeOllamaAnsweredClosesTheUpstreamRequest() throws Exception {
		CountDownLatch aborted = new CountDownLatch(1);
		this.ollama.onGenerate((exchange, request) -> {
			FakeOllama.await(aborted);
			this.ollama.keepWritingUntilDisconnected(FakeOllama.startStream(exchange), "llama3");
		});
		RecordingSink sink = new RecordingSink();
		GenerationHandle handle = this.backend.generate(request("llama3", Map.of()), sink);
		assertThat(this.ollama.awaitRequest()).isTrue();
		handle.abort();
		aborted.countDown();
		assertThat(this.ollama.awaitClientDisconnected()).isTrue();
		assertThat(sink.outcome).isNotDone();
		assertThat(sink.tokens).isEmpty();
	}

	@Test
	void closeAbortsRunningGenerationsUpstream() throws Exception {
		this.ollama.onGenerate((exchange, request) -> {
			OutputStream out = FakeOllama.startStream(exchange);
			FakeOllama.writeLine(out, FakeOllama.chunk("llama3", "first "));
			this.ollama.keepWritingUntilDisconnected(out, "llama3");
		});
		RecordingSink sink = new RecordingSink();
		this.backend.generate(request("llama3", Map.of()), sink);
		await().until(() -> !sink.tokens.isEmpty());
		this.backend.close();
		assertThat(this.ollama.awaitClientDisconnected()).isTrue();
		assertThat(sink.outcome).isNotDone();
	}

	@Test
	void listsModelsFromTags() throws Exception {
		this.ollama.tags(200, """
				{"models":[{"name":"llama3:8b","model":"llama3:8b","modified_at":"2024-05-01T10:15:30.1+02:00",
				"size":4661224676,"digest":"365c0bd3c000a25d28ddbf732fe1c6add414de7275464c4e4d1c3b5fcb5d8ad1",
				"details":{"parent_model":"","format":"gguf","family":"llama","families":["llama"],
				"parameter_size":"8.0B","quantization_level":"Q4_0"}},
				{"name":"tinyllama"}]}
				""");
		assertThat(this.backend.listModels())
			.containsExactly(
					new ModelDescriptor("llama3:8b", "llama3:8b", "2024-05-01T10:15:30.1+02:00", 4661224676L,
							"365c0bd3c000a25d28ddbf732fe1c6add414de7275464c4e4d1c3b5fcb5d8ad1", "gguf", "llama", "8.0B",
							"Q4_0"),
					new ModelDescriptor("tinyllama", "tinyllama", null, 0, null, null, null, null, null));
	}

	@Test
	void failedListingThrowsWithStatusAndBody() {
		this.ollama.tags(500, "{\"error\":\"out of memory\"}");
		assertThatException().isThrownBy(this.backend::listModels)
			.withMessage("Ollama API error: 500 {\"error\":\"out of memory\"}");
	}

	@Test
	void probeFindsAnOllama() {
		assertThat(OllamaHttpBackend.isAvailable(this.ollama.url(), Duration.ofSeconds(5))).isTrue();
	}

	@Test
	void probeRefusesAClosedPort() throws IOException {
		assertThat(OllamaHttpBackend.isAvailable(closedPortUrl(), Duration.ofSeconds(5))).isFalse();
	}

	@Test
	void probeRefusesAnotherKindOfServer() throws IOException {
		HttpServer other = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		other.createContext("/", (exchange) -> FakeOllama.respond(exchange, 404, "not here"));
		other.start();
		try {
			URI url = URI.create("http://127.0.0.1:" + other.getAddress().getPort());
			assertThat(OllamaHttpBackend.isAvailable(url, Duration.ofSeconds(5))).isFalse();
		}
		finally {
			other.stop(0);
		}
	}

	@Test
	void probeGivesUpOnAServerThatNeverAnswers() throws IOException {
		// The kernel accepts the connection into the backlog; nothing ever reads or
		// answers it.
		try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			URI url = URI.create("http://127.0.0.1:" + silent.getLocalPort());
			assertThat(OllamaHttpBackend.isAvailable(url, Duration.ofMillis(200))).isFalse();
		}
	}

	private static GenerationRequest request(String model, Map<String, Object> options) {
		return new GenerationRequest("g-1", model, "Why is the sky blue?", options);
	}

	private static URI closedPortUrl() throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			port = socket.getLocalPort();
		}
		return URI.create("http://127.0.0.1:" + port);
	}

	/**
	 * Records what a backend reports: the tokens, then the outcome ({@link #COMPLETED} or
	 * the failure). Breaches of the sink's contract (a second outcome, a token after it)
	 * are counted, since an assertion thrown on the HTTP client's thread would go unseen.
	 */
	final class RecordingSink implements TokenSink {

		static final String COMPLETED = "completed";

		final List<String> tokens = new CopyOnWriteArrayList<>();

		final CompletableFuture<String> outcome = new CompletableFuture<String>()
			.orTimeout(FakeOllama.maxWait().toSeconds(), TimeUnit.SECONDS);

		final AtomicInteger contractBreaches = new AtomicInteger();

		RecordingSink() {
			OllamaHttpBackendTests.this.sinks.add(this);
		}

		@Override
		public void token(String token) {
			if (this.outcome.isDone()) {
				this.contractBreaches.incrementAndGet();
			}
			this.tokens.add(token);
		}

		@Override
		public void complete() {
			end(COMPLETED);
		}

		@Override
		public void fail(String message) {
			end(message);
		}

		private void end(String result) {
			if (!this.outcome.complete(result)) {
				this.contractBreaches.incrementAndGet();
			}
		}

	}

}
