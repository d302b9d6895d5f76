package io.github.ollamaws.protocol;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import io.github.ollamaws.client.GenerationOptions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ClientMessageEncoder}: the frames the real gateway understands.
 */
class ClientMessageEncoderTests {

	private final ObjectMapper objectMapper = new ObjectMapper();

	private final ClientMessageEncoder encoder = new ClientMessageEncoder(this.objectMapper);

	@Test
	void stopUsesRequestIdAndAnIdOfItsOwn() throws Exception {
		JsonNode stop = this.objectMapper.readTree(this.encoder.stop("s1", "g1"));
		assertThat(stop.get("type").asText()).isEqualTo("stop");
		assertThat(stop.get("requestId").asText()).isEqualTo("g1");
		assertThat(stop.get("id").asText()).isEqualTo("s1");
	}

	@Test
	void generateSendsOptionsUnderTheDocumentedNames() throws Exception {
		Map<String, Object> options = GenerationOptions.builder()
			.temperature(0.2)
			.topP(0.9)
			.topK(40)
			.maxTokens(100)
			.seed(7)
			.stop(List.of("\n\n"))
			.option("num_ctx", 4096)
			.build()
			.asMap();
		JsonNode generate = this.objectMapper.readTree(this.encoder.generate("g", "llama3", "Why \"blue\"?\n", options));
		assertThat(generate.get("type").asText()).isEqualTo("generate");
		assertThat(generate.get("id").asText()).isEqualTo("g");
		assertThat(generate.get("model").asText()).isEqualTo("llama3");
		assertThat(generate.get("prompt").asText()).isEqualTo("Why \"blue\"?\n");
		JsonNode sent = generate.get("options");
		assertThat(sent.get("temperature").asDouble()).isEqualTo(0.2);
		assertThat(sent.get("top_p").asDouble()).isEqualTo(0.9);
		assertThat(sent.get("top_k").asInt()).isEqualTo(40);
		assertThat(sent.get("max_tokens").asInt()).isEqualTo(100);
		assertThat(sent.get("seed").asLong()).isEqualTo(7);
		assertThat(sent.get("stop").get(0).asText()).isEqualTo("\n\n");
		assertThat(sent.get("num_ctx").asInt()).isEqualTo(4096);
	}

	@Test
	void generateOmitsMissingModelAndEmptyOptions() throws Exception {
		JsonNode generate = this.objectMapper.readTree(this.encoder.generate("g", null, "hi", new LinkedHashMap<>()));
		assertThat(generate.has("model")).isFalse();
		assertThat(generate.has("options")).isFalse();
	}

	@Test
	void authenticatePingAndModels() throws Exception {
		JsonNode auth = this.objectMapper.readTree(this.encoder.authenticate("client", "c2ln"));
		assertThat(auth.get("type").asText()).isEqualTo("authenticate");
		assertThat(auth.get("clientId").asText()).isEqualTo("client");
		assertThat(auth.get("signature").asText()).isEqualTo("c2ln");
		assertThat(this.objectMapper.readTree(this.encoder.ping("p")).get("id").asText()).isEqualTo("p");
		assertThat(this.objectMapper.readTree(this.encoder.models("m")).get("type").asText()).isEqualTo("models");
	}

}
