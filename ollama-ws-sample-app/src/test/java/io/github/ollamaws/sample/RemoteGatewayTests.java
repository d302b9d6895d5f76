package io.github.ollamaws.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.ollamaws.sample.ApiClient.Event;
import io.github.ollamaws.sample.ApiClient.Response;
import io.github.ollamaws.sample.embedded.EmbeddedGateway;
import io.github.ollamaws.testserver.OllamaWsTestServer;
import io.github.ollamaws.testserver.ScriptedBackend;
import io.github.ollamaws.testserver.ScriptedModel;
import io.github.ollamaws.testserver.TestClient;
import io.github.ollamaws.testserver.TestKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code remote} profile against a gateway the test owns (the test server, with a key
 * file as a real deployment has): nothing is embedded, and the gateway's failures reach
 * the API as problem details and error events with the right statuses.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("remote")
@DirtiesContext
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RemoteGatewayTests {

	private static final OllamaWsTestServer gateway = OllamaWsTestServer.builder()
		.backend(ScriptedBackend.withDefaultModels()
			.model(ScriptedModel.named("broken").tokens("a", "b", "c").failAfter(2)))
		.start();

	private static final TestClient client = gateway.registerNewClient(TestKeys.rsa());

	private static final Path keyFile = writeKeyFile(client);

	@LocalServerPort
	private int port;

	@Autowired
	private ApplicationContext context;

	private ApiClient api;

	@DynamicPropertySource
	static void remoteGateway(DynamicPropertyRegistry registry) {
		registry.add("ollama.ws.url", () -> gateway.url().toString());
		registry.add("ollama.ws.client-id", client::clientId);
		registry.add("ollama.ws.private-key", () -> keyFile.toUri().toString());
		registry.add("ollama.ws.default-model", () -> "llama2");
		// Short limits and quick reconnection, so that failures show in seconds.
		registry.add("ollama.ws.request-timeout", () -> "1500ms");
		registry.add("ollama.ws.idle-timeout", () -> "1500ms");
		registry.add("ollama.ws.reconnect.initial-delay", () -> "50ms");
		registry.add("ollama.ws.reconnect.max-delay", () -> "200ms");
		// A request waits this long for the gateway to come back before it is reported
		// down.
		registry.add("ollama.ws.pool.acquire-timeout", () -> "1s");
	}

	@AfterAll
	static void stopGateway() throws IOException {
		gateway.close();
		Files.deleteIfExists(keyFile);
	}

	@BeforeEach
	void client() {
		this.api = new ApiClient(this.port);
	}

	@AfterEach
	void clearFaults() {
		gateway.faults().clear();
		if (!gateway.isRunning()) {
			gateway.start();
		}
	}

	@Test
	void talksToTheConfiguredGatewayAndEmbedsNothing() {
		assertThat(this.context.getBeansOfType(EmbeddedGateway.class)).isEmpty();
		JsonNode setup = this.api.get("/api/setup").json();
		assertThat(setup.path("mode").asString()).isEqualTo("REMOTE");
		assertThat(setup.path("gatewayUrl").asString()).isEqualTo(gateway.url().toString());
		Response result = this.api.postJson("/api/generate", "{\"prompt\":\"Who are you?\"}");
		assertThat(result.status()).isEqualTo(200);
		assertThat(result.json().path("text").asString()).isEqualTo(String.join("", ScriptedBackend.DEFAULT_TOKENS));
		assertThat(result.json().path("model").asString()).isEqualTo("llama2");
		assertThat(this.api.get("/api/models").json()).extracting((model) -> model.path("name").asString())
			.containsExactly("broken", "llama2");
	}

	@Test
	void generationFailingMidStreamEndsTheStreamWithAnErrorEventAfterItsTokens() {
		List<Event> events = this.api.stream("{\"prompt\":\"Hi\",\"model\":\"broken\"}", (event) -> {
		});
		assertThat(events).extracting(Event::name).containsExactly("start", "token", "token", "error");
		JsonNode error = events.get(3).data();
		assertThat(error.path("type").asString()).isEqualTo("generation-failed");
		assertThat(error.path("status").asInt()).isEqualTo(502);
		assertThat(error.path("message").asString()).isEqualTo("Generation failed: terminated");
	}

	@Test
	void failingModelListingIsABadGatewayProblem() {
		gateway.faults().failModelListing("connect ECONNREFUSED 127.0.0.1:11434");
		Response response = this.api.get("/api/models");
		assertThat(response.status()).isEqualTo(502);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.json().path("error").asString()).isEqualTo("gateway-error");
		assertThat(response.json().path("detail").asString()).contains("Failed to list models", "ECONNREFUSED");
	}

	@Test
	void gatewayNotAnsweringInTimeIsAGatewayTimeoutProblemAndErrorEvent() {
		gateway.faults().pauseStreams();
		Response response = this.api.postJson("/api/generate", "{\"prompt\":\"Hi\"}");
		assertThat(response.status()).isEqualTo(504);
		assertThat(response.json().path("error").asString()).isEqualTo("timeout");
		assertThat(response.json().path("detail").asString()).contains("timed out");
		List<Event> events = this.api.stream("{\"prompt\":\"Hi\"}", (event) -> {
		});
		Event last = events.get(events.size() - 1);
		assertThat(last.name()).isEqualTo("error");
		assertThat(last.data().path("type").asString()).isEqualTo("timeout");
		assertThat(last.data().path("status").asInt()).isEqualTo(504);
	}

	@Test
	void gatewayDownIsAServiceUnavailableProblemUntilItIsBack() {
		gateway.stop();
		Response response = this.api.postJson("/api/generate", "{\"prompt\":\"Hi\"}");
		assertThat(response.status()).isEqualTo(503);
		assertThat(response.json().path("error").asString()).isEqualTo("gateway-unavailable");
		Response health = this.api.get("/actuator/health");
		assertThat(health.status()).isEqualTo(503);
		assertThat(health.json().path("components").path("ollamaWs").path("status").asString()).isEqualTo("DOWN");
		gateway.start();
		await().atMost(java.time.Duration.ofSeconds(20))
			.until(() -> this.api.postJson("/api/generate", "{\"prompt\":\"Hi\"}").status() == 200);
	}

	private static Path writeKeyFile(TestClient client) {
		try {
			Path file = Files.createTempFile("ollama-ws-sample-client", ".pem");
			Files.writeString(file, client.privateKeyPem(), StandardCharsets.US_ASCII);
			return file;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
