package io.github.ollamaws.connection;

import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import io.github.ollamaws.core.ConnectionLostException;
import io.github.ollamaws.core.FinishReason;
import io.github.ollamaws.core.Generation;
import io.github.ollamaws.core.GenerationResult;
import io.github.ollamaws.core.ModelNotFoundException;
import io.github.ollamaws.core.OllamaClientObserver;
import io.github.ollamaws.core.OllamaClientObserver.GenerationObservation;
import io.github.ollamaws.core.OllamaTimeoutException;
import io.github.ollamaws.core.OllamaWsException;
import io.github.ollamaws.core.ProtocolException;
import io.github.ollamaws.core.TokenHandler;
import io.github.ollamaws.protocol.GatewayErrors;
import io.github.ollamaws.protocol.ServerMessage;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * One generation, from the moment it is requested until it ends: the handle returned to
 * the caller, the receiver of its frames, and the keeper of its text and timings. Frames
 * arrive on the connection's I/O thread; {@link #cancel()}, timeouts and connection loss
 * may come from other threads, so every transition to the end happens once, under this
 * object's lock.
 */
public final class StreamingGeneration extends PendingRequest implements Generation {

	private static final Log logger = LogFactory.getLog(StreamingGeneration.class);

	/**
	 * How long a cancelled generation waits for the gateway to confirm before it ends
	 * anyway.
	 */
	static final Duration CANCEL_GRACE = Duration.ofSeconds(5);

	// The public id never changes; the wire id is the one the
	// gateway knows, new for a retry (ids are global on the
	// gateway, and the first one may not be released there yet).
	private final String id = UUID.randomUUID().toString();

	private volatile String wireId = this.id;

	private final GenerationSpec spec;

	private final TokenHandler handler;

	private final GenerationObservation observation;

	private final boolean retryBeforeFirstToken;

	private final ResultFuture result = new ResultFuture(this);

	private final long createdNanos = System.nanoTime();

	private final long deadlineNanos;

	private final long idleTimeoutNanos;

	private final StringBuilder text = new StringBuilder();

	private volatile GatewayConnection connection;

	private volatile boolean cancelRequested;

	private volatile long cancelDeadlineNanos;

	private volatile Retrier retrier;

	private volatile Rerouter rerouter;

	// Guarded by this.
	private boolean done;

	private boolean retried;

	private boolean startReported;

	private int tokens;

	private String responseModel;

	private long sentNanos;

	private long firstTokenNanos;

	// For the idle timeout: the token count the last idle check saw, and when the
	// generation last showed activity (sent, started, or a token count change seen by a
	// check), so that no token reads the clock.
	private int tokensAtLastCheck;

	private long lastActivityNanos;

	/**
	 * A generation not yet sent.
	 * @param spec what to generate
	 * @param handler receives tokens and the outcome
	 * @param observer told how the generation goes
	 * @param gatewayUrl the gateway's URL, for the observation
	 * @param retryBeforeFirstToken whether a loss of the connection before the first
	 * token sends the request again, once
	 */
	public StreamingGeneration(GenerationSpec spec, TokenHandler handler, OllamaClientObserver observer, URI gatewayUrl,
			boolean retryBeforeFirstToken) {
		this.spec = spec;
		this.handler = handler;
		this.observation = observer
			.generationStarted(new OllamaClientObserver.GenerationContext(this.id, spec.model(), gatewayUrl));
		this.retryBeforeFirstToken = retryBeforeFirstToken;
		this.deadlineNanos = Deadlines.after(this.createdNanos, spec.timeout());
		this.idleTimeoutNanos = Deadlines.nanos(spec.idleTimeout());
	}

	@Override
	public String id() {
		return this.id;
	}

	/**
	 * The id the gateway knows the generation by: {@link #id()} at first, a new one for a
	 * retry.
	 * @return the wire id
	 */
	public String wireId() {
		return this.wireId;
	}

	@Override
	public CompletableFuture<GenerationResult> result() {
		return this.result;
	}

	/**
	 * What the generation asks for.
	 * @return the spec
	 */
	public GenerationSpec spec() {
		return this.spec;
	}

	/**
	 * When the whole generation must have ended, as a {@link System#nanoTime()} value.
	 * @return the deadline
	 */
	public long deadlineNanos() {
		return this.deadlineNanos;
	}

	/**
	 * Sets who sends the request again when its connection is lost before the first
	 * token.
	 * @param retrier the generation's route
	 */
	public void retrier(Retrier retrier) {
		this.retrier = retrier;
	}

