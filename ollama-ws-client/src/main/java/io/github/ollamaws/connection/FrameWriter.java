package io.github.ollamaws.connection;

import java.io.IOException;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * Writes a connection's frames to its WebSocket session, in the order they were queued,
 * by one task at a time on the client's I/O executor, so that no caller ever waits for a
 * send. A send that fails or takes longer than the send time limit (Tomcat's blocking
 * send timeout), or more bytes queued than the send buffer limit, is reported as a send
 * failure: a stuck peer becomes a closed connection rather than silently dropped frames.
 */
final class FrameWriter {

	private final Executor executor;

	private final long sendBufferSizeLimit;

	private final Consumer<Exception> sendFailed;

	// Frames to send, their size in UTF-8 bytes, and whether a task is sending them.
	private final Queue<Outgoing> outbox = new ConcurrentLinkedQueue<>();

	private final AtomicLong outboxBytes = new AtomicLong();

	private final AtomicBoolean sending = new AtomicBoolean();

	private volatile WebSocketSession session;

	/**
	 * A writer with no session yet: frames queued before {@link #open} are dropped.
	 * @param executor runs the sending task (and blocking closes)
	 * @param sendBufferSizeLimit the most bytes that may wait to be sent
	 * @param sendFailed told when a frame cannot be sent; the frames still queued are
	 * dropped
	 */
	FrameWriter(Executor executor, long sendBufferSizeLimit, Consumer<Exception> sendFailed) {
		this.executor = executor;
		this.sendBufferSizeLimit = sendBufferSizeLimit;
		this.sendFailed = sendFailed;
	}

	/**
	 * Starts writing to the session that opened.
	 * @param session the session
	 */
	void open(WebSocketSession session) {
		this.session = session;
	}

	/**
	 * Whether a session has opened.
	 * @return {@code true} once {@link #open} was called
	 */
	boolean hasSession() {
		return this.session != null;
	}

	/**
	 * Queues a frame to send, in order after those already queued, and returns at once.
	 * @param frame the frame
	 * @param bytes its size in UTF-8 bytes
	 */
	void send(String frame, long bytes) {
		if (this.session == null) {
			return;
		}
		if (this.outboxBytes.addAndGet(bytes) > this.sendBufferSizeLimit) {
			this.outboxBytes.addAndGet(-bytes);
			failed(new IOException(
					"more than " + this.sendBufferSizeLimit + " bytes waiting to be sent: the gateway does not read"));
			return;
		}
		enqueue(new Outgoing(frame, bytes, null));
	}

	/**
	 * Queues the session's close, after the frames already queued (such as the stops of a
	 * shutdown).
	 * @param status the close status
	 */
	void closeAfterQueued(CloseStatus status) {
		enqueue(new Outgoing(null, 0, status));
	}

	/**
	 * Closes the session at once if it is open, off the calling thread: closing may block
	 * on a dead peer, and never may the I/O or timer threads.
	 * @param status the close status
	 */
	void closeSession(CloseStatus status) {
		WebSocketSession current = this.session;
		if (current != null && current.isOpen()) {
			try {
				this.executor.execute(() -> closeQuietly(current, status));
			}
			catch (RejectedExecutionException ex) {
				closeQuietly(current, status);
			}
		}
	}

	private void enqueue(Outgoing outgoing) {
		this.outbox.add(outgoing);
		if (this.sending.compareAndSet(false, true)) {
			try {
				this.executor.execute(this::sendQueued);
			}
			catch (RejectedExecutionException ex) {
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
			failed(ex);
		}
	}

	private void failed(Exception ex) {
		this.outbox.clear();
		this.outboxBytes.set(0);
		this.sendFailed.accept(ex);
	}

	/**
	 * Closes a session, ignoring that it may already be closed or broken.
	 * @param session the session
	 * @param status the close status
	 */
	static void closeQuietly(WebSocketSession session, CloseStatus status) {
		try {
			session.close(status);
		}
		catch (IOException | RuntimeException ex) {
			// Already closed or broken: nothing more to do.
		}
	}

	/**
	 * A frame waiting to be sent, with its size; or, with a close status, the close that
	 * follows them.
	 */
	private record Outgoing(String frame, long bytes, CloseStatus close) {
	}

}
