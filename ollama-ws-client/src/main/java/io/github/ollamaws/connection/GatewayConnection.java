package io.github.ollamaws.connection;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.github.ollamaws.core.ConnectionLostException;
import io.github.ollamaws.core.GatewayUnavailableException;
import io.github.ollamaws.core.GatewayUrls;
import io.github.ollamaws.core.MessageTooLargeException;
import io.github.ollamaws.core.ModelInfo;
import io.github.ollamaws.core.OllamaTimeoutException;
import io.github.ollamaws.core.OllamaWsException;
import io.github.ollamaws.protocol.MalformedFrameException;
import io.github.ollamaws.protocol.ServerMessage;
import io.github.ollamaws.protocol.StreamTokenReader;
import io.github.ollamaws.protocol.Utf8;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * One WebSocket connection to the gateway: opens, authenticates, then carries many
 * requests at once, correlating the gateway's frames with them by id. When it closes, for
 * whatever reason, every request in flight on it ends at once.
 *
 * <p>
 * The connection coordinates the parts that do one job each: the {@link Handshake} up to
 * authentication, the {@link MessageAssembler} of messages received in parts, the
 * {@link RequestDispatcher} of frames to the requests in flight, the
 * {@link HeartbeatWatchdog} of an idle connection, and the {@link FrameWriter} that sends
 * frames in order. It owns the connection's lifecycle (opening, ready, closed) and what
 * happens when it ends.
 *
 * <p>
 * Frames are received on the container's I/O thread, one at a time. Frames to send are
 * queued, in order, and sent by one task at a time on the client's I/O executor, so that
 * no caller ever waits for a send: a send that takes longer than the send time limit, or
 * a queue larger than the send buffer limit, turns a stuck peer into a closed connection
 * (and failed requests) rather than silently dropped frames.
 */
public final class GatewayConnection implements WebSocketHandler {

	private static final Log logger = LogFactory.getLog(GatewayConnection.class);

	/**
	 * Malformed frames in a row after which the connection is deemed broken and replaced.
	 */
	private static final int MAX_CONSECUTIVE_MALFORMED_FRAMES = 20;

	/** Close code sent when the client gives up on a connection (private-use range). */
	private static final int CLOSE_CODE_ABANDONED = 4000;

	private final String name;

	private final ConnectionFactory factory;

	private final ClientSettings settings;

	private final Listener listener;

	private final int maxMessageSize;

	private final CompletableFuture<GatewayConnection> ready = new CompletableFuture<>();

	// The requests holding one of this connection's slots; changed by the pool only.
	private final AtomicInteger inFlight = new AtomicInteger();

	private final RateLimitedLog protocolLog = new RateLimitedLog(logger);

	private final Handshake handshake;

	// Used by the I/O thread only.
	private final MessageAssembler assembler;

	private final RequestDispatcher requests;

	private final HeartbeatWatchdog watchdog;

	private final FrameWriter writer;

	// Reads stream_token frames without a ServerMessage; used by the I/O thread only.
	private final StreamTokenReader tokenReader;

	private volatile State state = State.NEW;

	private volatile OllamaWsException handshakeFailure;

	private int consecutiveMalformed;

	GatewayConnection(String name, ConnectionFactory factory, Listener listener) {
		this.name = name;
		this.factory = factory;
		this.tokenReader = factory.decoder().newTokenReader();
		this.settings = factory.settings();
		this.listener = listener;
		this.maxMessageSize = this.settings.messages().maxMessageSize();
		this.handshake = new Handshake(factory.signer(), factory.encoder(), this.settings.clientId(),
				this.settings.timeouts().connect(), this.settings.timeouts().auth(), new HandshakeSteps());
		this.assembler = new MessageAssembler(this.maxMessageSize);
		this.requests = new RequestDispatcher(name);
		this.watchdog = new HeartbeatWatchdog(this.settings.heartbeat().pingAfter(), System.nanoTime());
		this.writer = new FrameWriter(factory.ioExecutor(), this.settings.messages().sendBufferSizeLimit(),
				this::sendFailed);
	}

