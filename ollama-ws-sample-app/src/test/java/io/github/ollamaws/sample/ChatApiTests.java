package io.github.ollamaws.sample;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import io.github.ollamaws.sample.ApiClient.Event;
import io.github.ollamaws.sample.ApiClient.Response;
import io.github.ollamaws.sample.chat.ChatService;
import io.github.ollamaws.sample.embedded.DemoBackend;
import io.github.ollamaws.sample.embedded.EmbeddedGateway;
import io.github.ollamaws.testserver.GenerationRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every endpoint of the sample, over real HTTP, against the embedded gateway serving the
 * demo model.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "sample.ollama.enabled=false", "sample.demo.token-delay=20ms" })
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChatApiTests {

	@LocalServerPort
	private int port;

	@Autowired
	private ApplicationContext context;

	@Autowired
	private ChatService chat;

	private ApiClient api;

	@BeforeEach
	void client() {
		this.api = new ApiClient(this.port);
	}

	@Test
	void embeddedGatewayServesTheDemoModel() {
		assertThat(this.context.getBeansOfType(EmbeddedGateway.class)).hasSize(1);
		Response setup = this.api.get("/api/setup");
		assertThat(setup.status()).isEqualTo(200);
		assertThat(setup.json().path("mode").asString()).isEqualTo("DEMO");
		assertThat(setup.json().path("defaultModel").asString()).isEqualTo("demo");
		assertThat(setup.json().path("gatewayUrl").asString()).startsWith("ws://127.0.0.1:");
		assertThat(setup.json().path("note").asString()).contains("Start Ollama", "remote");
	}

	@Test
	void modelsListsTheDemoModel() {
		Response models = this.api.get("/api/models");
		assertThat(models.status()).isEqualTo(200);
		assertThat(models.json()).hasSize(1);
		assertThat(models.json().get(0).path("name").asString()).isEqualTo("demo");
		assertThat(models.json().get(0).path("family").asString()).isEqualTo("demo");
	}

	@Test
	void generateReturnsTheWholeReply() {
		Response response = this.api.postJson("/api/generate",
				"{\"prompt\":\"Why is the sky blue?\",\"options\":{\"temperature\":0.1,\"num_predict\":200}}");
		assertThat(response.status()).isEqualTo(200);
		JsonNode result = response.json();
		List<String> expected = demoReply("Why is the sky blue?");
		assertThat(result.path("text").asString()).isEqualTo(String.join("", expected))
			.contains("\"Why is the sky blue?\"");
		assertThat(result.path("model").asString()).isEqualTo("demo");
		assertThat(result.path("finishReason").asString()).isEqualTo("COMPLETED");
		assertThat(result.path("totalTokens").asInt()).isEqualTo(expected.size());
		assertThat(result.path("id").asString()).isNotEmpty();
		assertThat(result.path("elapsedMs").asLong()).isPositive();
		assertThat(result.path("timeToFirstTokenMs").isNumber()).isTrue();
		assertThat(this.chat.runningCount()).isZero();
	}

	@Test
	void streamSendsStartThenEveryTokenThenEnd() {
		List<Event> events = this.api.stream("{\"prompt\":\"Tell me a story\",\"model\":\"demo\"}", (event) -> {
		});
		List<String> expected = demoReply("Tell me a story");
		assertThat(events).hasSize(expected.size() + 2);
		Event start = events.get(0);
		assertThat(start.name()).isEqualTo("start");
		assertThat(start.data().path("model").asString()).isEqualTo("demo");
		List<Event> tokens = events.subList(1, events.size() - 1);
		assertThat(tokens).extracting(Event::name).containsOnly("token");
		assertThat(tokens.stream().map((event) -> event.data().path("text").asString()).collect(Collectors.toList()))
			.containsExactlyElementsOf(expected);
		Event end = events.get(events.size() - 1);
		assertThat(end.name()).isEqualTo("end");
		assertThat(end.data().path("id").asString()).isEqualTo(start.data().path("id").asString());
		assertThat(end.data().path("finishReason").asString()).isEqualTo("COMPLETED");
		assertThat(end.data().path("totalTokens").asInt()).isEqualTo(expected.size());
		assertThat(end.data().path("elapsedMs").asLong()).isPositive();
		assertThat(end.data().path("timeToFirstTokenMs").isNumber()).isTrue();
		assertThat(end.data().has("text")).isFalse();
		await().until(() -> this.chat.runningCount() == 0);
	}

	@Test
	void streamWithGetParametersForEventSource() {
		List<Event> events = this.api.streamGet("prompt=Hi%20there");
		assertThat(events).first().extracting(Event::name).isEqualTo("start");
		assertThat(events).last().extracting(Event::name).isEqualTo("end");
		assertThat(events).hasSize(demoReply("Hi there").size() + 2);
	}

	@Test
	void stopMidStreamEndsTheStreamAsCancelledWithThePartialText() {
		AtomicReference<String> id = new AtomicReference<>();
		AtomicReference<Response> stopResponse = new AtomicReference<>();
		List<Event> events = this.api.stream("{\"prompt\":\"Count slowly\"}", (event) -> {
			if (event.name().equals("start")) {
				id.set(event.data().path("id").asString());
			}
			else if (event.name().equals("token") && stopResponse.get() == null) {
				stopResponse.set(this.api.post("/api/generations/" + id.get() + "/stop"));
			}
		});
		assertThat(stopResponse.get().status()).isEqualTo(202);
		assertThat(stopResponse.get().json().path("status").asString()).isEqualTo("stopping");
		assertThat(events.get(0).name()).isEqualTo("start");
		Event end = events.get(events.size() - 1);
		assertThat(end.name()).isEqualTo("end");
		assertThat(end.data().path("finishReason").asString()).isEqualTo("CANCELLED");
		long tokens = events.stream().filter((event) -> event.name().equals("token")).count();
		assertThat(tokens).isPositive().isLessThan(demoReply("Count slowly").size());
		await().until(() -> this.chat.runningCount() == 0);
		// Once ended, the generation is no longer stoppable.
		assertThat(end.data().path("id").asString()).isEqualTo(id.get());
		Response again = this.api.post("/api/generations/" + id.get() + "/stop");
		assertThat(again.status()).isEqualTo(404);
	}

	@Test
	void emptyPromptIsABadRequestProblem() {
		assertProblem(this.api.postJson("/api/generate", "{\"prompt\":\"  \"}"), 400, "invalid-request");
		assertProblem(this.api.postJson("/api/generate", "{}"), 400, "invalid-request");
		assertProblem(this.api.postJson("/api/stream", "{\"prompt\":\"\"}"), 400, "invalid-request");
	}

	@Test
	void anOptionOllamaWouldIgnoreIsABadRequestProblem() {
		Response response = this.api.postJson("/api/generate", "{\"prompt\":\"Hi\",\"options\":{\"max_tokens\":8}}");
		assertProblem(response, 400, "invalid-request");
		assertThat(response.json().path("detail").asString()).contains("num_predict");
	}

	@Test
	void unreadableBodyIsABadRequestProblem() {
		Response response = this.api.postJson("/api/generate", "{\"prompt\":");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.json().path("status").asInt()).isEqualTo(400);
	}

	@Test
	void unknownModelIsANotFoundProblem() {
		Response response = this.api.postJson("/api/generate", "{\"prompt\":\"Hi\",\"model\":\"no-such-model\"}");
		assertProblem(response, 404, "model-not-found");
		assertThat(response.json().path("detail").asString()).contains("no-such-model", "not found");
	}

	@Test
	void unknownModelInAStreamIsAnErrorEvent() {
		List<Event> events = this.api.stream("{\"prompt\":\"Hi\",\"model\":\"no-such-model\"}", (event) -> {
		});
		assertThat(events).extracting(Event::name).containsExactly("start", "error");
		JsonNode error = events.get(1).data();
		assertThat(error.path("type").asString()).isEqualTo("model-not-found");
		assertThat(error.path("status").asInt()).isEqualTo(404);
		assertThat(error.path("message").asString()).contains("no-such-model");
	}

	@Test
	void stoppingAnUnknownGenerationIsANotFoundProblem() {
		assertProblem(this.api.post("/api/generations/no-such-id/stop"), 404, "generation-not-found");
	}

	@Test
	void healthShowsTheGatewayFromTheStartersContributor() {
		Response health = this.api.get("/actuator/health");
		assertThat(health.status()).isEqualTo(200);
		assertThat(health.json().path("status").asString()).isEqualTo("UP");
		JsonNode gateway = health.json().path("components").path("ollamaWs");
		assertThat(gateway.path("status").asString()).isEqualTo("UP");
		assertThat(gateway.path("details").path("url").asString()).startsWith("ws://127.0.0.1:");
		assertThat(gateway.path("details").path("clientId").asString())
			.isEqualTo(this.context.getEnvironment().getProperty("ollama.ws.client-id"));
		assertThat(gateway.path("details").path("connections").path("authenticated").asInt()).isPositive();
	}

	@Test
	void prometheusShowsTheTokenUsageAfterAGeneration() {
		assertThat(this.api.postJson("/api/generate", "{\"prompt\":\"Measure me\"}").status()).isEqualTo(200);
		Response scrape = this.api.get("/actuator/prometheus");
		assertThat(scrape.status()).isEqualTo(200);
		assertThat(scrape.body())
			.containsPattern("(?m)^gen_ai_client_token_usage_total\\{[^}]*gen_ai_request_model=\"demo\"[^}]*} [1-9]");
		assertThat(scrape.body()).contains("gen_ai_client_operation_time_to_first_chunk_seconds_count",
				"gen_ai_client_operation_duration_seconds_count", "ollama_ws_connections");
		Response tokenUsage = this.api.get("/actuator/metrics/gen_ai.client.token.usage");
		assertThat(tokenUsage.status()).isEqualTo(200);
		assertThat(tokenUsage.json().path("measurements").get(0).path("value").asDouble()).isPositive();
	}

	@Test
	void pageAndItsAssetsAreServed() {
		Response page = this.api.get("/");
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).contains("data-testid=\"prompt-input\"", "app.js", "app.css");
		assertThat(this.api.get("/app.js").status()).isEqualTo(200);
		assertThat(this.api.get("/app.css").status()).isEqualTo(200);
	}

	private static void assertProblem(Response response, int status, String error) {
		assertThat(response.status()).isEqualTo(status);
		assertThat(response.contentType()).startsWith("application/problem+json");
		JsonNode problem = response.json();
		assertThat(problem.path("status").asInt()).isEqualTo(status);
		assertThat(problem.path("error").asString()).isEqualTo(error);
		assertThat(problem.path("title").asString()).isNotEmpty();
		assertThat(problem.path("detail").asString()).isNotEmpty();
	}

	private static List<String> demoReply(String prompt) {
		return DemoBackend.reply(new GenerationRequest("x", "demo", prompt, null));
	}

}
