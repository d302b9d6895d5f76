package io.github.ollamaws.testserver;

import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A generation in flight: the sink its backend streams to, mapping the backend's outcome
 * to the wire. Exactly one end frame is sent (stream_end, an error, or the stop's
 * cancellation); anything the backend reports after that is ignored.
 */
final class ActiveGeneration implements TokenSink {

	private static final String ABORTED = "The user aborted a request.";

	private final String key;

	private final JsonNode id;

	private final ClientConnection connection;

	private final Gateway gateway;

	private final long startNanos = System.nanoTime();

	private volatile ModelBackend.GenerationHandle handle;

	private volatile int tokens;

	// Set once, by whichever end comes first. An atomic rather than the monitor:
	// abandon() runs when the connection closes, possibly on a thread that holds the
	// connection's send lock while this generation's thread holds the monitor and waits
	// for that send lock.
	private final AtomicBoolean finished = new AtomicBoolean();

	ActiveGeneration(String key, JsonNode id, ClientConnection connection, Gateway gateway) {
		this.key = key;
		this.id = id;
		this.connection = connection;
		this.gateway = gateway;
	}

	String key() {
		return this.key;
	}

	ClientConnection connection() {
		return this.connection;
	}

	void handle(ModelBackend.GenerationHandle handle) {
		this.handle = handle;
		if (this.finished.get()) {
			handle.abort();
		}
	}

	@Override
	public void token(String token) {
		synchronized (this) {
			if (this.finished.get()) {
				return;
			}
			this.tokens++;
			this.gateway.sendStreamFrame(this.connection, Frames.streamToken(this.id, token));
		}
	}

	@Override
	public void complete() {
		synchronized (this) {
			if (!finish()) {
				return;
			}
			long elapsedMillis = (System.nanoTime() - this.startNanos) / 1_000_000;
			this.gateway.sendStreamFrame(this.connection, Frames.streamEnd(this.id, this.tokens, elapsedMillis));
		}
	}

	@Override
	public void fail(String message) {
		synchronized (this) {
			if (!finish()) {
				return;
			}
			this.gateway.sendStreamFrame(this.connection,
					Frames.errorIdFirst(this.id, "Generation failed: " + message, "generation_error"));
		}
	}

	/**
	 * Stops the generation at a client's request: aborts it upstream, then ends it with
	 * the abort error if the upstream had answered, else with {@code isCancelled}.
	 */
	void stop() {
		synchronized (this) {
			if (!finish()) {
				return;
			}
			abortUpstream();
			String frame = (this.tokens > 0)
					? Frames.errorIdFirst(this.id, "Generation failed: " + ABORTED, "generation_error")
					: Frames.streamCancelled(this.id);
			this.gateway.sendStreamFrame(this.connection, frame);
		}
	}

	/**
	 * Aborts the generation upstream without telling anyone (its connection is gone).
	 */
	void abandon() {
		if (finish()) {
			abortUpstream();
		}
	}

	private boolean finish() {
		if (!this.finished.compareAndSet(false, true)) {
			return false;
		}
		this.gateway.finished(this);
		return true;
	}

	private void abortUpstream() {
		ModelBackend.GenerationHandle current = this.handle;
		if (current != null) {
			current.abort();
		}
	}

}