	/**
	 * The connection's client-side name, for logs and events.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * Opens the WebSocket and authenticates.
	 * @return completes with this connection once authenticated, or exceptionally with an
	 * {@link OllamaWsException} ({@link GatewayUnavailableException}, an authentication
	 * failure or a timeout)
	 */
	public CompletableFuture<GatewayConnection> open() {
		synchronized (this) {
			if (this.state != State.NEW) {
				throw new IllegalStateException("already opened");
			}
			// The deadline first: the sweep reads the
			// state without the lock, then the deadline.
			this.handshake.connecting(System.nanoTime());
			this.state = State.CONNECTING;
		}
		this.factory.connect(this, this.settings.url()).whenComplete((session, error) -> {
			if (error != null) {
				// Tomcat's message spells the URL as given: the cause is kept without it.
				Throwable cause = RedactedFailure.of(AsyncFailures.unwrap(error), this.settings.url());
				failHandshake(new GatewayUnavailableException("Cannot connect to the gateway at "
						+ GatewayUrls.redact(this.settings.url()) + ": " + describe(cause), cause));
			}
		});
		return this.ready;
	}

	/**
	 * Whether the connection is authenticated and open.
	 * @return {@code true} if it takes requests
	 */
	public boolean isReady() {
		return this.state == State.READY;
	}

	/**
	 * Whether the WebSocket is open (authenticated or not).
	 * @return {@code true} if open
	 */
	public boolean isOpen() {
		State current = this.state;
		return current == State.AUTHENTICATING || current == State.READY;
	}

	/**
	 * How many requests hold one of this connection's slots: those in flight, and those
	 * the pool handed this connection that are not sent yet.
	 * @return the count
	 */
	public int inFlight() {
		return this.inFlight.get();
	}

	/**
	 * Counts one more request holding a slot; called by the pool as it hands the
	 * connection out.
	 */
	public void slotTaken() {
		this.inFlight.incrementAndGet();
	}

	/**
	 * Counts one request less holding a slot; called by the pool as the request ends or
	 * gives its slot back unused.
	 */
	public void slotFreed() {
		this.inFlight.decrementAndGet();
	}

	/**
	 * Sends a generation on this connection.
	 * @param generation the generation, holding one of this connection's slots
	 * @return {@code false} if the generation was not sent because it had ended or been
	 * cancelled meanwhile, or was larger than the maximum message size (its slot is then
	 * still taken: the caller releases it)
	 */
	public boolean dispatch(StreamingGeneration generation) {
		if (!generation.attach(this)) {
			return false;
		}
		String id = generation.wireId();
		GenerationSpec spec = generation.spec();
		String frame = this.factory.encoder().generate(id, spec.model(), spec.prompt(), spec.options());
		long size = Utf8.length(frame);
		if (size > this.maxMessageSize) {
			// Not sent: the gateway would drop the connection, and every request on it.
			generation.failBeforeSending(new MessageTooLargeException(size, this.maxMessageSize));
			return false;
		}
		this.requests.register(id, generation);
		if (this.state != State.READY) {
			// Closed between acquiring the slot and now:
			// the close sweep may have missed this request.
			lostBeforeSending(id, generation);
			return true;
		}
		this.writer.send(frame, size);
		return true;
	}

	/**
	 * Lists the models through this connection.
	 * @param timeout the limit
	 * @return the models' future
	 */
	public CompletableFuture<List<ModelInfo>> models(Duration timeout) {
		SimpleCall<List<ModelInfo>> call = SimpleCall.models(timeout, new CompletableFuture<>(), true);
		return call(call, (id) -> this.factory.encoder().models(id));
	}

	/**
	 * Pings through this connection, holding a request slot.
	 * @param timeout the limit for the pong
	 * @return the round trip's future
	 */
	public CompletableFuture<Duration> ping(Duration timeout) {
		return call(SimpleCall.ping(timeout, new CompletableFuture<>(), true), (id) -> this.factory.encoder().ping(id));
	}

	private <T> CompletableFuture<T> call(SimpleCall<T> call, Function<String, String> frame) {
		String id = UUID.randomUUID().toString();
		this.requests.register(id, call);
		// The caller sees the outcome only once the slot is free
		// again, so that what it does next (a health check reading
		// the pool, another request) finds the slot released.
		CompletableFuture<T> released = call.result().whenComplete((result, error) -> forget(id, call));
		if (this.state != State.READY) {
			lostBeforeSending(id, call);
		}
		else {
			send(frame.apply(id));
		}
		return released;
	}

