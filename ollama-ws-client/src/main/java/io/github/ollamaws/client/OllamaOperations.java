package io.github.ollamaws.client;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.github.ollamaws.core.GenerateRequest;
import io.github.ollamaws.core.Generation;
import io.github.ollamaws.core.GenerationResult;
import io.github.ollamaws.core.ModelInfo;
import io.github.ollamaws.core.OllamaWsException;
import io.github.ollamaws.core.StructuredOutputException;
import io.github.ollamaws.core.TokenHandler;

import org.springframework.core.ParameterizedTypeReference;

/**
 * What an application can ask of an Ollama WebSocket gateway. Implemented by
 * {@link OllamaTemplate}; every method is thread-safe, and every call ends within its
 * timeout with a result or an {@link OllamaWsException}.
 */
public interface OllamaOperations {

	/**
	 * Generates a reply with the default model and options, blocking until it is
	 * complete.
	 * @param prompt the prompt
	 * @return the result
	 * @throws OllamaWsException if the generation fails or times out
	 */
	GenerationResult generate(String prompt);

	/**
	 * Generates a reply with {@code model}, blocking until it is complete.
	 * @param model the model
	 * @param prompt the prompt
	 * @return the result
	 * @throws OllamaWsException if the generation fails or times out
	 */
	GenerationResult generate(String model, String prompt);

	/**
	 * Runs {@code request}, blocking until it is complete.
	 * @param request the request
	 * @return the result
	 * @throws OllamaWsException if the generation fails or times out
	 */
	GenerationResult generate(GenerateRequest request);

	/**
	 * Runs {@code request} without blocking. Cancelling the returned future cancels the
	 * generation.
	 * @param request the request
	 * @return the result's future, completed exceptionally with an
	 * {@link OllamaWsException} on failure
	 */
	CompletableFuture<GenerationResult> generateAsync(GenerateRequest request);

	/**
	 * Runs {@code request} as structured output and maps the reply to {@code type}: the
	 * JSON Schema of {@code type} is sent as Ollama's {@code format} (unless the request
	 * sets a schema of its own), so the model answers with JSON of that shape. Blocks
	 * until the reply is complete.
	 *
	 * <pre>{@code
	 * record City(String name, String country, int population) {}
	 * City paris = ollama.generate(GenerateRequest.of("Describe Paris"), City.class);
	 * }</pre>
	 * @param <T> the type of the reply
	 * @param request the request
	 * @param type a record, bean, enum or other type Jackson can read
	 * @return the reply, mapped
	 * @throws StructuredOutputException if the reply cannot be mapped (it carries the raw
	 * text)
	 * @throws OllamaWsException if the generation fails or times out
	 */
	default <T> T generate(GenerateRequest request, Class<T> type) {
		return StructuredOutput.map(generate(StructuredOutput.withSchemaOf(request, type)), type);
	}

	/**
	 * Runs {@code request} as structured output of a generic type, such as a list of
	 * records, and maps the reply to it; otherwise as
	 * {@link #generate(GenerateRequest, Class)}.
	 * @param <T> the type of the reply
	 * @param request the request
	 * @param type the type, for example {@code new
	 * ParameterizedTypeReference<List<City>>() {}}
	 * @return the reply, mapped
	 * @throws StructuredOutputException if the reply cannot be mapped (it carries the raw
	 * text)
	 * @throws OllamaWsException if the generation fails or times out
	 */
	default <T> T generate(GenerateRequest request, ParameterizedTypeReference<T> type) {
		Type target = type.getType();
		return StructuredOutput.map(generate(StructuredOutput.withSchemaOf(request, target)), target);
	}

	/**
	 * Runs {@code request} as structured output without blocking; otherwise as
	 * {@link #generate(GenerateRequest, Class)}.
	 * @param <T> the type of the reply
	 * @param request the request
	 * @param type a record, bean, enum or other type Jackson can read
	 * @return the reply's future, completed exceptionally with a
	 * {@link StructuredOutputException} or another {@link OllamaWsException} on failure;
	 * cancelling it cancels the generation
	 */
	default <T> CompletableFuture<T> generateAsync(GenerateRequest request, Class<T> type) {
		return StructuredOutput.mapAsync(generateAsync(StructuredOutput.withSchemaOf(request, type)), type);
	}

	/**
	 * Runs {@code request} as structured output of a generic type without blocking;
	 * otherwise as {@link #generate(GenerateRequest, ParameterizedTypeReference)}.
	 * @param <T> the type of the reply
	 * @param request the request
	 * @param type the type, for example {@code new
	 * ParameterizedTypeReference<List<City>>() {}}
	 * @return the reply's future, completed exceptionally with a
	 * {@link StructuredOutputException} or another {@link OllamaWsException} on failure;
	 * cancelling it cancels the generation
	 */
	default <T> CompletableFuture<T> generateAsync(GenerateRequest request, ParameterizedTypeReference<T> type) {
		Type target = type.getType();
		return StructuredOutput.mapAsync(generateAsync(StructuredOutput.withSchemaOf(request, target)), target);
	}

	/**
	 * Runs {@code request}, handing each token to {@code handler} as it arrives. Returns
	 * at once.
	 * @param request the request
	 * @param handler receives the tokens and the outcome
	 * @return the running generation, which can be cancelled at once
	 */
	Generation stream(GenerateRequest request, TokenHandler handler);

	/**
	 * Lists the models available behind the gateway.
	 * @return the models
	 * @throws OllamaWsException if the gateway fails to list them or does not answer in
	 * time
	 */
	List<ModelInfo> listModels();

	/**
	 * Lists the models available behind the gateway, without blocking.
	 * @return the models' future, completed exceptionally with an
	 * {@link OllamaWsException} on failure
	 */
	CompletableFuture<List<ModelInfo>> listModelsAsync();

	/**
	 * Sends a {@code ping} and waits for its {@code pong}.
	 * @return the measured round trip
	 * @throws OllamaWsException if no pong arrives in time
	 */
	Duration ping();

	/**
	 * Sends a {@code ping} without blocking.
	 * @return the round trip's future, completed exceptionally with an
	 * {@link OllamaWsException} if no pong arrives in time
	 */
	CompletableFuture<Duration> pingAsync();

}
