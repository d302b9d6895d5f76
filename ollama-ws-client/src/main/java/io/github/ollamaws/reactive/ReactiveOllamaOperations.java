package io.github.ollamaws.reactive;

import java.time.Duration;
import java.util.List;

import io.github.ollamaws.core.GenerateRequest;
import io.github.ollamaws.core.GenerationResult;
import io.github.ollamaws.core.ModelInfo;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What an application can ask of an Ollama WebSocket gateway, with Reactor types.
 * Implemented by {@link ReactiveOllamaTemplate}.
 *
 * <p>
 * Every publisher is cold: nothing is sent until it is subscribed to, and each
 * subscription sends its own request. Cancelling a subscription to a generation stops it
 * on the gateway. Errors are the client's typed
 * {@link io.github.ollamaws.core.OllamaWsException}s. Signals are never delivered on the
 * WebSocket's I/O thread, so a subscriber may block.
 */
public interface ReactiveOllamaOperations {

	/**
	 * Streams the reply's tokens.
	 *
	 * <pre>{@code
	 * Flux<String> tokens = reactiveOllama.streamTokens(GenerateRequest.of("Tell me a story"));
	 * }</pre>
	 * @param request the request
	 * @return the tokens, completing when the generation ends (also when it was
	 * cancelled)
	 */
	Flux<String> streamTokens(GenerateRequest request);

	/**
	 * Streams the reply as chunks: each token, then a last chunk with the
	 * {@link GenerationResult}.
	 * @param request the request
	 * @return the chunks
	 */
	Flux<GenerationChunk> stream(GenerateRequest request);

	/**
	 * Generates the whole reply.
	 * @param request the request
	 * @return the result; cancelling the subscription stops the generation
	 */
	Mono<GenerationResult> generate(GenerateRequest request);

	/**
	 * Generates a reply as structured output of {@code type}, as
	 * {@link io.github.ollamaws.client.OllamaOperations#generate(GenerateRequest, Class)}
	 * does.
	 * @param <T> the type of the reply
	 * @param request the request
	 * @param type the type
	 * @return the mapped reply, or an error with a
	 * {@link io.github.ollamaws.core.StructuredOutputException}
	 */
	<T> Mono<T> generate(GenerateRequest request, Class<T> type);

	/**
	 * Lists the models behind the gateway.
	 * @return the models
	 */
	Mono<List<ModelInfo>> listModels();

	/**
	 * Pings the gateway.
	 * @return the measured round trip
	 */
	Mono<Duration> ping();

}
