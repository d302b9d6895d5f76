package io.github.ollamaws.testserver.ollama;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OllamaFormatSchemaTests {

	private static final ObjectMapper MAPPER = new ObjectMapper();

	private static final String TOOLS = """
			{"anyOf":[
			  {"type":"object","properties":{"answer":{"type":"string"}},"required":["answer"],"additionalProperties":false},
			  {"type":"object","properties":{"tool_calls":{"type":"array","minItems":1,"items":{"anyOf":[
			    {"type":"object","properties":{"name":{"const":"weather"},"arguments":{"type":"object",
			      "properties":{"city":{"$ref":"#/$defs/city"}},"required":["city"]}},
			      "required":["name","arguments"],"additionalProperties":false}]}}},
			   "required":["tool_calls"],"additionalProperties":false}],
			 "$defs":{"city":{"type":"string","minLength":1}}}""";

	@Test
	void ollamaTakesTheToolCallingSchema() {
		assertThat(OllamaFormatSchema.violations(json(TOOLS))).isEmpty();
	}

	@Test
	void whatLlamaCppCannotConvertIsAViolation() {
		assertThat(violations("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"date\"}}}")).singleElement()
			.asString()
			.contains("/properties/a/type");
		assertThat(violations("{\"type\":\"string\",\"pattern\":\"[a-z]+\"}")).singleElement()
			.asString()
			.contains("'^'");
		assertThat(violations("{\"properties\":{\"a\":{\"$ref\":\"#/$defs/none\"}}}")).singleElement()
			.asString()
			.contains("cannot be resolved");
		assertThat(violations("{\"properties\":{\"a\":{\"$ref\":\"https://example.com/s.json\"}}}")).singleElement()
			.asString()
			.contains("not a local reference");
		assertThat(violations("{\"properties\":{\"a\":{\"description\":\"anything\"}}}")).singleElement()
			.asString()
			.contains("Unrecognized schema");
		assertThat(violations("{\"properties\":{\"a\":true}}")).singleElement().asString().contains("not a schema");
		assertThat(violations("{\"type\":\"string\",\"maxLength\":\"3\"}")).singleElement()
			.asString()
			.contains("maxLength");
		assertThat(violations("{\"type\":\"string\",\"format\":\"email\"}")).isEmpty();
		assertThat(violations("{}")).isEmpty();
	}

	@Test
	void aReplyFitsWhenTheGrammarCouldHaveWrittenIt() {
		JsonNode format = json(TOOLS);
		assertThat(OllamaFormatSchema.mismatches(format, json("{\"answer\":\"Sunny\"}"))).isEmpty();
		assertThat(OllamaFormatSchema.mismatches(format,
				json("{\"tool_calls\":[{\"name\":\"weather\",\"arguments\":{\"city\":\"Paris\"}}]}")))
			.isEmpty();
		for (String reply : List.of("\"Sunny\"", "{\"answer\":1}", "{\"answer\":\"a\",\"x\":1}", "{\"tool_calls\":[]}",
				"{\"tool_calls\":[{\"name\":\"other\",\"arguments\":{\"city\":\"Paris\"}}]}",
				"{\"tool_calls\":[{\"name\":\"weather\",\"arguments\":{}}]}",
				"{\"tool_calls\":[{\"name\":\"weather\",\"arguments\":{\"city\":\"\"}}]}",
				"{\"tool_calls\":[{\"name\":\"weather\",\"arguments\":{\"city\":\"P\",\"country\":\"F\"}}]}")) {
			assertThat(OllamaFormatSchema.mismatches(format, json(reply))).as(reply).isNotEmpty();
		}
	}

	private static List<String> violations(String schema) {
		return OllamaFormatSchema.violations(json(schema));
	}

	private static JsonNode json(String text) {
		try {
			return MAPPER.readTree(text);
		}
		catch (Exception ex) {
			throw new IllegalArgumentException(ex);
		}
	}

}
