package io.github.ollamaws.client;

import java.lang.reflect.Type;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.github.ollamaws.core.GenerateRequest;
import io.github.ollamaws.core.GenerationResult;
import io.github.ollamaws.core.ResponseFormat;
import io.github.ollamaws.core.StructuredOutputException;

/**
 * Structured output: asks Ollama for a reply that follows a type's JSON Schema and maps
 * the reply to the type.
 */
final class StructuredOutput {

	// Modules on the class path (java.time, parameter names...) are registered, as Spring
	// AI does; unknown properties are tolerated, since small models sometimes add a field
	// that the schema forbids.
	private static final ObjectMapper MAPPER = JsonMapper.builder()
		.findAndAddModules()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private StructuredOutput() {
	}

	/**
	 * {@code request} with {@code type}'s schema as its format, unless it sets a schema
	 * of its own.
	 * @param request the request as the caller built it
	 * @param type the type the reply is mapped to
	 * @return {@code request} itself if it sets a schema, else a copy with the schema of
	 * {@code type} as its format
	 */
	static GenerateRequest withSchemaOf(GenerateRequest request, Type type) {
		ResponseFormat format = request.format();
		if (format != null && !format.isJsonMode()) {
			return request;
		}
		return request.mutate().format(ResponseFormat.schemaFor(type)).build();
	}

	/**
	 * The mapped reply of {@code generation}; cancelling it cancels the generation.
	 * @param <T> the type the reply is mapped to
	 * @param generation the pending generation
	 * @param type the type the reply is mapped to
	 * @return the reply mapped to {@code type}
	 */
	static <T> CompletableFuture<T> mapAsync(CompletableFuture<GenerationResult> generation, Type type) {
		CompletableFuture<T> mapped = generation.thenApply((result) -> map(result, type));
		mapped.whenComplete((result, error) -> {
			if (mapped.isCancelled()) {
				generation.cancel(false);
			}
		});
		return mapped;
	}

	static <T> T map(GenerationResult result, Type type) {
		String text = result.text();
		try {
			JavaType javaType = MAPPER.constructType(type);
			return MAPPER.readValue(text, javaType);
		}
		catch (Exception ex) {
			throw new StructuredOutputException(type, text, ex);
		}
	}

}
