package io.github.ollamaws.tools;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class OllamaSchemaSupportTests {

	@Test
	void aPlainObjectSchemaIsKeptAsItIs() {
		ToolDefinition tool = ToolDefinition.of("weather", "",
				"{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\",\"minLength\":1},"
						+ "\"days\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":7},"
						+ "\"unit\":{\"enum\":[\"C\",\"F\"]},\"when\":{\"type\":\"string\",\"format\":\"date\"}},"
						+ "\"required\":[\"city\"],\"additionalProperties\":false}");
		assertThat(OllamaSchemaSupport.adapt(tool)).isEqualTo(tool.inputSchema());
	}

	@Test
	void localReferencesAreRewrittenToWhereTheSchemaSits() {
		ToolDefinition tool = ToolDefinition.of("route", "",
				"{\"type\":\"object\",\"properties\":{\"from\":{\"$ref\":\"#/$defs/place\"},\"to\":{\"$ref\":\"#/$defs/place\"}},"
						+ "\"$defs\":{\"place\":{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},"
						+ "\"near\":{\"$ref\":\"#\"}}}}}");
		Map<String, Object> adapted = OllamaSchemaSupport.adapt(tool, "/x/arguments", new java.util.ArrayList<>());
		assertThat(adapted).extracting("properties.from.$ref").isEqualTo("#/x/arguments/$defs/place");
		assertThat(adapted).extracting("$defs.place.properties.near.$ref").isEqualTo("#/x/arguments");
	}

	@Test
	void remoteAndDanglingReferencesAreRefusedNamingToolAndPlace() {
		assertThatExceptionOfType(UnsupportedSchemaException.class)
			.isThrownBy(() -> OllamaSchemaSupport.adapt(ToolDefinition.of("t", "",
					"{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"https://example.com/a.json\"}}}")))
			.withMessageContaining("'t'")
			.withMessageContaining("/properties/a/$ref")
			.withMessageContaining("only local references")
			.satisfies((ex) -> assertThat(ex.location()).isEqualTo("/properties/a/$ref"))
			.satisfies((ex) -> assertThat(ex.toolName()).isEqualTo("t"));
		assertThatExceptionOfType(UnsupportedSchemaException.class)
			.isThrownBy(() -> OllamaSchemaSupport.adapt(ToolDefinition.of("t", "",
					"{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"#/$defs/missing\"}}}")))
			.withMessageContaining("points to nothing");
	}

	@Test
	void whatOllamaFailsOnIsRefused() {
		for (String schema : List.of("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"date\"}}}",
				"{\"type\":\"object\",\"properties\":{\"a\":true}}",
				"{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\",\"format\":1}}}",
				"{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\",\"maxLength\":\"9\"}}}",
				"{\"type\":\"object\",\"properties\":{\"a\":{\"anyOf\":{\"type\":\"string\"}}}}",
				"{\"type\":\"object\",\"properties\":{\"a\":{\"type\":[\"string\",\"text\"]}}}",
				"{\"type\":\"array\",\"items\":[{\"type\":\"string\"},false]}")) {
			assertThatExceptionOfType(UnsupportedSchemaException.class).as(schema)
				.isThrownBy(() -> OllamaSchemaSupport.adapt(ToolDefinition.of("t", "", schema)));
		}
	}

	@Test
	void anUnanchoredPatternIsDroppedAndNoted() {
		ToolDefinition tool = ToolDefinition.of("t", "",
				"{\"type\":\"object\",\"properties\":{\"code\":{\"type\":\"string\",\"pattern\":\"[A-Z]{3}\"},"
						+ "\"iso\":{\"type\":\"string\",\"pattern\":\"^[A-Z]{2}$\"}}}");
		List<String> notes = new java.util.ArrayList<>();
		Map<String, Object> adapted = OllamaSchemaSupport.adapt(tool, "", notes);
		assertThat(adapted).extracting("properties.code").isEqualTo(Map.of("type", "string"));
		assertThat(adapted).extracting("properties.iso.pattern").isEqualTo("^[A-Z]{2}$");
		assertThat(notes).singleElement().asString().contains("/properties/code/pattern").contains("anchored");
	}

	@Test
	void aSchemaWithNoTypeThatOllamaCannotConvertBecomesAnyValue() {
		ToolDefinition tool = ToolDefinition.of("t", "",
				"{\"type\":\"object\",\"properties\":{\"v\":{\"description\":\"anything\"},\"d\":{\"format\":\"date\"}}}");
		List<String> notes = new java.util.ArrayList<>();
		Map<String, Object> adapted = OllamaSchemaSupport.adapt(tool, "", notes);
		assertThat(adapted).extracting("properties.v.type")
			.isEqualTo(List.of("string", "number", "boolean", "object", "array", "null"));
		assertThat(adapted).extracting("properties.d").isEqualTo(Map.of("format", "date"));
		assertThat(notes).singleElement().asString().contains("/properties/v");
	}

	@Test
	void referencesIntoArraysResolveByIndex() {
		ToolDefinition tool = ToolDefinition
			.of("t", "", "{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"#/$defs/pair/prefixItems/1\"}},"
					+ "\"$defs\":{\"pair\":{\"type\":\"array\",\"prefixItems\":[{\"type\":\"string\"},{\"type\":\"integer\"}]}}}");
		assertThat(OllamaSchemaSupport.adapt(tool)).extracting("properties.a.$ref")
			.isEqualTo("#/$defs/pair/prefixItems/1");
		for (String dangling : List.of("#/$defs/pair/prefixItems/2", "#/$defs/pair/prefixItems/x",
				"#/$defs/pair/prefixItems/1/type/0")) {
			ToolDefinition refersToNothing = ToolDefinition
				.of("t", "", "{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"" + dangling + "\"}},"
						+ "\"$defs\":{\"pair\":{\"type\":\"array\",\"prefixItems\":[{\"type\":\"string\"},{\"type\":\"integer\"}]}}}");
			assertThatExceptionOfType(UnsupportedSchemaException.class).as(dangling)
				.isThrownBy(() -> OllamaSchemaSupport.adapt(refersToNothing))
				.withMessageContaining("points to nothing");
		}
	}

	@Test
	void everyNestedSchemaIsChecked() {
		// The members of anyOf, a single items schema and an additionalProperties schema:
		// each is a schema Ollama converts, so each is held to the same rules.
		for (String schema : List.of("{\"anyOf\":[{\"type\":\"string\"},{\"type\":\"date\"}]}",
				"{\"type\":\"array\",\"items\":{\"type\":\"date\"}}",
				"{\"type\":\"array\",\"items\":[{\"type\":\"string\"},{\"type\":\"date\"}]}",
				"{\"type\":\"object\",\"additionalProperties\":{\"type\":\"date\"}}")) {
			assertThatExceptionOfType(UnsupportedSchemaException.class).as(schema)
				.isThrownBy(() -> OllamaSchemaSupport.adapt(ToolDefinition.of("t", "", schema)))
				.withMessageContaining("unknown type date");
		}
		ToolDefinition valid = ToolDefinition.of("t", "",
				"{\"type\":\"array\",\"items\":[{\"type\":\"string\"},{\"anyOf\":[{\"type\":\"null\"}]}],"
						+ "\"additionalProperties\":{\"type\":\"integer\"}}");
		assertThat(OllamaSchemaSupport.adapt(valid)).isEqualTo(valid.inputSchema());
	}

	@Test
	void aSchemaWithNoTypeThatOllamaConvertsIsKept() {
		// additionalProperties other than true is converted without a type (as an
		// object).
		List<String> notes = new java.util.ArrayList<>();
		ToolDefinition closed = ToolDefinition.of("t", "",
				"{\"type\":\"object\",\"properties\":{\"v\":{\"additionalProperties\":false}}}");
		assertThat(OllamaSchemaSupport.adapt(closed, "", notes)).isEqualTo(closed.inputSchema());
		assertThat(notes).isEmpty();
		ToolDefinition open = ToolDefinition.of("t", "",
				"{\"type\":\"object\",\"properties\":{\"v\":{\"additionalProperties\":true}}}");
		assertThat(OllamaSchemaSupport.adapt(open, "", notes)).extracting("properties.v.type")
			.isEqualTo(List.of("string", "number", "boolean", "object", "array", "null"));
		assertThat(notes).singleElement().asString().contains("/properties/v");
	}

	@Test
	void aPatternCountsOnlyForStringsAndIsKeptWhenAnchored() {
		// llama.cpp applies 'pattern' to a string or a schema without a type; elsewhere
		// it
		// ignores it, so nothing is dropped. "^$" (the empty string) is anchored.
		List<String> notes = new java.util.ArrayList<>();
		ToolDefinition tool = ToolDefinition.of("t", "",
				"{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\",\"pattern\":\"[0-9]\"},"
						+ "\"e\":{\"type\":\"string\",\"pattern\":\"^$\"},\"u\":{\"pattern\":\"[a-z]\"}}}");
		Map<String, Object> adapted = OllamaSchemaSupport.adapt(tool, "", notes);
		assertThat(adapted).extracting("properties.n").isEqualTo(Map.of("type", "integer", "pattern", "[0-9]"));
		assertThat(adapted).extracting("properties.e").isEqualTo(Map.of("type", "string", "pattern", "^$"));
		assertThat(adapted).extracting("properties.u").isEqualTo(Map.of());
		assertThat(notes).singleElement().asString().contains("/properties/u/pattern");
	}

}
