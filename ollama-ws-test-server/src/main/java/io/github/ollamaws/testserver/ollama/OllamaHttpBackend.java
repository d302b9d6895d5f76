package io.github.ollamaws.testserver.ollama;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.BodySubscribers;
import java.net.http.HttpResponse.ResponseInfo;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ollamaws.testserver.GenerationRequest;
import io.github.ollamaws.testserver.ModelBackend;
import io.github.ollamaws.testserver.ModelDescriptor;
import io.github.ollamaws.testserver.TokenSink;

/**
 * A {@link ModelBackend} that calls a real Ollama over HTTP, as the real gateway does:
 * models from {@code GET /api/tags}, generations from a streaming
 * {@code POST /api/generate} whose NDJSON lines are parsed as they arrive. Plug it into a
 * test server to put a real Ollama behind the gateway:
 *
 * <pre class="code">
 * URI ollama = OllamaHttpBackend.DEFAULT_URL;
 * if (OllamaHttpBackend.isAvailable(ollama, Duration.ofMillis(500))) {
 *     OllamaWsTestServer server = OllamaWsTestServer.builder().backend(OllamaHttpBackend.create(ollama)).start();
 * }
 * </pre>
 *
 * <p>
 * The request body is built exactly as the real gateway builds it, {@code {model, prompt,
 * stream: true, ...options}} (see {@link GenerationRequest#ollamaBody()}): the gateway's
 * {@code options} object is spread into the top level, nothing renamed or nested, so a
 * client's model parameters reach Ollama only if the client nests them itself. Upstream
 * failures are worded like the real gateway's, so that clients see the same
 * {@code Generation failed: ...} errors: {@code Ollama API error:
 * <status> <body>} for an error status (a 404 for an unknown model), {@code fetch failed}
 * when Ollama cannot be reached, {@code terminated} when its stream breaks. An
 * {@code {"error":...}} line inside the stream is dropped, and the generation then ends
 * normally. Aborting a generation (a stop, or its connection closed) closes the upstream
 * HTTP request.
 *
 * <p>
 * Uses only the JDK's {@link HttpClient}; thread-safe.
 */
public final class OllamaHttpBackend implements ModelBackend {

	/** Where Ollama listens by default. */
	public static final URI DEFAULT_URL = URI.create("http://localhost:11434");

	/** The default time allowed to open a connection to Ollama. */
	public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

	/**
	 * How the real gateway (Node.js {@code fetch}) words a connection that could not be
	 * made.
	 */
	static final String CONNECTION_FAILED = "fetch failed";

	/**
	 * How the real gateway (Node.js {@code fetch}) words a response stream that broke.
	 */
	static final String STREAM_BROKEN = "terminated";

	private static final ObjectMapper MAPPER = new ObjectMapper();

	/**
	 * Listing models is quick on Ollama; a listing that hangs must not hang the gateway's
	 * client.
	 */
	private static final Duration LIST_TIMEOUT = Duration.ofSeconds(30);

	private static final AtomicInteger backendCount = new AtomicInteger();

	private final URI baseUrl;

	private final ExecutorService executor;

	private final HttpClient httpClient;

	private final Set<UpstreamGeneration> running = ConcurrentHashMap.newKeySet();

