package io.github.ollamaws.connection;

import java.util.ArrayList;
import java.util.List;

import org.apache.commons.logging.impl.SimpleLog;
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

	/** A log that records the warnings and debug lines that reach it. */
	private static final class RecordingLog extends SimpleLog {

		private final List<String> lines = new ArrayList<>();

		RecordingLog(boolean debug) {
			super("test");
			setLevel(debug ? LOG_LEVEL_DEBUG : LOG_LEVEL_INFO);
		}

		@Override
		protected void log(int type, Object message, Throwable t) {
			this.lines.add(
					((type == LOG_LEVEL_WARN) ? "WARN " : (type == LOG_LEVEL_DEBUG) ? "DEBUG " : type + " ") + message);
		}

	}

}
