package io.github.ollamaws.testserver.ollama;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link OllamaGenerateSchema}, the oracle the client's request bodies are
 * checked against.
 */
class OllamaGenerateSchemaTests {

	private static final ObjectMapper MAPPER = new ObjectMapper();

	@Test
	void acceptsEveryFieldOfOllamasRequestWithItsType() throws Exception {
		assertThat(OllamaGenerateSchema.violations(MAPPER.readTree(
				"""
						{"model":"llava","prompt":"Hi","stream":true,"suffix":"}","system":"Be brief.","template":"{{ .Prompt }}",
						 "context":[1,2],"raw":false,"format":{"type":"object"},"keep_alive":"1h30m","images":["AQID"],
						 "think":"high","truncate":true,"shift":false,"logprobs":true,"top_logprobs":3,
						 "options":{"num_keep":5,"seed":42,"num_predict":128,"top_k":40,"top_p":0.9,"min_p":0.05,"typical_p":1,
						  "repeat_last_n":64,"temperature":0.2,"repeat_penalty":1.1,"presence_penalty":0,"frequency_penalty":0,
						  "stop":["\\n"],"num_ctx":4096,"num_batch":512,"num_gpu":1,"main_gpu":0,"use_mmap":true,"num_thread":8}}
						""")))
			.isEmpty();
		assertThat(OllamaGenerateSchema
			.violations(MAPPER.readTree("{\"model\":\"m\",\"format\":\"json\",\"keep_alive\":0,\"think\":true}")))
			.isEmpty();
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
			{"model":"m","temperature":0.2}                  | model parameter 'temperature' at the top level
			{"model":"m","max_tokens":10}                    | 'max_tokens' at the top level
			{"model":"m","colour":"blue"}                    | unknown field 'colour'
			{"model":"m","options":{"max_tokens":10}}        | 'options.max_tokens' is not an Ollama model parameter
			{"model":"m","options":{"mirostat":2}}           | 'options.mirostat' is not an Ollama model parameter
			{"model":"m","options":{"temperature":"hot"}}    | 'options.temperature' has the wrong type
			{"model":"m","options":{"top_k":2.5}}            | 'options.top_k' has the wrong type
			{"model":"m","options":{"stop":"x"}}             | 'options.stop' has the wrong type
			{"model":"m","raw":"yes"}                        | 'raw' has the wrong type
			{"model":"m","format":"yaml"}                    | 'format' has the wrong type
			{"model":"m","format":{"type":"date"}}           | 'format' /type "date" is not a type Ollama knows
			{"model":"m","format":{"pattern":"[a-z]"}}       | 'format' /pattern must start with '^'
			{"model":"m","keep_alive":"ten minutes"}         | 'keep_alive' has the wrong type
			{"model":"m","images":["not base64!"]}           | 'images' has the wrong type
			{"model":"m","think":"max"}                      | 'think' has the wrong type
			{"prompt":"Hi"}                                  | 'model' is missing
			""")
	void reportsWhatOllamaWouldIgnoreOrReject(String body, String violation) throws Exception {
		assertThat(OllamaGenerateSchema.violations(MAPPER.readTree(body))).singleElement()
			.asString()
			.contains(violation);
	}

}