	private OllamaHttpBackend(URI baseUrl, Duration connectTimeout) {
		this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
		String prefix = "ollama-ws-ollama-http-" + backendCount.incrementAndGet() + "-";
		AtomicInteger threadCount = new AtomicInteger();
		this.executor = Executors.newCachedThreadPool((task) -> {
			Thread thread = new Thread(task, prefix + threadCount.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
		this.httpClient = HttpClient.newBuilder()
			.connectTimeout(connectTimeout)
			.version(HttpClient.Version.HTTP_1_1)
			.executor(this.executor)
			.build();
	}

	/**
	 * Creates a backend calling the Ollama at {@code baseUrl}, with the default connect
	 * timeout.
	 * @param baseUrl the base URL of Ollama, for example {@link #DEFAULT_URL}
	 * @return the backend
	 */
	public static OllamaHttpBackend create(URI baseUrl) {
		return create(baseUrl, DEFAULT_CONNECT_TIMEOUT);
	}

	/**
	 * Creates a backend calling the Ollama at {@code baseUrl}.
	 * @param baseUrl the base URL of Ollama, for example {@link #DEFAULT_URL}
	 * @param connectTimeout the time allowed to open a connection to Ollama
	 * @return the backend
	 */
	public static OllamaHttpBackend create(URI baseUrl, Duration connectTimeout) {
		return new OllamaHttpBackend(baseUrl, positive(connectTimeout, "connectTimeout"));
	}

	/**
	 * Whether an Ollama answers at {@code baseUrl}: {@code GET /api/version} returns 200
	 * with a {@code version} within {@code timeout}. Never throws; anything else
	 * (refused, timed out, another server) is {@code false}.
	 * @param baseUrl the base URL of Ollama
	 * @param timeout the time the whole probe may take
	 * @return whether an Ollama answered
	 */
	public static boolean isAvailable(URI baseUrl, Duration timeout) {
		positive(timeout, "timeout");
		ExecutorService probeExecutor = Executors.newSingleThreadExecutor((task) -> {
			Thread thread = new Thread(task, "ollama-ws-ollama-probe");
			thread.setDaemon(true);
			return thread;
		});
		try {
			HttpClient client = HttpClient.newBuilder()
				.connectTimeout(timeout)
				.version(HttpClient.Version.HTTP_1_1)
				.executor(probeExecutor)
				.build();
			HttpRequest request = HttpRequest.newBuilder(endpoint(baseUrl, "/api/version"))
				.timeout(timeout)
				.GET()
				.build();
			HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
			return response.statusCode() == 200 && MAPPER.readTree(response.body()).hasNonNull("version");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		catch (IOException | RuntimeException ex) {
			return false;
		}
		finally {
			probeExecutor.shutdownNow();
		}
	}

	/**
	 * Returns the base URL of the Ollama this backend calls.
	 * @return the base URL
	 */
	public URI baseUrl() {
		return this.baseUrl;
	}

	@Override
	public List<ModelDescriptor> listModels() throws Exception {
		HttpRequest request = HttpRequest.newBuilder(endpoint(this.baseUrl, "/api/tags"))
			.timeout(LIST_TIMEOUT)
			.GET()
			.build();
		HttpResponse<String> response;
		try {
			response = this.httpClient.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new IOException(CONNECTION_FAILED, ex);
		}
		if (response.statusCode() / 100 != 2) {
			throw new IOException(apiError(response.statusCode(), response.body()));
		}
		List<ModelDescriptor> models = new ArrayList<>();
		for (JsonNode model : MAPPER.readTree(response.body()).path("models")) {
			models.add(descriptor(model));
		}
		return models;
	}

	private static ModelDescriptor descriptor(JsonNode model) {
		JsonNode details = model.path("details");
		String name = model.path("name").asText();
		return new ModelDescriptor(name, model.path("model").asText(name), model.path("modified_at").asText(null),
				model.path("size").asLong(), model.path("digest").asText(null), details.path("format").asText(null),
				details.path("family").asText(null), details.path("parameter_size").asText(null),
				details.path("quantization_level").asText(null));
	}

	@Override
	public GenerationHandle generate(GenerationRequest request, TokenSink sink) {
		UpstreamGeneration generation = new UpstreamGeneration(sink);
		this.running.add(generation);
		generation.start(HttpRequest.newBuilder(endpoint(this.baseUrl, "/api/generate"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(request.ollamaBodyJson(), StandardCharsets.UTF_8))
			.build());
		return generation;
	}

	/**
	 * Aborts every running generation upstream and releases the backend's threads.
	 */
	@Override
	public void close() {
		for (UpstreamGeneration generation : List.copyOf(this.running)) {
			generation.abort();
		}
		this.executor.shutdownNow();
	}

	private static String apiError(int status, String body) {
		return "Ollama API error: " + status + " " + body;
	}

	private static URI endpoint(URI baseUrl, String path) {
		String base = baseUrl.toString();
		return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path);
	}

	private static Duration positive(Duration duration, String name) {
		if (duration == null || duration.isNegative() || duration.isZero()) {
			throw new IllegalArgumentException(name + " must be positive");
		}
		return duration;
	}

	/**
	 * One streaming {@code POST /api/generate}: parses its NDJSON lines into tokens as
	 * they arrive and reports exactly one outcome, unless aborted (then it reports
	 * nothing).
	 */
	private final class UpstreamGeneration implements GenerationHandle, Flow.Subscriber<String> {

		private final TokenSink sink;

		private final AtomicBoolean ended = new AtomicBoolean();

		private volatile boolean aborted;

		private volatile boolean responded;

		private volatile Flow.Subscription subscription;

		private volatile CompletableFuture<HttpResponse<Void>> exchange;

		UpstreamGeneration(TokenSink sink) {
			this.sink = sink;
		}

		void start(HttpRequest request) {
			CompletableFuture<HttpResponse<Void>> started;
			try {
				started = OllamaHttpBackend.this.httpClient.sendAsync(request, this::bodySubscriber);
			}
			catch (RuntimeException ex) {
				// The backend's executor is shut down: the server is closing.
				end(() -> this.sink.fail(CONNECTION_FAILED));
				return;
			}
			this.exchange = started;
			started.whenComplete((response, failure) -> upstreamEnded(response, failure));
			if (this.aborted) {
				started.cancel(true);
			}
		}

		private BodySubscriber<Void> bodySubscriber(ResponseInfo response) {
			this.responded = true;
			int status = response.statusCode();
			if (status / 100 == 2) {
				return BodySubscribers.fromLineSubscriber(this, (subscriber) -> null, StandardCharsets.UTF_8, null);
			}
			return BodySubscribers.mapping(BodySubscribers.ofString(StandardCharsets.UTF_8), (body) -> {
				end(() -> this.sink.fail(apiError(status, body)));
				return null;
			});
		}

		private void upstreamEnded(HttpResponse<Void> response, Throwable failure) {
			if (this.aborted) {
				return;
			}
			if (failure != null) {
				// Before Ollama answered, the connection failed; after, its stream broke.
				String message = this.responded ? STREAM_BROKEN : CONNECTION_FAILED;
				end(() -> this.sink.fail(message));
			}
			else {
				// After a dropped error line too: the gateway ends the stream normally.
				end(this.sink::complete);
			}
		}

		@Override
		public void onSubscribe(Flow.Subscription subscription) {
			this.subscription = subscription;
			if (this.aborted) {
				subscription.cancel();
				return;
			}
			subscription.request(Long.MAX_VALUE);
		}

		@Override
		public void onNext(String line) {
			if (this.aborted || this.ended.get() || line.isBlank()) {
				return;
			}
			JsonNode chunk;
			try {
				chunk = MAPPER.readTree(line);
			}
			catch (JsonProcessingException ex) {
				return;
			}
			// An {"error":...} line has no response or done: the gateway drops it too.
			String token = chunk.path("response").asText("");
			if (!token.isEmpty()) {
				this.sink.token(token);
			}
			if (chunk.path("done").asBoolean(false)) {
				end(this.sink::complete);
			}
		}

		@Override
		public void onError(Throwable failure) {
			// Reported once the exchange completes exceptionally.
		}

		@Override
		public void onComplete() {
			// Reported once the exchange completes.
		}

		private void end(Runnable outcome) {
			if (this.ended.compareAndSet(false, true)) {
				OllamaHttpBackend.this.running.remove(this);
				if (!this.aborted) {
					outcome.run();
				}
			}
		}

		@Override
		public void abort() {
			this.aborted = true;
			this.ended.set(true);
			OllamaHttpBackend.this.running.remove(this);
			Flow.Subscription current = this.subscription;
			if (current != null) {
				current.cancel();
			}
			CompletableFuture<HttpResponse<Void>> started = this.exchange;
			if (started != null) {
				started.cancel(true);
			}
		}

	}

}
