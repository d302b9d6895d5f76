package io.github.ollamaws.tools;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A tool the model may call: its name, what it does, and the JSON Schema of its
 * arguments. Spring AI's and LangChain4j's tool definitions map onto it one to one.
 *
 * <pre>{@code
 * ToolDefinition weather = ToolDefinition.of("weather", "The current weather of a city",
 *         "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}");
 * }</pre>
 *
 * @param name the tool's name, unique among the tools of a request
 * @param description what the tool does and when to call it, for the model
 * @param inputSchema the JSON Schema of the arguments, as Jackson reads a schema object
 */
public record ToolDefinition(String name, String description, Map<String, Object> inputSchema) {

	private static final ObjectMapper MAPPER = new ObjectMapper();

	/**
	 * Checks and copies the parts.
	 * @param name the tool's name, not blank
	 * @param description what the tool does
	 * @param inputSchema the JSON Schema of the arguments
	 */
	public ToolDefinition {
		Objects.requireNonNull(name, "name must not be null");
		if (name.isBlank()) {
			throw new IllegalArgumentException("A tool's name must not be blank");
		}
		Objects.requireNonNull(description, "description must not be null");
		inputSchema = Collections.unmodifiableMap(new LinkedHashMap<>(inputSchema));
	}

	/**
	 * A tool whose input schema is given as JSON text (as Spring AI's
	 * {@code ToolDefinition.inputSchema()} holds it).
	 * @param name the tool's name
	 * @param description what the tool does
	 * @param inputSchemaJson the JSON Schema of the arguments, a JSON object
	 * @return the definition
	 * @throws IllegalArgumentException if the schema is not a JSON object
	 */
	public static ToolDefinition of(String name, String description, String inputSchemaJson) {
		Objects.requireNonNull(inputSchemaJson, "inputSchemaJson must not be null");
		try {
			return new ToolDefinition(name, description,
					MAPPER.readValue(inputSchemaJson, new TypeReference<Map<String, Object>>() {
					}));
		}
		catch (JsonProcessingException ex) {
			throw new IllegalArgumentException(
					"The input schema of tool '" + name + "' is not a JSON object: " + ex.getOriginalMessage(), ex);
		}
	}

}
