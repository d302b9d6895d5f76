package io.github.ollamaws.testserver.ollama;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server on loopback speaking Ollama's API: {@code /api/version},
 * {@code /api/tags} and a streaming {@code /api/generate} whose behaviour each test sets.
 * It records the generate requests it receives and notices when a client goes away in the
 * middle of a response.
 */
final class FakeOllama implements AutoCloseable {

	static final ObjectMapper MAPPER = new ObjectMapper();

	/** A stream the client abandons is fed a line this often until the write fails. */
	private static final long KEEP_WRITING_MILLIS = 10;

	/**
	 * Upper bound for a handler waiting on a test; keeps a failing test from hanging the
	 * server.
	 */
	private static final long MAX_WAIT_SECONDS = 30;

	private final HttpServer server;

	private final ExecutorService executor = Executors.newCachedThreadPool();

	private final List<JsonNode> generateRequests = new CopyOnWriteArrayList<>();

	private final CountDownLatch clientDisconnected = new CountDownLatch(1);

	private final CountDownLatch requestReceived = new CountDownLatch(1);

	private volatile Handler generateHandler = (exchange, request) -> respond(exchange, 404, "404 page not found");

	private volatile String tagsBody = "{\"models\":[]}";

	private volatile int tagsStatus = 200;

	FakeOllama() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.setExecutor(this.executor);
		this.server.createContext("/api/version", (exchange) -> respond(exchange, 200, "{\"version\":\"0.5.7\"}"));
		this.server.createContext("/api/tags", (exchange) -> respond(exchange, this.tagsStatus, this.tagsBody));
		this.server.createContext("/api/generate", (exchange) -> {
			JsonNode request = MAPPER.readTree(exchange.getRequestBody());
			this.generateRequests.add(request);
			this.requestReceived.countDown();
			this.generateHandler.handle(exchange, request);
		});
		this.server.start();
	}

	URI url() {
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort());
	}

	void onGenerate(Handler handler) {
		this.generateHandler = handler;
	}

	void tags(int status, String body) {
		this.tagsStatus = status;
		this.tagsBody = body;
	}

	List<JsonNode> generateRequests() {
		return this.generateRequests;
	}

	boolean awaitRequest() throws InterruptedException {
		return this.requestReceived.await(MAX_WAIT_SECONDS, TimeUnit.SECONDS);
	}

	boolean awaitClientDisconnected() throws InterruptedException {
		return this.clientDisconnected.await(MAX_WAIT_SECONDS, TimeUnit.SECONDS);
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	// Responses

	static void respond(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	/**
	 * Starts a chunked NDJSON response, as Ollama streams a generation.
	 */
	static OutputStream startStream(HttpExchange exchange) throws IOException {
		exchange.getResponseHeaders().set("Content-Type", "application/x-ndjson");
		exchange.sendResponseHeaders(200, 0);
		return exchange.getResponseBody();
	}

	/**
	 * Writes and flushes one NDJSON line, so that it leaves as its own chunk.
	 */
	static void writeLine(OutputStream out, String line) throws IOException {
		out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
		out.flush();
	}

	static String chunk(String model, String response) {
		return "{\"model\":\"" + model + "\",\"created_at\":\"2024-05-01T10:15:30Z\",\"response\":"
				+ MAPPER.valueToTree(response) + ",\"done\":false}";
	}

	static String done(String model) {
		return "{\"model\":\"" + model + "\",\"created_at\":\"2024-05-01T10:15:31Z\",\"response\":\"\",\"done\":true,"
				+ "\"done_reason\":\"stop\",\"total_duration\":1234567,\"eval_count\":3}";
	}

	/**
	 * Streams the given tokens as Ollama does, then its final {@code done} line.
	 */
	static Handler streaming(String... tokens) {
		return (exchange, request) -> {
			String model = request.path("model").asText();
			try (OutputStream out = startStream(exchange)) {
				for (String token : tokens) {
					writeLine(out, chunk(model, token));
				}
				writeLine(out, done(model));
			}
		};
	}

	/**
	 * Writes lines to a response the client should abandon until writing fails, then
	 * records the disconnect. Gives up silently after a while (the test then fails on its
	 * own latch).
	 */
	void keepWritingUntilDisconnected(OutputStream out, String model) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(MAX_WAIT_SECONDS);
		try {
			while (System.nanoTime() < deadline) {
				writeLine(out, chunk(model, "more "));
				TimeUnit.MILLISECONDS.sleep(KEEP_WRITING_MILLIS);
			}
		}
		catch (IOException ex) {
			this.clientDisconnected.countDown();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	static void await(CountDownLatch latch) {
		try {
			latch.await(MAX_WAIT_SECONDS, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	static Duration maxWait() {
		return Duration.ofSeconds(MAX_WAIT_SECONDS);
	}

	/**
	 * What the server does with one {@code POST /api/generate}.
	 */
	@FunctionalInterface
	interface Handler {

		void handle(HttpExchange exchange, JsonNode request) throws IOException;

	}

}
