package io.github.ollamaws.core;

import java.lang.reflect.Type;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jspecify.annotations.Nullable;

/**
 * The shape Ollama must give its reply: Ollama's {@code format} field. Either JSON mode
 * ({@code "json"}: any JSON value) or structured output (a JSON Schema the reply must
 * follow).
 *
 * <pre>{@code
 * GenerateRequest.builder("List three colours as JSON").format(ResponseFormat.json()).build();
 * GenerateRequest.builder("Describe Paris").format(ResponseFormat.schemaFor(City.class)).build();
 * }</pre>
 *
 * <p>
 * {@link io.github.ollamaws.client.OllamaTemplate#generate(GenerateRequest, Class)}
 * derives the schema from the class and maps the reply to it in one step. Immutable and
 * thread-safe.
 */
public final class ResponseFormat {

	private static final ObjectMapper MAPPER = new ObjectMapper();

	private static final ResponseFormat JSON = new ResponseFormat("json");

	// "json", or the schema as an unmodifiable map.
	private final Object value;

	private ResponseFormat(Object value) {
		this.value = value;
	}

	/**
	 * JSON mode: the reply is a JSON value of any shape (Ollama's
	 * {@code "format":"json"}). Say in the prompt what shape you want.
	 * @return the format asking for any JSON value
	 */
	public static ResponseFormat json() {
		return JSON;
	}

	/**
	 * Structured output following {@code schema}, a JSON Schema as a map (as Jackson
	 * reads a schema object).
	 * @param schema the schema
	 * @return the format
	 */
	public static ResponseFormat schema(Map<String, ?> schema) {
		Objects.requireNonNull(schema, "schema must not be null");
		return new ResponseFormat(Collections.unmodifiableMap(new LinkedHashMap<>(schema)));
	}

	/**
	 * Structured output following a JSON Schema given as JSON text.
	 * @param schemaJson the schema, a JSON object
	 * @return the format
	 * @throws InvalidRequestException if the text is not a JSON object
	 */
	public static ResponseFormat schema(String schemaJson) {
		Objects.requireNonNull(schemaJson, "schemaJson must not be null");
		try {
			return schema(MAPPER.readValue(schemaJson, new TypeReference<Map<String, Object>>() {
			}));
		}
		catch (JsonProcessingException ex) {
			throw new InvalidRequestException("The schema is not a JSON object: " + ex.getOriginalMessage(), ex);
		}
	}

	/**
	 * Structured output following the JSON Schema of {@code type} (a record, a bean, an
	 * enum, a list...), derived the way Spring AI derives it: Jackson's view of the type,
	 * properties in declaration order, no additional properties,
	 * {@code @JsonProperty(required = true)} respected, and
	 * {@code @JsonPropertyDescription} as descriptions.
	 * @param type the type the reply must map to, for example {@code City.class} or the
	 * type of a {@code ParameterizedTypeReference}
	 * @return the format
	 */
	public static ResponseFormat schemaFor(Type type) {
		Objects.requireNonNull(type, "type must not be null");
		return schema(JsonSchemas.schemaOf(type));
	}

	/**
	 * Whether this is JSON mode rather than a schema.
	 * @return {@code true} for JSON mode
	 */
	public boolean isJsonMode() {
		return this.value instanceof String;
	}

	/**
	 * The schema.
	 * @return the schema as an unmodifiable map, or {@code null} in JSON mode
	 */
	@SuppressWarnings("unchecked")
	public @Nullable Map<String, Object> schema() {
		return isJsonMode() ? null : (Map<String, Object>) this.value;
	}

	/**
	 * What Ollama's {@code format} field carries: {@code "json"}, or the schema object.
	 * @return the value to write as JSON
	 */
	Object wireValue() {
		return this.value;
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return (other instanceof ResponseFormat that) && this.value.equals(that.value);
	}

	@Override
	public int hashCode() {
		return this.value.hashCode();
	}

	@Override
	public String toString() {
		return isJsonMode() ? "ResponseFormat[json]" : "ResponseFormat[schema]";
	}

}
