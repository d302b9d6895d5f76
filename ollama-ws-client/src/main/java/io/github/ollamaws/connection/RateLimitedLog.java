package io.github.ollamaws.connection;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;

/**
 * Logs a recurring problem at most once per interval, with a count of what was
 * suppressed, so that a gateway sending garbage cannot flood the application's log.
 */
final class RateLimitedLog {

	private static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

	private final Log logger;

	private final AtomicLong nextNanos = new AtomicLong(System.nanoTime());

	private final AtomicLong suppressed = new AtomicLong();

	RateLimitedLog(Log logger) {
		this.logger = logger;
	}

	void warn(String message) {
		long now = System.nanoTime();
		long next = this.nextNanos.get();
		if (now - next >= 0 && this.nextNanos.compareAndSet(next, now + INTERVAL_NANOS)) {
			long dropped = this.suppressed.getAndSet(0);
			this.logger.warn((dropped > 0) ? message + " (" + dropped + " similar messages suppressed)" : message);
		}
		else {
			this.suppressed.incrementAndGet();
			if (this.logger.isDebugEnabled()) {
				this.logger.debug(message);
			}
		}
	}

}
