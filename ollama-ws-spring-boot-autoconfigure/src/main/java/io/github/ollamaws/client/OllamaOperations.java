package io.github.ollamaws.client;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What an application can ask of an Ollama WebSocket gateway. Implemented by {@link OllamaTemplate};
 * every method is thread-safe, and every call ends within its timeout with a result or an
 * {@link OllamaWsException}.
 */
public interface OllamaOperations {

	/**
	 * Generates a reply with the default model and options, blocking until it is complete.
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
	 * Runs {@code request} without blocking. Cancelling the returned future cancels the generation.
	 * @param request the request
	 * @return the result's future, completed exceptionally with an {@link OllamaWsException} on failure
	 */
	CompletableFuture<GenerationResult> generateAsync(GenerateRequest request);

	/**
	 * Runs {@code request}, handing each token to {@code handler} as it arrives. Returns at once.
	 * @param request the request
	 * @param handler receives the tokens and the outcome
	 * @return the running generation, which can be cancelled at once
	 */
	Generation stream(GenerateRequest request, TokenHandler handler);

	/**
	 * Lists the models available behind the gateway.
	 * @return the models
	 * @throws OllamaWsException if the gateway fails to list them or does not answer in time
	 */
	List<ModelInfo> listModels();

	/**
	 * Lists the models available behind the gateway, without blocking.
	 * @return the models' future, completed exceptionally with an {@link OllamaWsException} on failure
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
	 * @return the round trip's future, completed exceptionally with an {@link OllamaWsException} if no pong
	 * arrives in time
	 */
	CompletableFuture<Duration> pingAsync();

}