	/**
	 * Sets who sends the request to another gateway when the one it went to does not have
	 * its model; without one, the {@link ModelNotFoundException} ends the generation.
	 * @param rerouter the generation's route, which asks its router for another gateway
	 */
	public void rerouter(Rerouter rerouter) {
		this.rerouter = rerouter;
	}

	@Override
	public boolean cancel() {
		GatewayConnection sentOn;
		synchronized (this) {
			if (this.done || this.cancelRequested) {
				return false;
			}
			this.cancelRequested = true;
			this.cancelDeadlineNanos = System.nanoTime() + CANCEL_GRACE.toNanos();
			sentOn = this.connection;
		}
		if (sentOn == null) {
			// Not on the wire yet: nothing to stop on the gateway.
			finishCancelled();
		}
		else {
			sentOn.stop(this);
		}
		return true;
	}

	/**
	 * Ends the generation as cancelled at once, after sending a {@code stop} if it is on
	 * the wire: used at shutdown, when there is no time to wait for the gateway's
	 * confirmation.
	 */
	public void cancelNow() {
		GatewayConnection sentOn;
		boolean alreadyRequested;
		synchronized (this) {
			if (this.done) {
				return;
			}
			alreadyRequested = this.cancelRequested;
			this.cancelRequested = true;
			sentOn = this.connection;
		}
		if (sentOn != null && !alreadyRequested) {
			sentOn.stop(this);
		}
		finishCancelled();
	}

	/**
	 * Fails the generation before it reached a connection (no slot, no connection,
	 * shutdown).
	 * @param error the failure
	 */
	public void failBeforeSending(Throwable error) {
		if (this.cancelRequested) {
			finishCancelled();
		}
		else {
			finish(null, error);
		}
	}

	/**
	 * Attaches the generation to the connection that is about to send it.
	 * @param sentOn the connection
	 * @return {@code false} if the generation ended or was cancelled meanwhile: then it
	 * must not be sent
	 */
	synchronized boolean attach(GatewayConnection sentOn) {
		if (this.done || this.cancelRequested) {
			return false;
		}
		this.connection = sentOn;
		this.sentNanos = System.nanoTime();
		this.lastActivityNanos = this.sentNanos;
		this.tokensAtLastCheck = this.tokens;
		return true;
	}

	@Override
	void onMessage(ServerMessage message) {
		switch (message.type()) {
			case STREAM_TOKEN -> onToken(message.token());
			case STREAM_START -> onStart(message.model());
			case STREAM_END -> {
				if (message.cancelled()) {
					finishCancelled();
				}
				else if (isTokenCount(message.totalTokens())) {
					finishCompleted((message.totalTokens() != null) ? message.totalTokens().intValue() : null,
							message.elapsedTime());
				}
				else {
					finish(null, new ProtocolException("The gateway ended generation " + this.id
							+ " with an impossible token count: " + message.totalTokens()));
				}
			}
			case ERROR -> {
				if (this.cancelRequested) {
					// The abort error the gateway sends for a stopped generation, or any
					// error after a stop.
					finishCancelled();
				}
				else {
					OllamaWsException error = GatewayErrors.generationError(message, this.spec.model(), partialText());
					if (!(error instanceof ModelNotFoundException notFound) || !rerouted(notFound)) {
						finish(null, error);
					}
				}
			}
			default -> {
				// An ack that carried no id of its own: nothing to do.
			}
		}
	}

	/**
	 * A token arrived: the hot path, called for every {@code stream_token} frame.
	 * @param token the token's text
	 */
	void onToken(String token) {
		if (token == null) {
			return;
		}
		boolean first;
		long sinceSent = 0;
		synchronized (this) {
			if (this.done) {
				return;
			}
			first = (this.tokens == 0);
			if (first) {
				// The only clock read on the token path.
				this.firstTokenNanos = System.nanoTime();
				sinceSent = this.firstTokenNanos - this.sentNanos;
			}
			this.tokens++;
			this.text.append(token);
		}
		if (first) {
			this.observation.firstToken(Duration.ofNanos(sinceSent));
		}
		try {
			this.handler.onToken(token);
		}
		catch (RuntimeException ex) {
			logger.warn("TokenHandler.onToken threw; the generation goes on", ex);
		}
	}

	private void onStart(String model) {
		synchronized (this) {
			if (this.done) {
				return;
			}
			this.responseModel = model;
			this.lastActivityNanos = System.nanoTime();
			if (this.startReported) {
				// The retry's start: the caller was told already.
				return;
			}
			this.startReported = true;
		}
		this.observation.started(model);
		try {
			this.handler.onStart(this.id, model);
		}
		catch (RuntimeException ex) {
			logger.warn("TokenHandler.onStart threw; the generation goes on", ex);
		}
	}

