package io.github.ollamaws.connection;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Decides when an idle connection is pinged: once nothing has arrived on it for the
 * heartbeat interval, and never while a heartbeat is still waiting for its pong (whose
 * own timeout then replaces the connection).
 *
 * <p>
 * The receiving thread counts frames rather than reading the clock for each of them; the
 * timer thread's periodic {@link #heartbeatDue(long) check} notes when it last saw the
 * count change, so that the silence is measured with the precision of that check.
 */
final class HeartbeatWatchdog {

	private final long intervalNanos;

	// Counted by the receiving thread for every frame; read by the timer thread.
	private final AtomicInteger framesReceived = new AtomicInteger();

	// Used by the timer thread only.
	private int framesAtLastCheck;

	private long lastReceivedNanos;

	private volatile boolean heartbeatPending;

	/**
	 * A watchdog that starts counting the silence at {@code nowNanos}.
	 * @param interval the silence after which a heartbeat is due, {@link Duration#ZERO}
	 * for no heartbeat
	 * @param nowNanos the current {@link System#nanoTime()}
	 */
	HeartbeatWatchdog(Duration interval, long nowNanos) {
		this.intervalNanos = interval.isZero() ? 0 : Deadlines.nanos(interval);
		this.lastReceivedNanos = nowNanos;
	}

	/**
	 * A frame arrived: called by the receiving thread, for every frame, without a clock
	 * read.
	 */
	void frameReceived() {
		// A release store: only this thread writes the count, and the check needs no
		// fence to see it soon.
		this.framesReceived.lazySet(this.framesReceived.get() + 1);
	}

	/**
	 * Checks the silence; called periodically by the timer thread. A {@code true} answer
	 * counts the heartbeat as sent: the caller sends it, and calls
	 * {@link #heartbeatEnded()} when it ends.
	 * @param nowNanos the current {@link System#nanoTime()}
	 * @return {@code true} if a heartbeat is to be sent now
	 */
	boolean heartbeatDue(long nowNanos) {
		int frames = this.framesReceived.get();
		if (frames != this.framesAtLastCheck) {
			this.framesAtLastCheck = frames;
			this.lastReceivedNanos = nowNanos;
		}
		if (this.intervalNanos == 0 || this.heartbeatPending) {
			return false;
		}
		if (nowNanos - this.lastReceivedNanos - this.intervalNanos >= 0) {
			this.heartbeatPending = true;
			return true;
		}
		return false;
	}

	/**
	 * The heartbeat sent after {@link #heartbeatDue(long)} ended (answered, timed out or
	 * lost with its connection): the next one may be sent when the silence lasts.
	 */
	void heartbeatEnded() {
		this.heartbeatPending = false;
	}

}
