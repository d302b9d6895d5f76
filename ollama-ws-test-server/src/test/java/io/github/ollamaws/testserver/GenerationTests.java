package io.github.ollamaws.testserver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class GenerationTests extends AbstractGatewayTests {

	@BeforeAll
	static void scriptModels() {
		server.scriptedBackend()
			.model(ScriptedModel.named("echo").echo())
			.model(ScriptedModel.named("slow").tokenCount(1000).tokenDelay(Duration.ofMillis(20)))
			.model(ScriptedModel.named("loading").tokens("late").firstTokenDelay(Duration.ofSeconds(30)))
			.model(ScriptedModel.named("silent").neverAnswers())
			.model(ScriptedModel.named("broken").tokens("a", "b", "c", "d").failAfter(2))
			.model(ScriptedModel.named("many").tokenCount(500))
			.model(ScriptedModel.named("steady").tokenCount(30).tokenDelay(Duration.ofMillis(10)));
	}

	@Test
	void generateStreamsTokensOfTheDefaultModel() throws Exception {
		try (RawClient raw = authenticated()) {
			raw.send(RawClient.json("type", "generate", "id", "g-default", "prompt", "Hello?"));
			JsonNode start = raw.next("stream_start");
			assertThat(start.get("id").asText()).isEqualTo("g-default");
			assertThat(start.get("model").asText()).isEqualTo("llama2");
			StringBuilder text = new StringBuilder();
			for (int i = 0; i < ScriptedBackend.DEFAULT_TOKENS.size(); i++) {
				JsonNode token = raw.next("stream_token");
				assertThat(token.get("id").asText()).isEqualTo("g-default");
				text.append(token.get("token").asText());
			}
			assertThat(text).hasToString(String.join("", ScriptedBackend.DEFAULT_TOKENS));
			JsonNode end = raw.next("stream_end");
			assertThat(end.get("id").asText()).isEqualTo("g-default");
			assertThat(end.get("totalTokens").asInt()).isEqualTo(ScriptedBackend.DEFAULT_TOKENS.size());
			assertThat(end.get("elapsedTime").isNumber()).isTrue();
			assertThat(end.has("isCancelled")).isFalse();
		}
		await().until(() -> server.activeGenerations() == 0);
	}

	@Test
	void generateUsesTheRequestedModelAndPassesOptionsThroughToOllamasBody() throws Exception {
		try (RawClient raw = authenticated()) {
			raw.send("{\"type\":\"generate\",\"id\":\"g-echo\",\"model\":\"echo\",\"prompt\":\"one two three\","
					+ "\"options\":{\"system\":\"Be brief.\",\"options\":{\"temperature\":0.2,\"stop\":[\"x\"]}}}");
			List<JsonNode> frames = raw.untilEndOf("g-echo");
			assertThat(frames.get(0).get("model").asText()).isEqualTo("echo");
			assertThat(text(frames)).isEqualTo("one two three");
			assertThat(frames.get(frames.size() - 1).get("totalTokens").asInt()).isEqualTo(3);
		}
		assertThat(server.generationRequests()).filteredOn((request) -> request.id().equals("g-echo"))
			.singleElement()
			.satisfies((request) -> assertThat(request.ollamaBodyJson())
				.isEqualTo("{\"model\":\"echo\",\"prompt\":\"one two three\",\"stream\":true,"
						+ "\"system\":\"Be brief.\",\"options\":{\"temperature\":0.2,\"stop\":[\"x\"]}}"));
	}

	@Test
	void aModelParameterThatOllamaWouldIgnoreFailsTheGenerationAsOllamas400() throws Exception {
		try (RawClient raw = authenticated()) {
			// The gateway's documented form: spread to Ollama's top level, where Ollama
			// ignores it.
			raw.send("{\"type\":\"generate\",\"id\":\"g-top\",\"model\":\"echo\",\"prompt\":\"hi\","
					+ "\"options\":{\"temperature\":0.2,\"max_tokens\":8}}");
			raw.next("stream_start");
			JsonNode error = raw.next("error");
			assertThat(error.get("code").asText()).isEqualTo("generation_error");
			assertThat(error.get("error").asText()).startsWith("Generation failed: Ollama API error: 400 ")
				.contains("model parameter 'temperature' at the top level")
				.contains("'max_tokens' at the top level");
		}
	}

	@Test
	void unknownModelStartsThenFailsWithOllamas404() throws Exception {
		try (RawClient raw = authenticated()) {
			raw.send(RawClient.json("type", "generate", "id", "g-404", "model", "nope", "prompt", "hi"));
			assertThat(raw.next("stream_start").get("model").asText()).isEqualTo("nope");
			String error = raw.nextText();
			assertThat(error).startsWith("{\"id\":\"g-404\",\"type\":\"error\",\"error\":"
					+ "\"Generation failed: Ollama API error: 404 {\\\"error\\\":\\\"model \\\\\\\"nope\\\\\\\" not found, "
					+ "try pulling it first\\\"}\",\"code\":\"generation_error\",\"timestamp\":");
		}
	}

	@Test
	void upstreamFailureMidStreamIsAGenerationError() throws Exception {
		try (RawClient raw = authenticated()) {
			raw.send(RawClient.json("type", "generate", "id", "g-broken", "model", "broken", "prompt", "hi"));
			List<JsonNode> frames = raw.untilEndOf("g-broken");
			assertThat(text(frames)).isEqualTo("ab");
			JsonNode error = frames.get(frames.size() - 1);
			assertThat(error.get("error").asText()).isEqualTo("Generation failed: terminated");
			assertThat(error.get("code").asText()).isEqualTo("generation_error");
		}
	}

	@Test
	void missingFieldsAreRejectedWithTheRequestId() throws Exception {
		try (RawClient raw = authenticated()) {
			raw.send(RawClient.json("type", "generate", "id", "g-empty", "prompt", ""));
			assertThat(raw.nextText()).startsWith(
					"{\"type\":\"error\",\"id\":\"g-empty\",\"error\":\"Missing required fields\",\"timestamp\":");
			raw.send(RawClient.json("type", "generate", "id", 0, "prompt", "hi"));
			JsonNode zero = raw.next("error");
			assertThat(zero.get("id").asInt()).isZero();
			assertThat(zero.get("error").asText()).isEqualTo("Missing required fields");
			raw.send(RawClient.json("type", "generate", "id", "", "prompt", "hi"));
			assertThat(raw.next("error").get("error").asText()).isEqualTo("Missing required fields");
			raw.send(RawClient.json("type", "generate", "prompt", "hi"));
			JsonNode noId = raw.next("error");
			assertThat(noId.has("id")).isFalse();
			assertThat(noId.has("code")).isFalse();
		}
	}

	@Test
	void concurrentGenerationsOnOneConnectionInterleaveWithoutLoss() throws Exception {
		try (RawClient raw = authenticated()) {
			int generations = 20;
			for (int i = 0; i < generations; i++) {
				raw.send(RawClient.json("type", "generate", "id", "c-" + i, "model", "many", "prompt", "p"));
			}
			Map<String, StringBuilder> texts = new HashMap<>();
			List<String> order = new ArrayList<>();
			int ended = 0;
			while (ended < generations) {
				JsonNode frame = raw.next();
				String id = frame.get("id").asText();
				switch (frame.get("type").asText()) {
					case "stream_token" -> {
						texts.computeIfAbsent(id, (key) -> new StringBuilder()).append(frame.get("token").asText());
						order.add(id);
					}
					case "stream_end" -> {
						assertThat(frame.get("totalTokens").asInt()).isEqualTo(500);
						ended++;
					}
					case "stream_start" -> assertThat(frame.get("model").asText()).isEqualTo("many");
					default -> throw new AssertionError("Unexpected " + frame);
				}
			}
			String expected = String.join("", ScriptedModel.countedTokens(500));
			assertThat(texts).hasSize(generations).allSatisfy((id, text) -> assertThat(text).hasToString(expected));
			assertThat(interleavings(order)).as("generations interleave").isGreaterThan(generations);
		}
	}

	@Test
	void largePromptIsAccepted() throws Exception {
		String prompt = "x".repeat(10 * 1024 * 1024);
		try (RawClient raw = authenticated()) {
			raw.send(RawClient.json("type", "generate", "id", "g-large", "prompt", prompt));
			List<JsonNode> frames = raw.untilEndOf("g-large");
			assertThat(frames.get(frames.size() - 1).get("type").asText()).isEqualTo("stream_end");
		}
	}

	@Test
	void stopMidStreamAcksThenEndsWithTheAbortError() throws Exception {
		try (RawClient raw = authenticated()) {
			raw.send(RawClient.json("type", "generate", "id", "g-stop", "model", "slow", "prompt", "hi"));
			raw.next("stream_start");
			raw.next("stream_token");
			raw.send(RawClient.json("type", "stop", "requestId", "g-stop", "id", "s-1"));
			JsonNode ack = skipTokens(raw);
			assertThat(ack.toString())
				.startsWith("{\"id\":\"s-1\",\"type\":\"ack\",\"requestId\":\"g-stop\",\"action\":\"stop\"");
			JsonNode end = skipTokens(raw);
			assertThat(end.toString()).startsWith("{\"id\":\"g-stop\",\"type\":\"error\","
					+ "\"error\":\"Generation failed: The user aborted a request.\",\"code\":\"generation_error\"");
			raw.expectSilence(100);
		}
		await().until(() -> server.activeGenerations() == 0);
	}

	@Test
	void stopBeforeTheUpstreamAnswersEndsAsCancelled() throws Exception {
		for (String model : List.of("silent", "loading")) {
			try (RawClient raw = authenticated()) {
				raw.send(RawClient.json("type", "generate", "id", "g-" + model, "model", model, "prompt", "hi"));
				raw.next("stream_start");
				raw.send(RawClient.json("type", "stop", "requestId", "g-" + model, "id", "s-" + model));
				assertThat(raw.next("ack").get("id").asText()).isEqualTo("s-" + model);
				JsonNode end = raw.next("stream_end");
				assertThat(end.get("id").asText()).isEqualTo("g-" + model);
				assertThat(end.get("isCancelled").asBoolean()).isTrue();
				assertThat(end.has("totalTokens")).isFalse();
				assertThat(end.has("elapsedTime")).isFalse();
			}
		}
	}

	@Test
	void stopInTheDocumentedFormIsRefusedAndDoesNotStop() throws Exception {
		try (RawClient raw = authenticated()) {
			raw.send(RawClient.json("type", "generate", "id", "g-docs", "model", "steady", "prompt", "hi"));
			raw.send(RawClient.json("type", "stop", "id", "g-docs"));
			List<JsonNode> frames = raw.untilEndOf("g-docs");
			JsonNode refusal = frames.stream()
				.filter((frame) -> frame.get("type").asText().equals("error"))
				.findFirst()
				.orElseThrow();
			assertThat(refusal.toString())
				.startsWith("{\"type\":\"error\",\"id\":\"g-docs\",\"error\":\"Missing requestId\"");
			// The generation goes on: its own frames continue to the normal end.
			List<JsonNode> rest = raw.untilEndOf("g-docs");
			assertThat(rest.get(rest.size() - 1).get("type").asText()).isEqualTo("stream_end");
			assertThat(rest.get(rest.size() - 1).get("totalTokens").asInt()).isEqualTo(30);
		}
		assertThat(server.receivedFrames("stop")).last()
			.satisfies((frame) -> assertThat(frame.json().has("requestId")).isFalse());
	}

	@Test
	void stopErrorsCarryTheStopsOwnIdAndNoCode() throws Exception {
		try (RawClient raw = authenticated()) {
			raw.send(RawClient.json("type", "stop", "requestId", "never-started", "id", "s-unknown"));
			JsonNode unknown = raw.next("error");
			assertThat(unknown.toString())
				.startsWith("{\"id\":\"s-unknown\",\"type\":\"error\",\"error\":\"No active generation with that ID\"");
			assertThat(unknown.has("code")).isFalse();
			raw.send("{\"type\":\"stop\"}");
			JsonNode missing = raw.next("error");
			assertThat(missing.get("error").asText()).isEqualTo("Missing requestId");
			assertThat(missing.has("id")).isFalse();
			assertThat(missing.has("code")).isFalse();
		}
	}

	@Test
	void generationIdsAreGlobalAndOnlyTheOwnerMayStop() throws Exception {
		try (RawClient owner = authenticated(); RawClient other = authenticated()) {
			owner.send(RawClient.json("type", "generate", "id", "g-owned", "model", "silent", "prompt", "hi"));
			owner.next("stream_start");
			other.send(RawClient.json("type", "stop", "requestId", "g-owned", "id", "s-other"));
			JsonNode refusal = other.next("error");
			assertThat(refusal.get("id").asText()).isEqualTo("s-other");
			assertThat(refusal.get("error").asText()).isEqualTo("Not authorized to stop this generation");
			assertThat(refusal.has("code")).isFalse();
			assertThat(server.activeGenerations()).isEqualTo(1);
			owner.send(RawClient.json("type", "stop", "requestId", "g-owned", "id", "s-owner"));
			owner.next("ack");
			owner.next("stream_end");
		}
	}

	@Test
	void closingTheConnectionAbortsItsGenerations() throws Exception {
		RawClient raw = authenticated();
		raw.send(RawClient.json("type", "generate", "id", "g-close-1", "model", "slow", "prompt", "hi"));
		raw.send(RawClient.json("type", "generate", "id", "g-close-2", "model", "silent", "prompt", "hi"));
		raw.next("stream_start");
		raw.next("stream_start");
		await().until(() -> server.activeGenerations() == 2);
		raw.close();
		await().until(() -> server.activeGenerations() == 0 && server.openConnections() == 0);
	}

	@Test
	void stopAndDisconnectAbortTheBackendGeneration() throws Exception {
		AbortRecordingBackend backend = new AbortRecordingBackend();
		try (OllamaWsTestServer recording = OllamaWsTestServer.builder().backend(backend).start()) {
			TestClient recordingClient = recording.registerNewClient(TestKeys.ec());
			try (RawClient raw = RawClient.authenticated(container, recording, recordingClient)) {
				raw.send(RawClient.json("type", "generate", "id", "a-1", "prompt", "hi"));
				raw.send(RawClient.json("type", "generate", "id", "a-2", "prompt", "hi"));
				raw.next("stream_start");
				raw.next("stream_start");
				raw.send(RawClient.json("type", "stop", "requestId", "a-1", "id", "s-a"));
				raw.next("ack");
				raw.next("stream_end");
				assertThat(backend.aborted).containsExactly("a-1");
			}
			await().until(() -> backend.aborted.size() == 2);
			assertThat(backend.aborted).containsExactly("a-1", "a-2");
		}
	}

	private static JsonNode skipTokens(RawClient raw) throws Exception {
		JsonNode frame = raw.next();
		while (frame.get("type").asText().equals("stream_token")) {
			frame = raw.next();
		}
		return frame;
	}

	private static String text(List<JsonNode> frames) {
		StringBuilder text = new StringBuilder();
		frames.stream()
			.filter((frame) -> frame.get("type").asText().equals("stream_token"))
			.forEach((frame) -> text.append(frame.get("token").asText()));
		return text.toString();
	}

	private static int interleavings(List<String> order) {
		int switches = 0;
		for (int i = 1; i < order.size(); i++) {
			if (!order.get(i).equals(order.get(i - 1))) {
				switches++;
			}
		}
		return switches;
	}

	/**
	 * A backend whose generations never answer and which records which were aborted.
	 */
	static final class AbortRecordingBackend implements ModelBackend {

		final List<String> aborted = new java.util.concurrent.CopyOnWriteArrayList<>();

		@Override
		public List<ModelDescriptor> listModels() {
			return List.of(ModelDescriptor.of("llama2"));
		}

		@Override
		public GenerationHandle generate(GenerationRequest request, TokenSink sink) {
			return () -> this.aborted.add(request.id());
		}

	}

}