	@Override
	void onConnectionLost(ConnectionLostException error) {
		Retrier retryWith = null;
		String partial;
		synchronized (this) {
			if (this.done) {
				return;
			}
			if (!this.cancelRequested && this.retryBeforeFirstToken && !this.retried && this.tokens == 0
					&& this.retrier != null) {
				// Nothing reached the caller yet: send it again.
				this.retried = true;
				detachForResending();
				retryWith = this.retrier;
			}
			partial = this.text.toString();
		}
		if (retryWith != null) {
			retryWith.retry(this, error);
		}
		else if (this.cancelRequested) {
			finishCancelled();
		}
		else {
			finish(null, error.withPartialText(partial));
		}
	}

	/**
	 * Hands a generation whose gateway does not have its model to the rerouter, before
	 * any token: detached from its connection (whose slot it frees) and under a new wire
	 * id, as for a retry.
	 * @param error the gateway's answer that it does not have the model
	 * @return {@code false} if it was not rerouted: the error then ends it
	 */
	private boolean rerouted(ModelNotFoundException error) {
		Rerouter rerouteWith;
		GatewayConnection sentOn;
		String sentAs;
		synchronized (this) {
			rerouteWith = this.rerouter;
			if (rerouteWith == null || this.done || this.tokens > 0 || !rerouteWith.canReroute(this)) {
				return false;
			}
			sentOn = this.connection;
			sentAs = this.wireId;
			detachForResending();
		}
		if (sentOn != null) {
			sentOn.forget(sentAs, this);
		}
		rerouteWith.reroute(this, error);
		return true;
	}

	/**
	 * Readies the generation to be sent again (a retry, or another gateway): off its
	 * connection and under a new wire id, since ids are global on the gateway and the old
	 * one may not be released there yet; the caller keeps the same {@link #id()}. The
	 * caller holds the lock.
	 */
	private void detachForResending() {
		this.connection = null;
		this.responseModel = null;
		this.wireId = UUID.randomUUID().toString();
	}

	@Override
	void onNotSent(ConnectionLostException error) {
		Retrier retryWith;
		synchronized (this) {
			if (this.done) {
				return;
			}
			// Nothing left the client: sending it elsewhere is not a retry, so it does
			// not use up the one retry.
			this.connection = null;
			retryWith = (this.cancelRequested) ? null : this.retrier;
		}
		if (retryWith != null) {
			retryWith.retry(this, error);
		}
		else {
			onConnectionLost(error);
		}
	}

	@Override
	void checkTimeout(long nowNanos) {
		if (this.cancelRequested) {
			if (nowNanos - this.cancelDeadlineNanos >= 0) {
				finishCancelled();
			}
			return;
		}
		if (nowNanos - this.deadlineNanos >= 0) {
			timeOut(OllamaTimeoutException.Kind.REQUEST, this.spec.timeout());
		}
		else if (this.idleTimeoutNanos > 0 && idleNanos(nowNanos) - this.idleTimeoutNanos >= 0) {
			timeOut(OllamaTimeoutException.Kind.IDLE, this.spec.idleTimeout());
		}
	}

	/**
	 * How long no frame arrived, as seen by the periodic checks (their period is the
	 * precision).
	 * @param nowNanos the time of this check
	 * @return the nanoseconds since the last check that saw a token arrive
	 */
	private synchronized long idleNanos(long nowNanos) {
		if (this.tokens != this.tokensAtLastCheck) {
			this.tokensAtLastCheck = this.tokens;
			this.lastActivityNanos = nowNanos;
		}
		return nowNanos - this.lastActivityNanos;
	}

	/**
	 * Fails the generation with a timeout and stops it on the gateway, so that Ollama
	 * does not go on generating for nobody.
	 * @param kind which limit ran out
	 * @param limit the limit, for the exception's message
	 */
	void timeOut(OllamaTimeoutException.Kind kind, Duration limit) {
		GatewayConnection sentOn = this.connection;
		finish(null, new OllamaTimeoutException(kind, limit, partialText()));
		if (sentOn != null) {
			sentOn.stop(this);
		}
	}

	/**
	 * The gateway answered our stop with an error: the generation is not running there
	 * any more.
	 */
	void stopRefused() {
		if (this.cancelRequested) {
			finishCancelled();
		}
	}

