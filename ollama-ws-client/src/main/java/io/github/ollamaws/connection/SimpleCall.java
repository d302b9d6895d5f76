package io.github.ollamaws.connection;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.github.ollamaws.core.ConnectionLostException;
import io.github.ollamaws.core.ModelInfo;
import io.github.ollamaws.core.OllamaTimeoutException;
import io.github.ollamaws.core.ProtocolException;
import io.github.ollamaws.protocol.GatewayErrors;
import io.github.ollamaws.protocol.ServerMessage;
import io.github.ollamaws.protocol.ServerMessageType;

/**
 * A request answered by one frame: a models listing or a ping.
 *
 * @param <T> the result type
 */
final class SimpleCall<T> extends PendingRequest {

	private final ServerMessageType answerType;

	private final long sentNanos;

	private final long deadlineNanos;

	private final OllamaTimeoutException.Kind timeoutKind;

	private final Duration timeout;

	private final CompletableFuture<T> result;

	private final Answer<T> answer;

	private final boolean holdsSlot;

	private SimpleCall(ServerMessageType answerType, Duration timeout, OllamaTimeoutException.Kind timeoutKind,
			CompletableFuture<T> result, boolean holdsSlot, Answer<T> answer) {
		this.holdsSlot = holdsSlot;
		this.answerType = answerType;
		this.sentNanos = System.nanoTime();
		this.deadlineNanos = Deadlines.after(this.sentNanos, timeout);
		this.timeout = timeout;
		this.timeoutKind = timeoutKind;
		this.result = result;
		this.answer = answer;
	}

	static SimpleCall<List<ModelInfo>> models(Duration timeout, CompletableFuture<List<ModelInfo>> result,
			boolean holdsSlot) {
		return new SimpleCall<>(ServerMessageType.MODELS_RESULT, timeout, OllamaTimeoutException.Kind.REQUEST, result,
				holdsSlot,
				(message, sentNanos) -> (message.models() != null) ? List.copyOf(message.models()) : List.of());
	}

	static SimpleCall<Duration> ping(Duration timeout, CompletableFuture<Duration> result, boolean holdsSlot) {
		return new SimpleCall<>(ServerMessageType.PONG, timeout, OllamaTimeoutException.Kind.PING, result, holdsSlot,
				(message, sentNanos) -> Duration.ofNanos(System.nanoTime() - sentNanos));
	}

	CompletableFuture<T> result() {
		return this.result;
	}

	long sentNanos() {
		return this.sentNanos;
	}

	@Override
	void onMessage(ServerMessage message) {
		if (message.type() == this.answerType) {
			this.result.complete(this.answer.read(message, this.sentNanos));
		}
		else if (message.type() == ServerMessageType.ERROR) {
			this.result.completeExceptionally(GatewayErrors.requestError(message));
		}
		else {
			this.result.completeExceptionally(new ProtocolException(
					"Expected " + this.answerType + " but the gateway answered " + message.rawType()));
		}
	}

	@Override
	void onConnectionLost(ConnectionLostException error) {
		this.result.completeExceptionally(error);
	}

	@Override
	void checkTimeout(long nowNanos) {
		if (nowNanos - this.deadlineNanos >= 0) {
			this.result.completeExceptionally(new OllamaTimeoutException(this.timeoutKind, this.timeout, null));
		}
	}

	@Override
	boolean holdsSlot() {
		return this.holdsSlot;
	}

	@FunctionalInterface
	private interface Answer<T> {

		T read(ServerMessage message, long sentNanos);

	}

}
