package io.github.ollamaws.connection;

import java.io.IOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.github.ollamaws.client.ConnectionLostException;
import io.github.ollamaws.client.GatewayUnavailableException;
import io.github.ollamaws.client.MessageTooLargeException;
import io.github.ollamaws.client.OllamaTimeoutException;
import io.github.ollamaws.client.OllamaWsException;
import io.github.ollamaws.client.ProtocolException;
import io.github.ollamaws.protocol.GatewayErrors;
import io.github.ollamaws.protocol.MalformedFrameException;
import io.github.ollamaws.protocol.ServerMessage;
import io.github.ollamaws.protocol.ServerMessageType;
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

	// The largest message in UTF-8 bytes, and the most characters a message can have
	// without being checked:
	// fewer than a third of the limit cannot exceed it.
	private final int maxMessageSize;

	private final int maxUncountedCharacters;

	private final Map<String, PendingRequest> pending = new ConcurrentHashMap<>();

	private final CompletableFuture<GatewayConnection> ready = new CompletableFuture<>();

	private final AtomicInteger slotsInUse = new AtomicInteger();

	private final RateLimitedLog protocolLog = new RateLimitedLog(logger);

	private volatile State state = State.NEW;

	private volatile WebSocketSession session;

	private volatile long handshakeDeadlineNanos;

	// Counted by the I/O thread for every frame, so that the sweep can tell activity
	// without a clock read per
	// frame; the sweep (one timer thread) notes when it last saw the count change.
	private final AtomicInteger framesReceived = new AtomicInteger();

	private int framesAtLastSweep;

	private long lastReceivedNanos = System.nanoTime();

	private volatile SimpleCall<Duration> heartbeat;

	private volatile OllamaWsException handshakeFailure;

	private int consecutiveMalformed;

	// Reads stream_token frames without a ServerMessage; used by the I/O thread only.
	private final StreamTokenReader tokenReader = new StreamTokenReader();

	// Frames waiting to be sent, their size in UTF-8 bytes, and whether a task is sending
	// them.
	private final Queue<Outgoing> outbox = new ConcurrentLinkedQueue<>();

	private final AtomicLong outboxBytes = new AtomicLong();

	private final AtomicBoolean sending = new AtomicBoolean();

	// The parts of a text message larger than the container's buffer, and their size in
	// UTF-8 bytes; used by
	// the I/O thread only.
	private StringBuilder partialText;

	private long partialBytes;

	GatewayConnection(String name, ConnectionFactory factory, Listener listener) {
		this.name = name;
		this.factory = factory;
		this.settings = factory.settings();
		this.listener = listener;
		this.maxMessageSize = this.settings.maxMessageSize();
		this.maxUncountedCharacters = this.maxMessageSize / 3;
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
			// The deadline first: the sweep reads the state without the lock, then the
			// deadline.
			this.handshakeDeadlineNanos = Deadlines.after(System.nanoTime(), this.settings.connectTimeout());
			this.state = State.CONNECTING;
		}
		this.factory.webSocketClient().execute(this, null, this.settings.url()).whenComplete((session, error) -> {
			if (error != null) {
				Throwable cause = AsyncFailures.unwrap(error);
				failHandshake(new GatewayUnavailableException(
						"Cannot connect to the gateway at " + this.settings.url() + ": " + describe(cause), cause));
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
	 * The number of request slots taken on this connection (managed by the pool).
	 * @return the counter
	 */
	public AtomicInteger slotsInUse() {
		return this.slotsInUse;
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
		this.pending.put(id, generation);
		if (this.state != State.READY) {
			// Closed between acquiring the slot and now: the close sweep may have missed
			// this request.
			lostBeforeSending(id, generation);
			return true;
		}
		send(frame, size);
		return true;
	}

	/**
	 * Lists the models through this connection.
	 * @param timeout the limit
	 * @return the models' future
	 */
	public CompletableFuture<java.util.List<io.github.ollamaws.client.ModelInfo>> models(Duration timeout) {
		SimpleCall<java.util.List<io.github.ollamaws.client.ModelInfo>> call = SimpleCall.models(timeout,
				new CompletableFuture<>(), true);
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

	private <T> CompletableFuture<T> call(SimpleCall<T> call, java.util.function.Function<String, String> frame) {
		String id = UUID.randomUUID().toString();
		this.pending.put(id, call);
		// The caller sees the outcome only once the slot is free again, so that what it
		// does next (a health
		// check reading the pool, another request) finds the slot released.
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
		this.pending.put(stopId, new StopCall(this, stopId, generation, deadline));
		send(this.factory.encoder().stop(stopId, generation.wireId()));
	}

	/**
	 * Forgets a request that ended, freeing its slot.
	 * @param id the request's wire id
	 * @param request the request
	 */
	void forget(String id, PendingRequest request) {
		if (this.pending.remove(id, request) && request.holdsSlot()) {
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
		if ((current == State.CONNECTING || current == State.AUTHENTICATING)
				&& nowNanos - this.handshakeDeadlineNanos >= 0) {
			failHandshake((current == State.CONNECTING)
					? new OllamaTimeoutException(OllamaTimeoutException.Kind.CONNECT, this.settings.connectTimeout(),
							null)
					: new OllamaTimeoutException(OllamaTimeoutException.Kind.AUTH, this.settings.authTimeout(), null));
			return;
		}
		if (current != State.READY) {
			return;
		}
		for (PendingRequest request : this.pending.values()) {
			request.checkTimeout(nowNanos);
		}
		int frames = this.framesReceived.get();
		if (frames != this.framesAtLastSweep) {
			this.framesAtLastSweep = frames;
			this.lastReceivedNanos = nowNanos;
		}
		checkHeartbeat(nowNanos);
	}

	private void checkHeartbeat(long nowNanos) {
		Duration interval = this.settings.heartbeatInterval();
		if (interval.isZero() || this.heartbeat != null || this.state != State.READY) {
			return;
		}
		if (nowNanos - this.lastReceivedNanos - Deadlines.nanos(interval) >= 0) {
			SimpleCall<Duration> ping = SimpleCall.ping(this.settings.heartbeatTimeout(), new CompletableFuture<>(),
					false);
			this.heartbeat = ping;
			call(ping, (id) -> this.factory.encoder().ping(id)).whenComplete((roundTrip, error) -> {
				this.heartbeat = null;
				if (AsyncFailures.unwrap(error) instanceof OllamaTimeoutException) {
					logger.warn("Gateway connection " + this.name + " did not answer a heartbeat within "
							+ this.settings.heartbeatTimeout().toMillis() + " ms; replacing it");
					abandon("heartbeat timeout");
				}
				else if (roundTrip != null) {
					this.settings.observer().pingCompleted(roundTrip);
				}
			});
		}
	}

	/**
	 * Closes the connection normally; requests still in flight end with
	 * {@link ConnectionLostException}.
	 * @param reason the close reason
	 */
	public void close(String reason) {
		CloseStatus status = new CloseStatus(CloseStatus.GOING_AWAY.getCode(), reason);
		if (this.session != null) {
			// After the frames already queued, such as the stops of a shutdown.
			enqueue(new Outgoing(null, 0, status));
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
		closeSession(new CloseStatus(CLOSE_CODE_ABANDONED, reason));
	}

	/**
	 * The requests in flight on this connection that are generations.
	 * @return a snapshot
	 */
	public java.util.List<StreamingGeneration> generations() {
		return this.pending.values()
			.stream()
			.filter(StreamingGeneration.class::isInstance)
			.map(StreamingGeneration.class::cast)
			.toList();
	}

	// WebSocketHandler

	@Override
	public void afterConnectionEstablished(WebSocketSession session) {
		synchronized (this) {
			if (this.state != State.CONNECTING) {
				// Timed out while the handshake was still running.
				closeQuietly(session, CloseStatus.GOING_AWAY);
				return;
			}
			this.session = session;
			this.handshakeDeadlineNanos = Deadlines.after(System.nanoTime(), this.settings.authTimeout());
			this.state = State.AUTHENTICATING;
		}
		this.listener.opened(this);
	}

	@Override
	public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) {
		if (this.state == State.CLOSED) {
			// Given up on (garbage, no pong): what is still in flight from the peer is of
			// no use.
			return;
		}
		if (!(message instanceof TextMessage text)) {
			this.protocolLog.warn("Gateway connection " + this.name + " ignored a non-text frame");
			return;
		}
		// A release store: only this thread writes the count, and the sweep needs no
		// fence to see it soon.
		this.framesReceived.lazySet(this.framesReceived.get() + 1);
		String payload = text.getPayload();
		if (!text.isLast() || this.partialText != null) {
			payload = assembled(payload, text.isLast());
			if (payload == null) {
				return;
			}
		}
		else if (payload.length() > this.maxUncountedCharacters && Utf8.length(payload) > this.maxMessageSize) {
			// A whole message in the container's buffer may still be over the limit in
			// bytes; a token frame is
			// spared the count.
			messageTooBig();
			return;
		}
		if (this.state == State.READY && this.tokenReader.read(payload) && deliveredToken()) {
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
			dispatchFrame(frame);
		}
		else {
			handshakeFrame(frame);
		}
	}

	/**
	 * Adds a part of a message larger than the container's buffer.
	 * @return the whole message once its last part arrived, else {@code null}
	 */
	private String assembled(String part, boolean last) {
		StringBuilder parts = (this.partialText != null) ? this.partialText : new StringBuilder(part.length() * 2);
		long bytes = ((this.partialText != null) ? this.partialBytes : 0) + Utf8.length(part);
		if (bytes > this.maxMessageSize) {
			this.partialText = null;
			messageTooBig();
			return null;
		}
		parts.append(part);
		this.partialText = last ? null : parts;
		this.partialBytes = bytes;
		return last ? parts.toString() : null;
	}

	private void messageTooBig() {
		logger.warn("Gateway connection " + this.name + " received a message larger than " + this.maxMessageSize
				+ " bytes; replacing it");
		closed(CloseStatus.TOO_BIG_TO_PROCESS.getCode(), "message too big", null);
		closeSession(CloseStatus.TOO_BIG_TO_PROCESS);
	}

	private void dispatchFrame(ServerMessage frame) {
		switch (frame.type()) {
			case STREAM_TOKEN, STREAM_START, STREAM_END -> deliver(frame, frame.streamCorrelationId(), frame.id());
			case PONG, MODELS_RESULT, ACK -> deliver(frame, frame.id(), frame.requestId());
			case ERROR -> {
				if (frame.id() == null && frame.requestId() == null) {
					connectionError(frame);
				}
				else {
					deliver(frame, frame.id(), frame.requestId());
				}
			}
			case CHALLENGE, AUTH_RESULT -> this.protocolLog
				.warn("Gateway connection " + this.name + " ignored an unexpected '" + frame.rawType() + "' frame");
			default -> this.protocolLog
				.warn("Gateway connection " + this.name + " ignored a frame of unknown type '" + frame.rawType() + "'");
		}
	}

	/**
	 * Delivers the token {@link #tokenReader} just read, the hot path: no
	 * {@link ServerMessage}, no id string.
	 * @return {@code false} if the frame is for a request that is no generation (the
	 * general path then handles it)
	 */
	private boolean deliveredToken() {
		StreamTokenReader frame = this.tokenReader;
		PendingRequest request = this.pending.get(frame.correlationKey());
		if (request == null && frame.hasRequestId() && frame.hasId()) {
			request = this.pending.get(frame.idKey());
		}
		if (request instanceof StreamingGeneration generation) {
			generation.onToken(frame.token());
			return true;
		}
		if (request == null) {
			if (logger.isDebugEnabled()) {
				logger.debug("Gateway connection " + this.name + " ignored a 'stream_token' frame for unknown request "
						+ frame.correlationId());
			}
			return true;
		}
		return false;
	}

	private void deliver(ServerMessage frame, String primaryId, String secondaryId) {
		PendingRequest request = (primaryId != null) ? this.pending.get(primaryId) : null;
		if (request == null && secondaryId != null) {
			request = this.pending.get(secondaryId);
		}
		if (request != null) {
			request.onMessage(frame);
		}
		else if (frame.type() != ServerMessageType.ERROR && frame.type() != ServerMessageType.ACK) {
			// Late frames of a request that already ended (timed out, cancelled) are
			// expected; log quietly.
			if (logger.isDebugEnabled()) {
				logger.debug("Gateway connection " + this.name + " ignored a '" + frame.rawType()
						+ "' frame for unknown request " + primaryId);
			}
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("Gateway connection " + this.name + " ignored a '" + frame.rawType()
					+ "' frame for an ended request: " + frame.error());
		}
	}

	private void connectionError(ServerMessage frame) {
		if ("unauthorized".equals(frame.code())) {
			// The gateway no longer considers this connection authenticated: it is
			// useless.
			logger.warn("Gateway connection " + this.name + " is no longer authenticated; replacing it");
			abandon("not authenticated");
			return;
		}
		this.protocolLog.warn("Gateway connection " + this.name + " received an error for no request: " + frame.error()
				+ ((frame.code() != null) ? " (" + frame.code() + ")" : ""));
	}

	private void handshakeFrame(ServerMessage frame) {
		switch (frame.type()) {
			case CHALLENGE -> answerChallenge(frame);
			case AUTH_RESULT -> {
				if (Boolean.TRUE.equals(frame.success())) {
					authenticated();
				}
				else {
					// The challenge is single-use: a new attempt needs a new connection.
					failHandshake(GatewayErrors.authenticationError(frame));
				}
			}
			case ERROR -> {
				if ("auth_timeout".equals(frame.code())) {
					failHandshake(new OllamaTimeoutException(OllamaTimeoutException.Kind.AUTH,
							this.settings.authTimeout(), null));
				}
				else {
					failHandshake(GatewayErrors.requestError(frame));
				}
			}
			default -> this.protocolLog.warn("Gateway connection " + this.name + " ignored a '" + frame.rawType()
					+ "' frame before authentication");
		}
	}

	private void answerChallenge(ServerMessage frame) {
		if (frame.challenge() == null || frame.challenge().isEmpty()) {
			failHandshake(new ProtocolException("The gateway sent a challenge without a nonce"));
			return;
		}
		String signature;
		try {
			signature = this.factory.signer().sign(frame.challenge());
		}
		catch (OllamaWsException ex) {
			failHandshake(ex);
			return;
		}
		send(this.factory.encoder().authenticate(this.settings.clientId(), signature));
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
		closeQuietly(session, CloseStatus.SERVER_ERROR);
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
	 */
	private void send(String frame) {
		send(frame, Utf8.length(frame));
	}

	private void send(String frame, long bytes) {
		if (this.session == null) {
			return;
		}
		if (this.outboxBytes.addAndGet(bytes) > this.settings.sendBufferSizeLimit()) {
			this.outboxBytes.addAndGet(-bytes);
			sendFailed(new IOException("more than " + this.settings.sendBufferSizeLimit()
					+ " bytes waiting to be sent: the gateway does not read"));
			return;
		}
		enqueue(new Outgoing(frame, bytes, null));
	}

	private void enqueue(Outgoing outgoing) {
		this.outbox.add(outgoing);
		if (this.sending.compareAndSet(false, true)) {
			try {
				this.factory.ioExecutor().execute(this::sendQueued);
			}
			catch (java.util.concurrent.RejectedExecutionException ex) {
				// Shut down: nothing is left to wait for, so send here.
				sendQueued();
			}
		}
	}

	/** Sends the queued frames; one such task at a time. */
	private void sendQueued() {
		do {
			Outgoing next;
			while ((next = this.outbox.poll()) != null) {
				if (next.close() != null) {
					closeQuietly(this.session, next.close());
				}
				else {
					this.outboxBytes.addAndGet(-next.bytes());
					transmit(next.frame());
				}
			}
			this.sending.set(false);
		}
		while (!this.outbox.isEmpty() && this.sending.compareAndSet(false, true));
	}

	private void transmit(String frame) {
		WebSocketSession current = this.session;
		if (!current.isOpen()) {
			return;
		}
		try {
			// Bounded by Tomcat's blocking send timeout, the send time limit.
			current.sendMessage(new TextMessage(frame));
		}
		catch (IOException | RuntimeException ex) {
			sendFailed(ex);
		}
	}

	private void sendFailed(Exception ex) {
		logger.warn("Gateway connection " + this.name + " failed to send; replacing it: " + describe(ex));
		this.outbox.clear();
		this.outboxBytes.set(0);
		closed(CloseStatus.SESSION_NOT_RELIABLE.getCode(), "send failed: " + describe(ex), ex);
		closeSession(CloseStatus.SESSION_NOT_RELIABLE);
	}

	private void lostBeforeSending(String id, PendingRequest request) {
		if (this.pending.remove(id, request)) {
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
		closeSession(CloseStatus.NORMAL);
		closed(CloseStatus.NORMAL.getCode(), failure.getMessage(), null);
	}

	/**
	 * The one place a connection ends: fails the handshake or every request in flight,
	 * and tells the pool.
	 */
	private void closed(int code, String reason, Throwable cause) {
		State previous;
		synchronized (this) {
			previous = this.state;
			if (previous == State.CLOSED) {
				return;
			}
			this.state = State.CLOSED;
		}
		if (!this.ready.isDone()) {
			OllamaWsException failure = this.handshakeFailure;
			if (failure == null) {
				failure = new GatewayUnavailableException("The gateway at " + this.settings.url()
						+ " closed the connection during authentication (" + code + " " + reason + ")", cause);
			}
			this.ready.completeExceptionally(failure);
		}
		// The pool first, so that the requests retried below find the replacement
		// connection already opening.
		this.listener.closed(this, previous == State.READY || previous == State.AUTHENTICATING, code, reason);
		if (previous == State.READY) {
			ConnectionLostException loss = new ConnectionLostException("Connection " + this.name + " to the gateway at "
					+ this.settings.url() + " was lost (" + code + ((reason.isEmpty()) ? "" : " " + reason) + ")", code,
					"", cause);
			Iterator<Map.Entry<String, PendingRequest>> entries = this.pending.entrySet().iterator();
			while (entries.hasNext()) {
				PendingRequest request = entries.next().getValue();
				entries.remove();
				try {
					request.onConnectionLost(loss);
				}
				catch (RuntimeException ex) {
					logger.warn("Failed to end a request of lost connection " + this.name, ex);
				}
			}
		}
	}

	private void closeSession(CloseStatus status) {
		WebSocketSession current = this.session;
		if (current != null && current.isOpen()) {
			// Closing may block on a dead peer: never on the I/O or timer threads.
			try {
				this.factory.ioExecutor().execute(() -> closeQuietly(current, status));
			}
			catch (java.util.concurrent.RejectedExecutionException ex) {
				closeQuietly(current, status);
			}
		}
	}

	private static void closeQuietly(WebSocketSession session, CloseStatus status) {
		try {
			session.close(status);
		}
		catch (IOException | RuntimeException ex) {
			// Already closed or broken: nothing more to do.
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
		return "GatewayConnection[" + this.name + ", " + this.state + ", " + this.pending.size() + " pending]";
	}

	/**
	 * A frame waiting to be sent, with its size; or, with a close status, the close that
	 * follows them.
	 */
	private record Outgoing(String frame, long bytes, CloseStatus close) {
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
