package io.github.ollamaws.sample.chat;

import java.io.IOException;
import java.util.concurrent.Executor;

import io.github.ollamaws.core.FinishReason;
import io.github.ollamaws.core.Generation;
import io.github.ollamaws.core.GenerationResult;
import io.github.ollamaws.core.TokenHandler;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Relays one generation to a browser as Server-Sent Events: {@code start} ({@code id},
 * {@code model}), {@code token} ({@code text}) for each token, then {@code end} (the
 * result, without the text) or {@code error} (a {@link ChatError.Event}). Events are
 * written one at a time off the client's I/O thread, and only once the generation is
 * registered, so that its id is stoppable when {@code start} arrives. When the browser
 * goes away or the stream times out, the generation is cancelled.
 */
final class SseRelay implements TokenHandler {

	private static final Log logger = LogFactory.getLog(SseRelay.class);

	private final SseEmitter emitter;

	private final SerialExecutor events;

	private volatile Generation generation;

	private volatile boolean clientGone;

	SseRelay(SseEmitter emitter, Executor executor) {
		this.emitter = emitter;
		this.events = new SerialExecutor(executor);
		emitter.onTimeout(() -> {
			cancelGeneration();
			emitter.complete();
		});
		emitter.onError((failure) -> cancelGeneration());
		// Also runs after a normal end, when cancelling is a no-op.
		emitter.onCompletion(this::cancelGeneration);
	}

	/**
	 * Starts relaying the events of a generation started with this handler.
	 * @param generation the generation
	 */
	void relay(Generation generation) {
		this.generation = generation;
		this.events.open();
	}

	@Override
	public void onStart(String generationId, String model) {
		send("start", new StartEvent(generationId, model));
	}

	@Override
	public void onToken(String token) {
		send("token", new TokenEvent(token));
	}

	@Override
	public void onComplete(GenerationResult result) {
		send("end", EndEvent.of(result));
		this.events.execute(this.emitter::complete);
	}

	@Override
	public void onError(Throwable error) {
		ChatError chatError = ChatError.of(error);
		if (chatError.isServerError()) {
			logger.warn("Streamed generation ended with " + chatError.type() + ": " + chatError.message());
		}
		send("error", chatError.event());
		this.events.execute(this.emitter::complete);
	}

	private void send(String name, Object data) {
		this.events.execute(() -> {
			if (this.clientGone) {
				return;
			}
			try {
				this.emitter.send(SseEmitter.event().name(name).data(data, MediaType.APPLICATION_JSON));
			}
			catch (IOException | IllegalStateException ex) {
				// The browser went away (or the emitter timed out): nobody is listening.
				this.clientGone = true;
				cancelGeneration();
			}
		});
	}

	private void cancelGeneration() {
		Generation current = this.generation;
		if (current != null) {
			current.cancel();
		}
	}

	/**
	 * The {@code start} event.
	 *
	 * @param id the generation's id, to stop it with
	 * @param model the model the gateway uses
	 */
	record StartEvent(String id, String model) {

	}

	/**
	 * A {@code token} event.
	 *
	 * @param text the text fragment
	 */
	record TokenEvent(String text) {

	}

	/**
	 * The {@code end} event: the result without the text, which the client already has.
	 *
	 * @param id the generation's id
	 * @param model the model that generated the text
	 * @param finishReason {@code COMPLETED}, or {@code CANCELLED} when it was stopped
	 * @param totalTokens the number of tokens generated
	 * @param elapsedMs how long the generation took, in milliseconds
	 * @param timeToFirstTokenMs how long the first token took, in milliseconds, or
	 * {@code null} when none arrived
	 */
	record EndEvent(String id, String model, FinishReason finishReason, int totalTokens, long elapsedMs,
			Long timeToFirstTokenMs) {

		static EndEvent of(GenerationResult result) {
			ChatResult chatResult = ChatResult.of(result);
			return new EndEvent(chatResult.id(), chatResult.model(), chatResult.finishReason(),
					chatResult.totalTokens(), chatResult.elapsedMs(), chatResult.timeToFirstTokenMs());
		}

	}

}
