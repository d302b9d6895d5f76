package io.github.ollamaws.protocol;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ollamaws.core.GenerationOptions;
import org.junit.jupiter.api.Test;

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
	void generateWritesTheGatewaysOptionsObjectAsGiven() throws Exception {
		Map<String, Object> options = new LinkedHashMap<>();
		options.put("system", "Be brief.");
		options.put("options",
				GenerationOptions.builder()
					.temperature(0.2)
					.topP(0.9)
					.topK(40)
					.maxTokens(100)
					.seed(7)
					.stop(List.of("\n\n"))
					.option("num_ctx", 4096)
					.build()
					.asMap());
		JsonNode generate = this.objectMapper
			.readTree(this.encoder.generate("g", "llama3", "Why \"blue\"?\n", options));
		assertThat(generate.get("type").asText()).isEqualTo("generate");
		assertThat(generate.get("id").asText()).isEqualTo("g");
		assertThat(generate.get("model").asText()).isEqualTo("llama3");
		assertThat(generate.get("prompt").asText()).isEqualTo("Why \"blue\"?\n");
		assertThat(generate.get("options")).hasToString("{\"system\":\"Be brief.\",\"options\":{\"temperature\":0.2,"
				+ "\"top_p\":0.9,\"top_k\":40,\"num_predict\":100,\"seed\":7,\"stop\":[\"\\n\\n\"],\"num_ctx\":4096}}");
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
		assertThat(this.encoder.ping("p")).isEqualTo("{\"type\":\"ping\",\"id\":\"p\"}");
		assertThat(this.encoder.models("m")).isEqualTo("{\"type\":\"models\",\"id\":\"m\"}");
	}

}
