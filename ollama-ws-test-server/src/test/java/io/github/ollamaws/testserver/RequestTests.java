package io.github.ollamaws.testserver;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RequestTests extends AbstractGatewayTests {

	@Test
	void modelsAreListedAsOllamaModelObjects() throws Exception {
		server.scriptedBackend().model("mistral", "m");
		try (RawClient raw = authenticated()) {
			raw.send("{\"type\":\"models\",\"id\":\"m-1\"}");
			JsonNode result = raw.next("models_result");
			assertThat(result.get("id").asText()).isEqualTo("m-1");
			JsonNode models = result.get("models");
			assertThat(models.isArray()).isTrue();
			assertThat(models).extracting((model) -> model.get("name").asText()).contains("llama2", "mistral");
			JsonNode llama = models.get(0);
			assertThat(llama.get("model").asText()).isEqualTo("llama2");
			assertThat(llama.get("modified_at").asText()).isNotEmpty();
			assertThat(llama.get("size").isNumber()).isTrue();
			assertThat(llama.get("digest").asText()).matches("[0-9a-f]{64}");
			JsonNode details = llama.get("details");
			assertThat(details.get("format").asText()).isEqualTo("gguf");
			assertThat(details.get("family").asText()).isEqualTo("llama");
			assertThat(details.get("parameter_size").asText()).isEqualTo("7B");
			assertThat(details.get("quantization_level").asText()).isEqualTo("Q4_0");
		}
		finally {
			server.scriptedBackend().remove("mistral");
		}
	}

	@Test
	void modelsWithoutIdAnswerWithoutId() throws Exception {
		try (RawClient raw = authenticated()) {
			raw.send("{\"type\":\"models\"}");
			assertThat(raw.next("models_result").has("id")).isFalse();
		}
	}

	@Test
	void failingModelListingIsAnErrorWithoutCode() throws Exception {
		server.faults().failModelListing("fetch failed");
		try (RawClient raw = authenticated()) {
			raw.send("{\"type\":\"models\",\"id\":\"m-2\"}");
			assertThat(raw.nextText()).startsWith(
					"{\"id\":\"m-2\",\"type\":\"error\",\"error\":\"Failed to list models: fetch failed\",\"timestamp\":");
			raw.send("{\"type\":\"models\"}");
			JsonNode noId = raw.next("error");
			assertThat(noId.has("id")).isFalse();
			assertThat(noId.has("code")).isFalse();
			server.faults().restoreModelListing();
			raw.send("{\"type\":\"models\"}");
			raw.next("models_result");
		}
	}

	@Test
	void backendListingFailureIsReportedTheSameWay() throws Exception {
		ModelBackend failing = new ModelBackend() {
			@Override
			public java.util.List<ModelDescriptor> listModels() throws Exception {
				throw new java.io.IOException("connect ECONNREFUSED 127.0.0.1:11434");
			}

			@Override
			public GenerationHandle generate(GenerationRequest request, TokenSink sink) {
				sink.fail("fetch failed");
				return () -> {
				};
			}
		};
		try (OllamaWsTestServer other = OllamaWsTestServer.builder().backend(failing).start()) {
			TestClient otherClient = other.registerNewClient(TestKeys.ec());
			try (RawClient raw = RawClient.authenticated(container, other, otherClient)) {
				raw.send("{\"type\":\"models\",\"id\":7}");
				JsonNode error = raw.next("error");
				assertThat(error.get("id").asInt()).isEqualTo(7);
				assertThat(error.get("error").asText())
					.isEqualTo("Failed to list models: connect ECONNREFUSED 127.0.0.1:11434");
				raw.send(RawClient.json("type", "generate", "id", "g-f", "prompt", "hi"));
				raw.next("stream_start");
				JsonNode failed = raw.next("error");
				assertThat(failed.get("error").asText()).isEqualTo("Generation failed: fetch failed");
				assertThat(failed.get("code").asText()).isEqualTo("generation_error");
			}
		}
	}

	@Test
	void pingIsAnsweredWithPongEchoingTheId() throws Exception {
		try (RawClient raw = authenticated()) {
			raw.send("{\"type\":\"ping\",\"id\":\"p-1\"}");
			assertThat(raw.next("pong").get("id").asText()).isEqualTo("p-1");
			raw.send("{\"type\":\"ping\"}");
			assertThat(raw.next("pong").has("id")).isFalse();
		}
	}

	@Test
	void malformedJsonIsAServerErrorWithoutId() throws Exception {
		try (RawClient raw = authenticated()) {
			raw.send("{\"type\":\"ping\",");
			JsonNode error = raw.next("error");
			assertThat(error.get("error").asText()).startsWith("Server error: ");
			assertThat(error.get("code").asText()).isEqualTo("server_error");
			assertThat(error.has("id")).isFalse();
			raw.send("{\"type\":\"ping\"}");
			raw.next("pong");
		}
	}

	@Test
	void malformedJsonBeforeAuthenticationIsAlsoAServerError() throws Exception {
		try (RawClient raw = connect()) {
			raw.next("challenge");
			raw.send("not json");
			assertThat(raw.next("error").get("code").asText()).isEqualTo("server_error");
		}
	}

	@Test
	void unknownTypeIsUnsupportedWithoutIdOrCode() throws Exception {
		try (RawClient raw = authenticated()) {
			raw.send("{\"type\":\"chat\",\"id\":\"x-1\"}");
			assertThat(raw.nextText())
				.startsWith("{\"type\":\"error\",\"error\":\"Unsupported message type: chat\",\"timestamp\":");
			raw.send("{\"id\":\"x-2\"}");
			assertThat(raw.next("error").get("error").asText()).isEqualTo("Unsupported message type: undefined");
		}
	}

	@Test
	void receivedFramesAreRecordedAndFilterable() throws Exception {
		server.clearReceivedFrames();
		try (RawClient raw = authenticated()) {
			raw.send("{\"type\":\"ping\",\"id\":\"rec\"}");
			raw.next("pong");
			raw.send("garbage");
			raw.next("error");
		}
		assertThat(server.receivedFrames()).extracting(ReceivedFrame::type)
			.containsExactly("authenticate", "ping", null);
		assertThat(server.receivedFrames("ping")).singleElement()
			.satisfies((frame) -> assertThat(frame.json().get("id").asText()).isEqualTo("rec"));
		assertThat(server.authenticationAttempts(client.clientId())).isPositive();
	}

}
