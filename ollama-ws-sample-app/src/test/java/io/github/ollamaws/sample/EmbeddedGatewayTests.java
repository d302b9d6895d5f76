package io.github.ollamaws.sample;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.ollamaws.client.OllamaTemplate;
import io.github.ollamaws.sample.ApiClient.Event;
import io.github.ollamaws.sample.chat.ChatService;
import io.github.ollamaws.sample.embedded.EmbeddedGateway;
import io.github.ollamaws.sample.embedded.EmbeddedGatewayInitializer;
import io.github.ollamaws.sample.embedded.GatewaySetup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The embedded gateway's life: started before the client, in front of a real Ollama when
 * one answers, stopped with the application, and its generated key never logged.
 */
@ExtendWith(OutputCaptureExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EmbeddedGatewayTests {

	@Test
	void closingTheApplicationStopsTheEmbeddedGateway() throws IOException {
		URI gatewayUrl;
		try (ConfigurableApplicationContext context = run("--sample.ollama.enabled=false",
				"--ollama.ws.default-model=demo")) {
			GatewaySetup setup = context.getBean(GatewaySetup.class);
			assertThat(setup.mode()).isEqualTo(GatewaySetup.Mode.DEMO);
			assertThat(setup.defaultModel()).isEqualTo("demo");
			gatewayUrl = setup.gatewayUrl();
			assertThat(gatewayUrl.getHost()).isEqualTo("127.0.0.1");
			assertThat(
					context.getEnvironment().getPropertySources().get(EmbeddedGatewayInitializer.PROPERTY_SOURCE_NAME))
				.isNotNull();
			assertThat(context.getEnvironment().getProperty("ollama.ws.url")).isEqualTo(gatewayUrl.toString());
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress(gatewayUrl.getHost(), gatewayUrl.getPort()), 5000);
			}
		}
		assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> {
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress(gatewayUrl.getHost(), gatewayUrl.getPort()), 5000);
			}
		});
	}

	@Test
	void theFleetProfileMakesOneTemplateOverTwoEmbeddedGateways() throws IOException {
		List<URI> urls;
		try (ConfigurableApplicationContext context = run("--spring.profiles.active=fleet",
				"--sample.ollama.enabled=false", "--sample.demo.token-delay=0ms")) {
			OllamaTemplate template = context.getBean(OllamaTemplate.class);
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(template.gatewayStatuses()).hasSize(2)
					.allMatch((status) -> status.isUp() && status.serves(GatewaySetup.DEMO_MODEL)));
			urls = template.gatewayStatuses().stream().map((status) -> status.endpoint().url()).toList();
			assertThat(context.getBean(GatewaySetup.class).gatewayUrl()).isIn(urls);
			ApiClient api = new ApiClient(port(context));
			for (int i = 0; i < 4; i++) {
				assertThat(api.postJson("/api/generate", "{\"prompt\":\"Hi\"}").status()).isEqualTo(200);
			}
			assertThat(context.getBeansOfType(EmbeddedGateway.class)).hasSize(2);
		}
		for (URI url : urls) {
			assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> {
				try (Socket socket = new Socket()) {
					socket.connect(new InetSocketAddress(url.getHost(), url.getPort()), 5000);
				}
			});
		}
	}

	@Test
	void theGeneratedPrivateKeyIsNeverLogged(CapturedOutput output) {
		String keyBody;
		try (ConfigurableApplicationContext context = run("--sample.ollama.enabled=false",
				"--sample.demo.token-delay=0ms", "--logging.level.io.github.ollamaws=DEBUG")) {
			String pem = context.getEnvironment().getProperty("ollama.ws.private-key");
			assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----");
			keyBody = pem.lines().filter((line) -> !line.startsWith("-----")).findFirst().orElseThrow();
			ApiClient api = new ApiClient(port(context));
			assertThat(api.postJson("/api/generate", "{\"prompt\":\"Hi\"}").status()).isEqualTo(200);
		}
		assertThat(output).contains("started an embedded gateway", "serving the scripted 'demo' model",
				"--spring.profiles.active=remote");
		assertThat(output).doesNotContain(keyBody).doesNotContain("PRIVATE KEY");
	}

	@Test
	void servesTheModelsOfAnOllamaThatAnswers() throws IOException {
		FakeOllama ollama = new FakeOllama();
		try (ConfigurableApplicationContext context = run("--sample.ollama.url=" + ollama.url())) {
			GatewaySetup setup = context.getBean(GatewaySetup.class);
			assertThat(setup.mode()).isEqualTo(GatewaySetup.Mode.OLLAMA);
			assertThat(setup.ollamaUrl()).isEqualTo(ollama.url());
			assertThat(setup.defaultModel()).isEqualTo("tinyllama:1.1b");
			ApiClient api = new ApiClient(port(context));
			JsonNode models = api.get("/api/models").json();
			assertThat(models).extracting((model) -> model.path("name").asString())
				.containsExactly("tinyllama:1.1b", "llama3.2:3b");
			assertThat(models.get(0).path("parameterSize").asString()).isEqualTo("1.1B");
			List<Event> events = api
				.stream("{\"prompt\":\"Hi\",\"model\":\"llama3.2:3b\",\"options\":{\"num_predict\":8}}", (event) -> {
				});
			assertThat(events).extracting(Event::name).containsExactly("start", "token", "token", "token", "end");
			assertThat(events.get(0).data().path("model").asString()).isEqualTo("llama3.2:3b");
			assertThat(events.subList(1, 4)).extracting((event) -> event.data().path("text").asString())
				.containsExactly("Hi", " from", " Ollama");
			assertThat(events.get(4).data().path("finishReason").asString()).isEqualTo("COMPLETED");
			JsonNode sent = ApiClient.JSON.readTree(ollama.generateRequests.get(0));
			assertThat(sent.path("model").asString()).isEqualTo("llama3.2:3b");
			// The app's default options (temperature 0.7) and the request's own, where
			// Ollama reads them.
			assertThat(sent.path("options")).hasToString("{\"temperature\":0.7,\"num_predict\":8}");
			assertThat(sent.has("temperature")).isFalse();
		}
		finally {
			ollama.close();
		}
	}

	@Test
	void stoppingOrLeavingAStreamAbortsTheRequestToOllama() throws IOException {
		FakeOllama ollama = new FakeOllama();
		try (ConfigurableApplicationContext context = run("--sample.ollama.url=" + ollama.url())) {
			ApiClient api = new ApiClient(port(context));
			ChatService chat = context.getBean(ChatService.class);
			// Stopped: the stop reaches the gateway, which aborts its HTTP request to
			// Ollama.
			String endless = "{\"prompt\":\"Hi\",\"model\":\"" + FakeOllama.ENDLESS + "\"}";
			AtomicReference<String> id = new AtomicReference<>();
			AtomicBoolean stopSent = new AtomicBoolean();
			List<Event> events = api.stream(endless, (event) -> {
				if (event.name().equals("start")) {
					id.set(event.data().path("id").asString());
				}
				else if (event.name().equals("token") && stopSent.compareAndSet(false, true)) {
					assertThat(api.post("/api/generations/" + id.get() + "/stop").status()).isEqualTo(202);
				}
			});
			assertThat(events.get(events.size() - 1).data().path("finishReason").asString()).isEqualTo("CANCELLED");
			await().atMost(Duration.ofSeconds(20)).until(() -> ollama.abandonedStreams.get() == 1);
			// Left: the browser goes away mid-stream, so the generation is cancelled and
			// Ollama's request too.
			try (BufferedReader stream = api.openStream(endless)) {
				String line;
				while ((line = stream.readLine()) != null && !line.startsWith("event:token")) {
					// Read up to the first token.
				}
			}
			await().atMost(Duration.ofSeconds(20)).until(() -> ollama.abandonedStreams.get() == 2);
			await().atMost(Duration.ofSeconds(20)).until(() -> chat.runningCount() == 0);
		}
		finally {
			ollama.close();
		}
	}

	private static ConfigurableApplicationContext run(String... args) {
		String[] all = new String[args.length + 1];
		all[0] = "--server.port=0";
		System.arraycopy(args, 0, all, 1, args.length);
		return new SpringApplicationBuilder(SampleApplication.class).run(all);
	}

	private static int port(ConfigurableApplicationContext context) {
		return context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
	}

	/**
	 * A loopback HTTP server answering like an Ollama with two models, streaming three
	 * tokens per reply.
	 */
	static final class FakeOllama implements AutoCloseable {

		/** A model that streams tokens until the client goes away. */
		static final String ENDLESS = "endless";

		/**
		 * Pause between two tokens of the endless model: Ollama's pace, not a
		 * synchronisation.
		 */
		private static final long ENDLESS_TOKEN_MILLIS = 20;

		private final HttpServer server;

		final List<String> generateRequests = new CopyOnWriteArrayList<>();

		/** Endless streams whose client went away. */
		final AtomicInteger abandonedStreams = new AtomicInteger();

		FakeOllama() throws IOException {
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			this.server.createContext("/api/version", (exchange) -> respond(exchange, "{\"version\":\"0.6.0\"}"));
			this.server.createContext("/api/tags", (exchange) -> respond(exchange, """
					{"models":[
					{"name":"tinyllama:1.1b","model":"tinyllama:1.1b","modified_at":"2025-01-02T03:04:05Z",
					"size":637700138,"digest":"2644915ede35","details":{"format":"gguf","family":"llama",
					"parameter_size":"1.1B","quantization_level":"Q4_0"}},
					{"name":"llama3.2:3b","model":"llama3.2:3b","modified_at":"2025-01-02T03:04:05Z",
					"size":2019393189,"digest":"a80c4f17acd5","details":{"format":"gguf","family":"llama",
					"parameter_size":"3.2B","quantization_level":"Q4_K_M"}}]}
					"""));
			this.server.createContext("/api/generate", this::generate);
			this.server.setExecutor(Executors.newCachedThreadPool());
			this.server.start();
		}

		URI url() {
			return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort());
		}

		private void generate(HttpExchange exchange) throws IOException {
			String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			this.generateRequests.add(request);
			String model = ApiClient.JSON.readTree(request).path("model").asString();
			exchange.getResponseHeaders().set("Content-Type", "application/x-ndjson");
			exchange.sendResponseHeaders(200, 0);
			if (model.equals(ENDLESS)) {
				streamUntilTheClientLeaves(exchange.getResponseBody());
				return;
			}
			try (OutputStream out = exchange.getResponseBody()) {
				for (String token : List.of("Hi", " from", " Ollama")) {
					writeLine(out, "{\"model\":\"" + model + "\",\"response\":\"" + token + "\",\"done\":false}");
				}
				writeLine(out, "{\"model\":\"" + model + "\",\"response\":\"\",\"done\":true,\"eval_count\":3}");
			}
		}

		private void streamUntilTheClientLeaves(OutputStream out) {
			try {
				for (int i = 0; i < 10_000; i++) {
					writeLine(out, "{\"model\":\"" + ENDLESS + "\",\"response\":\"t" + i + " \",\"done\":false}");
					TimeUnit.MILLISECONDS.sleep(ENDLESS_TOKEN_MILLIS);
				}
			}
			catch (IOException ex) {
				this.abandonedStreams.incrementAndGet();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		private static void writeLine(OutputStream out, String line) throws IOException {
			out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
			out.flush();
		}

		private static void respond(HttpExchange exchange, String body) throws IOException {
			byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
			exchange.sendResponseHeaders(200, bytes.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		}

		@Override
		public void close() {
			this.server.stop(0);
			((ExecutorService) this.server.getExecutor()).shutdownNow();
		}

	}

}
