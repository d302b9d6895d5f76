package io.github.ollamaws.reactive;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import io.github.ollamaws.client.OllamaOperations;
import io.github.ollamaws.core.GenerateRequest;
import io.github.ollamaws.core.Generation;
import io.github.ollamaws.core.GenerationResult;
import io.github.ollamaws.core.ModelInfo;
import io.github.ollamaws.core.SlowSubscriberException;
import io.github.ollamaws.core.TokenHandler;
import reactor.core.Exceptions;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The reactive face of an {@link OllamaOperations} (usually the {@code OllamaTemplate}):
 * the same pool and requests, with Reactor types.
 *
 * <p>
 * Tokens arrive on the WebSocket's I/O thread, which every request on that connection
 * shares; they are handed over to {@link #getScheduler() a scheduler} (by default
 * {@link Schedulers#boundedElastic()}), so subscribers may block. A slow subscriber is
 * buffered for: up to {@link #getMaxBufferedTokens()} tokens (by default
 * {@value #DEFAULT_MAX_BUFFERED_TOKENS}) may wait for it. One that falls further behind
 * gets a {@link SlowSubscriberException} and its generation is stopped on the gateway;
 * the connection is never stalled for the others.
 *
 * <pre>{@code
 * ReactiveOllamaTemplate reactive = new ReactiveOllamaTemplate(ollamaTemplate);
 * reactive.streamTokens(GenerateRequest.of("Tell me a story")).subscribe(System.out::print);
 * }</pre>
 *
 * <p>
 * Thread-safe.
 */
public class ReactiveOllamaTemplate implements ReactiveOllamaOperations {

	/** The most tokens that wait for a slow subscriber, by default. */
	public static final int DEFAULT_MAX_BUFFERED_TOKENS = 10_000;

	private final OllamaOperations operations;

	private final Scheduler scheduler;

	private final int maxBufferedTokens;

	/**
	 * A reactive template over {@code operations}, delivering on
	 * {@link Schedulers#boundedElastic()} with the default buffer.
	 * @param operations the blocking and asynchronous operations, usually the
	 * {@code OllamaTemplate}
	 */
	public ReactiveOllamaTemplate(OllamaOperations operations) {
		this(operations, Schedulers.boundedElastic(), DEFAULT_MAX_BUFFERED_TOKENS);
	}

	/**
	 * A reactive template over {@code operations}.
	 * @param operations the blocking and asynchronous operations, usually the
	 * {@code OllamaTemplate}
	 * @param scheduler where signals are delivered to subscribers
	 * @param maxBufferedTokens the most tokens that may wait for a slow subscriber, at
	 * least 1
	 */
	public ReactiveOllamaTemplate(OllamaOperations operations, Scheduler scheduler, int maxBufferedTokens) {
		this.operations = Objects.requireNonNull(operations, "operations must not be null");
		this.scheduler = Objects.requireNonNull(scheduler, "scheduler must not be null");
		if (maxBufferedTokens < 1) {
			throw new IllegalArgumentException("maxBufferedTokens must be at least 1");
		}
		this.maxBufferedTokens = maxBufferedTokens;
	}

	@Override
	public Flux<String> streamTokens(GenerateRequest request) {
		// The last chunk, the only one without a token, is dropped.
		return stream(request).mapNotNull(GenerationChunk::token);
	}

	@Override
	public Flux<GenerationChunk> stream(GenerateRequest request) {
		Objects.requireNonNull(request, "request must not be null");
		return Flux.<GenerationChunk>create((sink) -> {
			Generation generation = this.operations.stream(request, new SinkTokenHandler(sink));
			sink.onCancel(generation::cancel);
		})
			// Unbounded demand upstream, a bounded queue here: the I/O thread never waits
			// for a subscriber.
			.onBackpressureBuffer(this.maxBufferedTokens, (dropped) -> {
			}, BufferOverflowStrategy.ERROR)
			.onErrorMap(Exceptions::isOverflow, (overflow) -> new SlowSubscriberException(this.maxBufferedTokens))
			.publishOn(this.scheduler);
	}

	@Override
	public Mono<GenerationResult> generate(GenerateRequest request) {
		Objects.requireNonNull(request, "request must not be null");
		return fromFuture(() -> this.operations.generateAsync(request));
	}

	@Override
	public <T> Mono<T> generate(GenerateRequest request, Class<T> type) {
		Objects.requireNonNull(request, "request must not be null");
		return fromFuture(() -> this.operations.generateAsync(request, type));
	}

	@Override
	public Mono<List<ModelInfo>> listModels() {
		return fromFuture(this.operations::listModelsAsync);
	}

	@Override
	public Mono<Duration> ping() {
		return fromFuture(this.operations::pingAsync);
	}

	/**
	 * Where signals are delivered to subscribers.
	 * @return the scheduler
	 */
	public Scheduler getScheduler() {
		return this.scheduler;
	}

	/**
	 * The most tokens that may wait for a slow subscriber before its generation is
	 * stopped.
	 * @return the buffer's size
	 */
	public int getMaxBufferedTokens() {
		return this.maxBufferedTokens;
	}

	/**
	 * A future's outcome, delivered on the scheduler; cancelling the subscription cancels
	 * the future (and so a generation).
	 * @param <T> the type of the future's result
	 * @param future supplies the future when the Mono is subscribed
	 * @return the future's outcome as a Mono
	 */
	private <T> Mono<T> fromFuture(Supplier<CompletableFuture<T>> future) {
		return Mono.fromFuture(future, false).publishOn(this.scheduler);
	}

	/** Hands a generation's tokens and outcome to a sink. */
	private static final class SinkTokenHandler implements TokenHandler {

		private final FluxSink<GenerationChunk> sink;

		SinkTokenHandler(FluxSink<GenerationChunk> sink) {
			this.sink = sink;
		}

		@Override
		public void onToken(String token) {
			this.sink.next(GenerationChunk.token(token));
		}

		@Override
		public void onComplete(GenerationResult result) {
			this.sink.next(GenerationChunk.last(result));
			this.sink.complete();
		}

		@Override
		public void onError(Throwable error) {
			this.sink.error(error);
		}

	}

}
