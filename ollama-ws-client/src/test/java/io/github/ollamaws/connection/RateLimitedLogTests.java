package io.github.ollamaws.connection;

import java.util.ArrayList;
import java.util.List;

import org.apache.commons.logging.Log;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RateLimitedLog}: the first warning is logged at once, those that
 * follow within its interval only at debug level (a misbehaving gateway cannot flood the
 * log). The count of suppressed warnings shows on the next warning after the 10 s
 * interval, which these tests do not wait for.
 */
class RateLimitedLogTests {

	@Test
	void theFirstWarningIsLoggedAndTheNextOnesOnlyAtDebugLevel() {
		RecordingLog log = new RecordingLog(true);
		RateLimitedLog limited = new RateLimitedLog(log);
		limited.warn("malformed frame 1");
		limited.warn("malformed frame 2");
		limited.warn("malformed frame 3");
		assertThat(log.lines).containsExactly("WARN malformed frame 1", "DEBUG malformed frame 2",
				"DEBUG malformed frame 3");
	}

	@Test
	void suppressedWarningsAreNotLoggedAtAllWithoutDebug() {
		RecordingLog log = new RecordingLog(false);
		RateLimitedLog limited = new RateLimitedLog(log);
		limited.warn("malformed frame 1");
		limited.warn("malformed frame 2");
		assertThat(log.lines).containsExactly("WARN malformed frame 1");
	}

	/** A log that records what reaches it. */
	private static final class RecordingLog implements Log {

		private final List<String> lines = new ArrayList<>();

		private final boolean debug;

		RecordingLog(boolean debug) {
			this.debug = debug;
		}

		@Override
		public boolean isDebugEnabled() {
			return this.debug;
		}

		@Override
		public boolean isErrorEnabled() {
			return true;
		}

		@Override
		public boolean isFatalEnabled() {
			return true;
		}

		@Override
		public boolean isInfoEnabled() {
			return true;
		}

		@Override
		public boolean isTraceEnabled() {
			return false;
		}

		@Override
		public boolean isWarnEnabled() {
			return true;
		}

		@Override
		public void trace(Object message) {
		}

		@Override
		public void trace(Object message, Throwable t) {
		}

		@Override
		public void debug(Object message) {
			this.lines.add("DEBUG " + message);
		}

		@Override
		public void debug(Object message, Throwable t) {
			debug(message);
		}

		@Override
		public void info(Object message) {
			this.lines.add("INFO " + message);
		}

		@Override
		public void info(Object message, Throwable t) {
			info(message);
		}

		@Override
		public void warn(Object message) {
			this.lines.add("WARN " + message);
		}

		@Override
		public void warn(Object message, Throwable t) {
			warn(message);
		}

		@Override
		public void error(Object message) {
			this.lines.add("ERROR " + message);
		}

		@Override
		public void error(Object message, Throwable t) {
			error(message);
		}

		@Override
		public void fatal(Object message) {
			this.lines.add("FATAL " + message);
		}

		@Override
		public void fatal(Object message, Throwable t) {
			fatal(message);
		}

	}

}