	/**
	 * Asks the gateway to stop a generation sent on this connection, with a stop id of
	 * its own.
	 * @param generation the generation
	 */
	void stop(StreamingGeneration generation) {
		if (this.state != State.READY) {
			return;
		}
		String stopId = UUID.randomUUID().toString();
		long deadline = System.nanoTime() + StreamingGeneration.CANCEL_GRACE.toNanos();
		this.requests.register(stopId, new StopCall(this, stopId, generation, deadline));
		send(this.factory.encoder().stop(stopId, generation.wireId()));
	}

	/**
	 * Forgets a request that ended, freeing its slot.
	 * @param id the request's wire id
	 * @param request the request
	 */
	void forget(String id, PendingRequest request) {
		if (this.requests.remove(id, request) && request.holdsSlot()) {
			this.listener.released(this);
		}
	}

	/**
	 * Checks time limits: the handshake's, every request's, and the heartbeat. Called
	 * periodically by the pool's timer.
	 * @param nowNanos the current {@link System#nanoTime()}
	 */
	public void sweep(long nowNanos) {
		State current = this.state;
		if (current == State.CONNECTING || current == State.AUTHENTICATING) {
			OllamaTimeoutException timeout = this.handshake.expired(nowNanos);
			if (timeout != null) {
				failHandshake(timeout);
			}
			return;
		}
		if (current != State.READY) {
			return;
		}
		this.requests.checkTimeouts(nowNanos);
		if (this.state == State.READY && this.watchdog.heartbeatDue(nowNanos)) {
			sendHeartbeat();
		}
	}

	private void sendHeartbeat() {
		SimpleCall<Duration> ping = SimpleCall.ping(this.settings.heartbeat().timeout(), new CompletableFuture<>(),
				false);
		call(ping, (id) -> this.factory.encoder().ping(id)).whenComplete((roundTrip, error) -> {
			this.watchdog.heartbeatEnded();
			if (AsyncFailures.unwrap(error) instanceof OllamaTimeoutException) {
				logger.warn("Gateway connection " + this.name + " did not answer a heartbeat within "
						+ this.settings.heartbeat().timeout().toMillis() + " ms; replacing it");
				abandon("heartbeat timeout");
			}
			else if (roundTrip != null) {
				this.settings.hooks().observer().pingCompleted(roundTrip);
			}
		});
	}

	/**
	 * Closes the connection normally; requests still in flight end with
	 * {@link ConnectionLostException}.
	 * @param reason the close reason
	 */
	public void close(String reason) {
		CloseStatus status = new CloseStatus(CloseStatus.GOING_AWAY.getCode(), reason);
		if (this.writer.hasSession()) {
			// After the frames already queued, such as the stops of a shutdown.
			this.writer.closeAfterQueued(status);
		}
		closed(status.getCode(), reason, null);
	}

	/**
	 * Gives up on a connection that is broken (no pong, garbage): ends its requests at
	 * once, then closes it.
	 * @param reason why
	 */
	public void abandon(String reason) {
		closed(CLOSE_CODE_ABANDONED, reason, null);
		this.writer.closeSession(new CloseStatus(CLOSE_CODE_ABANDONED, reason));
	}

	/**
	 * The requests in flight on this connection that are generations.
	 * @return a snapshot
	 */
	public List<StreamingGeneration> generations() {
		return this.requests.generations();
	}

	// WebSocketHandler

	@Override
	public void afterConnectionEstablished(WebSocketSession session) {
		synchronized (this) {
			if (this.state != State.CONNECTING) {
				// Timed out while the handshake was still running.
				FrameWriter.closeQuietly(session, CloseStatus.GOING_AWAY);
				return;
			}
			this.writer.open(session);
			this.handshake.opened(System.nanoTime());
			this.state = State.AUTHENTICATING;
		}
		this.listener.opened(this);
	}

