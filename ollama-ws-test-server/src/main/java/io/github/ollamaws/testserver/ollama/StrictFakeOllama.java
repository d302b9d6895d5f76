package io.github.ollamaws.testserver.ollama;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A fake Ollama on loopback that is strict about what it is sent: every
 * {@code POST /api/generate} body is checked against Ollama's request schema
 * ({@link OllamaGenerateSchema}). A body a real Ollama would take but partly ignore (an
 * unknown field, a model parameter at the top level, an unknown or mistyped model
 * parameter) is answered {@code 400} with the violations, so the generation fails in the
 * test that sent it; a valid one is answered with a streamed reply, as Ollama streams.
 * Every body is recorded.
 *
 * <p>
 * Put it behind a test server with {@link OllamaHttpBackend}: what a client sends then
 * crosses the gateway exactly as it would reach a real Ollama.
 *
 * <pre class="code">
 * try (StrictFakeOllama ollama = StrictFakeOllama.start();
 *         OllamaWsTestServer gateway = OllamaWsTestServer.builder()
 *             .backend(OllamaHttpBackend.create(ollama.url())).start()) {
 *     // ... generate through the client, then:
 *     JsonNode body = ollama.lastGenerateRequest();
 * }
 * </pre>
 *
 * <p>
 * Thread-safe.
 */
public final class StrictFakeOllama implements AutoCloseable {

	private static final ObjectMapper MAPPER = new ObjectMapper();

	private final HttpServer server;

	private final ExecutorService executor;

	private final List<JsonNode> generateRequests = new CopyOnWriteArrayList<>();

	private final List<String> violations = new CopyOnWriteArrayList<>();

	private volatile Function<JsonNode, List<String>> reply = (request) -> List.of("Hello", " from", " Ollama");

	private volatile List<String> models = List.of("llama3");

	private StrictFakeOllama() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.executor = Executors.newCachedThreadPool((task) -> {
			Thread thread = new Thread(task, "strict-fake-ollama");
			thread.setDaemon(true);
			return thread;
		});
		this.server.setExecutor(this.executor);
		this.server.createContext("/api/version", (exchange) -> respond(exchange, 200, "{\"version\":\"0.12.0\"}"));
		this.server.createContext("/api/tags", this::tags);
		this.server.createContext("/api/generate", this::generate);
		this.server.start();
	}

	/**
	 * Starts a fake Ollama on a free loopback port.
	 * @return the running fake
	 * @throws IllegalStateException if it cannot listen
	 */
	public static StrictFakeOllama start() {
		try {
			return new StrictFakeOllama();
		}
		catch (IOException ex) {
			throw new IllegalStateException("The fake Ollama cannot listen on loopback", ex);
		}
	}

	/**
	 * Its base URL, for {@link OllamaHttpBackend#create(URI)}.
	 * @return the URL
	 */
	public URI url() {
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort());
	}

	/**
	 * Sets the reply to valid generate requests: the tokens streamed, one NDJSON line
	 * each.
	 * @param reply the tokens for a request body
	 * @return this fake
	 */
	public StrictFakeOllama reply(Function<JsonNode, List<String>> reply) {
		this.reply = reply;
		return this;
	}

	/**
	 * Sets the reply to valid generate requests to fixed tokens.
	 * @param tokens the tokens
	 * @return this fake
	 */
	public StrictFakeOllama reply(String... tokens) {
		List<String> fixed = List.of(tokens);
		return reply((request) -> fixed);
	}

	/**
	 * Sets the models {@code /api/tags} lists.
	 * @param names the model names
	 * @return this fake
	 */
	public StrictFakeOllama models(String... names) {
		this.models = List.of(names);
		return this;
	}

	/**
	 * The generate request bodies received, oldest first, valid or not.
	 * @return the bodies
	 */
	public List<JsonNode> generateRequests() {
		return List.copyOf(this.generateRequests);
	}

	/**
	 * The most recent generate request body.
	 * @return the body
	 * @throws IllegalStateException if none was received
	 */
	public JsonNode lastGenerateRequest() {
		List<JsonNode> received = generateRequests();
		if (received.isEmpty()) {
			throw new IllegalStateException("No generate request was received");
		}
		return received.get(received.size() - 1);
	}

	/**
	 * Every violation of Ollama's schema seen so far, across all requests.
	 * @return the violations, one sentence each
	 */
	public List<String> violations() {
		return List.copyOf(this.violations);
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	private void tags(HttpExchange exchange) throws IOException {
		ObjectNode body = MAPPER.createObjectNode();
		for (String name : this.models) {
			body.withArray("models")
				.addObject()
				.put("name", name)
				.put("model", name)
				.put("modified_at", "2025-01-01T00:00:00Z")
				.put("size", 1)
				.put("digest", "0");
		}
		respond(exchange, 200, MAPPER.writeValueAsString(body));
	}

	private void generate(HttpExchange exchange) throws IOException {
		JsonNode request;
		try {
			request = MAPPER.readTree(exchange.getRequestBody());
		}
		catch (JsonProcessingException ex) {
			respond(exchange, 400, error("invalid JSON: " + ex.getOriginalMessage()));
			return;
		}
		this.generateRequests.add(request);
		List<String> found = OllamaGenerateSchema.violations(request);
		if (!found.isEmpty()) {
			this.violations.addAll(found);
			respond(exchange, 400, error("strict fake Ollama: " + String.join("; ", found)));
			return;
		}
		String model = request.path("model").asText();
		exchange.getResponseHeaders().set("Content-Type", "application/x-ndjson");
		exchange.sendResponseHeaders(200, 0);
		try (OutputStream out = exchange.getResponseBody()) {
			for (String token : this.reply.apply(request)) {
				writeLine(out, chunk(model, token, false));
			}
			writeLine(out, chunk(model, "", true));
		}
	}

	private static ObjectNode chunk(String model, String response, boolean done) {
		ObjectNode chunk = MAPPER.createObjectNode()
			.put("model", model)
			.put("created_at", "2025-01-01T00:00:00Z")
			.put("response", response)
			.put("done", done);
		if (done) {
			chunk.put("done_reason", "stop");
		}
		return chunk;
	}

	private static void writeLine(OutputStream out, JsonNode line) throws IOException {
		out.write((MAPPER.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8));
		out.flush();
	}

	private static String error(String message) throws JsonProcessingException {
		return MAPPER.writeValueAsString(MAPPER.createObjectNode().put("error", message));
	}

	private static void respond(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

}
