package io.github.ollamaws.core;

import java.time.Duration;

/**
 * Writes a keep-alive the way Ollama reads {@code keep_alive}: a number of seconds, or a
 * Go duration string such as {@code "5m"} or {@code "1h30m"}. Zero unloads the model, a
 * negative number keeps it loaded.
 */
final class KeepAlive {

	private KeepAlive() {
	}

	static Object wireValue(Duration duration) {
		if (duration.isZero()) {
			return 0;
		}
		if (duration.isNegative()) {
			return -1;
		}
		StringBuilder text = new StringBuilder();
		append(text, duration.toHours(), "h");
		append(text, duration.toMinutesPart(), "m");
		append(text, duration.toSecondsPart(), "s");
		append(text, duration.toMillisPart(), "ms");
		append(text, duration.toNanosPart() % 1_000_000, "ns");
		return text.toString();
	}

	private static void append(StringBuilder text, long amount, String unit) {
		if (amount > 0) {
			text.append(amount).append(unit);
		}
	}

}