	/**
	 * Whether a {@code stream_end}'s {@code totalTokens} is absent or a count an int
	 * holds.
	 * @param totalTokens the decoded value, or {@code null} when absent
	 * @return whether it is absent or a count from 0 to {@link Integer#MAX_VALUE}
	 */
	private static boolean isTokenCount(@Nullable Number totalTokens) {
		if (totalTokens == null) {
			return true;
		}
		return (totalTokens instanceof Integer || totalTokens instanceof Long) && totalTokens.longValue() >= 0
				&& totalTokens.longValue() <= Integer.MAX_VALUE;
	}

	private void finishCompleted(Integer totalTokens, Long elapsedMillis) {
		finish(FinishReason.COMPLETED, totalTokens, elapsedMillis);
	}

	private void finishCancelled() {
		finish(FinishReason.CANCELLED, null, null);
	}

	private void finish(FinishReason reason, Integer totalTokens, Long elapsedMillis) {
		GenerationResult outcome;
		synchronized (this) {
			if (this.done) {
				return;
			}
			long now = System.nanoTime();
			long start = (this.sentNanos != 0) ? this.sentNanos : this.createdNanos;
			Duration elapsed = (elapsedMillis != null) ? Duration.ofMillis(elapsedMillis)
					: Duration.ofNanos(now - start);
			Duration timeToFirstToken = (this.tokens > 0) ? Duration.ofNanos(this.firstTokenNanos - this.sentNanos)
					: null;
			String model = (this.responseModel != null) ? this.responseModel : this.spec.model();
			outcome = new GenerationResult(this.id, model, this.text.toString(),
					(totalTokens != null) ? totalTokens : this.tokens, elapsed, timeToFirstToken, reason);
		}
		finish(outcome, null);
	}

	private void finish(GenerationResult outcome, Throwable error) {
		GatewayConnection sentOn;
		int received;
		synchronized (this) {
			if (this.done) {
				return;
			}
			this.done = true;
			sentOn = this.connection;
			received = this.tokens;
		}
		if (sentOn != null) {
			sentOn.forget(this.wireId, this);
		}
		Retrier route = this.retrier;
		if (route != null) {
			// Before the callbacks: a request they start may take this one's place.
			route.ended(this);
		}
		if (error == null) {
			this.observation.completed(outcome);
			try {
				this.handler.onComplete(outcome);
			}
			catch (RuntimeException ex) {
				logger.warn("TokenHandler.onComplete threw", ex);
			}
			this.result.complete(outcome);
		}
		else {
			this.observation.failed(error, received);
			try {
				this.handler.onError(error);
			}
			catch (RuntimeException ex) {
				logger.warn("TokenHandler.onError threw", ex);
			}
			this.result.completeExceptionally(error);
		}
	}

	private synchronized String partialText() {
		return this.text.toString();
	}

	@Override
	public String toString() {
		return "Generation[" + this.id + "]";
	}

	/**
	 * Sends a generation again after its connection was lost before its first token.
	 */
	@FunctionalInterface
	public interface Retrier {

		/**
		 * Sends the generation again on another connection.
		 * @param generation the generation, already under a new id
		 * @param loss the loss that caused the retry, to report if the retry cannot be
		 * made
		 */
		void retry(StreamingGeneration generation, ConnectionLostException loss);

		/**
		 * The generation ended, whatever the outcome; called once, before its handler and
		 * its result hear of it. Its own call rather than a callback on the result, which
		 * would cost every request two more objects.
		 * @param generation the generation
		 */
		default void ended(StreamingGeneration generation) {
		}

	}

	/**
	 * Sends a generation to another gateway when the one it went to does not have its
	 * model, if another lists it (only a template over several gateways has one).
	 */
	public interface Rerouter {

		/**
		 * Whether another gateway serves the generation's model; asked before any token,
		 * with the generation's lock held, so it must be quick and must not call back
		 * into the generation.
		 * @param generation the generation
		 * @return {@code true} if {@link #reroute} would send it elsewhere
		 */
		boolean canReroute(StreamingGeneration generation);

		/**
		 * Sends the generation to another gateway that serves its model, or fails it with
		 * {@code error} if none can take it any more.
		 * @param generation the generation, already under a new wire id
		 * @param error the gateway's answer
		 */
		void reroute(StreamingGeneration generation, ModelNotFoundException error);

	}

	/**
	 * The result's future: cancelling it cancels the generation.
	 */
	private static final class ResultFuture extends CompletableFuture<GenerationResult> {

		private final StreamingGeneration generation;

		ResultFuture(StreamingGeneration generation) {
			this.generation = generation;
		}

		@Override
		public boolean cancel(boolean mayInterruptIfRunning) {
			boolean cancelled = super.cancel(mayInterruptIfRunning);
			this.generation.cancel();
			return cancelled;
		}

	}

}