	@Override
	public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) {
		if (this.state == State.CLOSED) {
			// Given up on (garbage, no pong): what the peer still sends is of no use.
			return;
		}
		if (!(message instanceof TextMessage text)) {
			this.protocolLog.warn("Gateway connection " + this.name + " ignored a non-text frame");
			return;
		}
		this.watchdog.frameReceived();
		String payload;
		try {
			payload = this.assembler.add(text.getPayload(), text.isLast());
		}
		catch (MessageAssembler.TooLargeException ex) {
			messageTooBig();
			return;
		}
		if (payload == null) {
			return;
		}
		if (this.state == State.READY && this.tokenReader.read(payload)
				&& this.requests.deliverToken(this.tokenReader)) {
			this.consecutiveMalformed = 0;
			return;
		}
		ServerMessage frame;
		try {
			frame = this.factory.decoder().decode(payload);
			this.consecutiveMalformed = 0;
		}
		catch (MalformedFrameException ex) {
			malformedFrame(ex);
			return;
		}
		if (this.state == State.READY) {
			if (!this.requests.dispatch(frame)) {
				connectionFrame(frame);
			}
		}
		else if (!this.handshake.onFrame(frame)) {
			this.protocolLog.warn("Gateway connection " + this.name + " ignored a '" + frame.rawType()
					+ "' frame before authentication");
		}
	}

	private void messageTooBig() {
		logger.warn("Gateway connection " + this.name + " received a message larger than " + this.maxMessageSize
				+ " bytes; replacing it");
		closed(CloseStatus.TOO_BIG_TO_PROCESS.getCode(), "message too big", null);
		this.writer.closeSession(CloseStatus.TOO_BIG_TO_PROCESS);
	}

	/**
	 * Handles a frame on the authenticated connection that is addressed to no request.
	 * @param frame the frame
	 */
	private void connectionFrame(ServerMessage frame) {
		switch (frame.type()) {
			case ERROR -> connectionError(frame);
			case CHALLENGE, AUTH_RESULT -> this.protocolLog
				.warn("Gateway connection " + this.name + " ignored an unexpected '" + frame.rawType() + "' frame");
			default -> this.protocolLog
				.warn("Gateway connection " + this.name + " ignored a frame of unknown type '" + frame.rawType() + "'");
		}
	}

	private void connectionError(ServerMessage frame) {
		if ("unauthorized".equals(frame.code())) {
			// The gateway no longer holds this connection authenticated: it is useless.
			logger.warn("Gateway connection " + this.name + " is no longer authenticated; replacing it");
			abandon("not authenticated");
			return;
		}
		this.protocolLog.warn("Gateway connection " + this.name + " received an error for no request: " + frame.error()
				+ ((frame.code() != null) ? " (" + frame.code() + ")" : ""));
	}

	private void authenticated() {
		synchronized (this) {
			if (this.state != State.AUTHENTICATING) {
				return;
			}
			this.state = State.READY;
		}
		this.ready.complete(this);
	}

	private void malformedFrame(MalformedFrameException ex) {
		this.protocolLog.warn("Gateway connection " + this.name + " ignored a malformed frame: " + ex.getMessage());
		if (++this.consecutiveMalformed >= MAX_CONSECUTIVE_MALFORMED_FRAMES) {
			logger.warn("Gateway connection " + this.name + " sent " + this.consecutiveMalformed
					+ " malformed frames in a row; replacing it");
			abandon("malformed frames");
		}
	}

	@Override
	public void handleTransportError(WebSocketSession session, Throwable exception) {
		if (logger.isDebugEnabled()) {
			// An expected fault of a broken peer: its cause, without a stack trace.
			logger.debug("Gateway connection " + this.name + " transport error: " + describe(exception));
		}
		closed(CloseStatus.NO_CLOSE_FRAME.getCode(), describe(exception), exception);
		FrameWriter.closeQuietly(session, CloseStatus.SERVER_ERROR);
	}

	@Override
	public void afterConnectionClosed(WebSocketSession session, CloseStatus closeStatus) {
		closed(closeStatus.getCode(), (closeStatus.getReason() != null) ? closeStatus.getReason() : "", null);
	}

	/**
	 * Partial messages: the container's buffers stay small, and messages larger than them
	 * are assembled here.
	 */
	@Override
	public boolean supportsPartialMessages() {
		return true;
	}

	// Internals

	/**
	 * Queues a frame to send, in order after those already queued, and returns at once.
	 * @param frame the frame
	 */
	private void send(String frame) {
		this.writer.send(frame, Utf8.length(frame));
	}

	private void sendFailed(Exception ex) {
		logger.warn("Gateway connection " + this.name + " failed to send; replacing it: " + describe(ex));
		closed(CloseStatus.SESSION_NOT_RELIABLE.getCode(), "send failed: " + describe(ex), ex);
		this.writer.closeSession(CloseStatus.SESSION_NOT_RELIABLE);
	}

	private void lostBeforeSending(String id, PendingRequest request) {
		if (this.requests.remove(id, request)) {
			request.onNotSent(new ConnectionLostException(
					"Gateway connection " + this.name + " closed before the request was sent",
					CloseStatus.GOING_AWAY.getCode(), "", null));
		}
	}

	private void failHandshake(OllamaWsException failure) {
		synchronized (this) {
			if (this.state == State.READY || this.state == State.CLOSED) {
				return;
			}
			this.handshakeFailure = failure;
		}
		this.writer.closeSession(CloseStatus.NORMAL);
		closed(CloseStatus.NORMAL.getCode(), failure.getMessage(), null);
	}

	/**
	 * The one place a connection ends: fails the handshake or every request in flight,
	 * and tells the pool.
	 * @param code the close code
	 * @param reason the close reason
	 * @param failure the failure that ended the connection, or {@code null}
	 */
	private void closed(int code, String reason, Throwable failure) {
		Throwable cause = (failure != null) ? RedactedFailure.of(failure, this.settings.url()) : null;
		State previous;
		synchronized (this) {
			previous = this.state;
			if (previous == State.CLOSED) {
				return;
			}
			this.state = State.CLOSED;
		}
		if (!this.ready.isDone()) {
			OllamaWsException handshakeFailed = this.handshakeFailure;
			if (handshakeFailed == null) {
				handshakeFailed = new GatewayUnavailableException(
						"The gateway at " + GatewayUrls.redact(this.settings.url())
								+ " closed the connection during authentication (" + code + " " + reason + ")",
						cause);
			}
			this.ready.completeExceptionally(handshakeFailed);
		}
		// The pool first, so that the requests retried below find the replacement
		// connection already opening.
		this.listener.closed(this, previous == State.READY || previous == State.AUTHENTICATING, code, reason);
		if (previous == State.READY) {
			ConnectionLostException loss = new ConnectionLostException(
					"Connection " + this.name + " to the gateway at " + GatewayUrls.redact(this.settings.url())
							+ " was lost (" + code + ((reason.isEmpty()) ? "" : " " + reason) + ")",
					code, "", cause);
			this.requests.connectionLost(loss);
		}
	}

	private static String describe(Throwable error) {
		Throwable root = error;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String message = root.getMessage();
		return (message != null) ? root.getClass().getSimpleName() + ": " + message : root.getClass().getSimpleName();
	}

	@Override
	public String toString() {
		return "GatewayConnection[" + this.name + ", " + this.state + ", " + this.requests.size() + " pending]";
	}

	/**
	 * What the handshake does to this connection.
	 */
	private final class HandshakeSteps implements Handshake.Steps {

		@Override
		public void send(String frame) {
			GatewayConnection.this.send(frame);
		}

		@Override
		public void authenticated() {
			GatewayConnection.this.authenticated();
		}

		@Override
		public void failed(OllamaWsException failure) {
			failHandshake(failure);
		}

	}

	private enum State {

		NEW, CONNECTING, AUTHENTICATING, READY, CLOSED

	}

	/**
	 * Told what happens to a connection: the pool.
	 */
	public interface Listener {

		/**
		 * The WebSocket opened; authentication follows.
		 * @param connection the connection
		 */
		void opened(GatewayConnection connection);

		/**
		 * A request on the connection ended and freed its slot.
		 * @param connection the connection
		 */
		void released(GatewayConnection connection);

		/**
		 * The connection closed (or failed to open).
		 * @param connection the connection
		 * @param wasOpen whether its WebSocket had opened
		 * @param code the close code
		 * @param reason the close reason
		 */
		void closed(GatewayConnection connection, boolean wasOpen, int code, String reason);

	}

}
