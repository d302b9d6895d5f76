package io.github.ollamaws.protocol;

/**
 * The JSON string rules {@link StreamTokenReader} applies, and
 * {@link ServerMessageDecoder} with it: checking an escape and resolving a string's
 * escapes, both on the frame's text by index, without copying it first.
 */
final class JsonStrings {

	private JsonStrings() {
	}

	/**
	 * Checks the escape that starts after a backslash.
	 * @param json the frame's text
	 * @param afterBackslash the index after the backslash
	 * @return the index after the escape, or {@code -1} if it is not a valid JSON escape
	 */
	static int escapeEnd(String json, int afterBackslash) {
		if (afterBackslash >= json.length()) {
			return -1;
		}
		char escape = json.charAt(afterBackslash);
		if (escape == 'u') {
			int end = afterBackslash + 5;
			if (end > json.length()) {
				return -1;
			}
			for (int i = afterBackslash + 1; i < end; i++) {
				if (!isHexDigit(json.charAt(i))) {
					return -1;
				}
			}
			return end;
		}
		return ("\"\\/bfnrt".indexOf(escape) >= 0) ? afterBackslash + 1 : -1;
	}

	/**
	 * Whether every backslash in a frame starts a valid JSON escape. In valid JSON
	 * backslashes appear only in strings, each starting an escape, so a scan from escape
	 * to escape needs no parsing.
	 * @param json the frame's text
	 * @return {@code false} if an escape is invalid (or a backslash ends the text)
	 */
	static boolean hasValidEscapes(String json) {
		int i = json.indexOf('\\');
		while (i >= 0) {
			int end = escapeEnd(json, i + 1);
			if (end < 0) {
				return false;
			}
			i = json.indexOf('\\', end);
		}
		return true;
	}

	/**
	 * A string's value with its escapes resolved; {@link #escapeEnd} must have accepted
	 * them.
	 * @param json the frame's text
	 * @param start the index of the string's first character, after its opening quote
	 * @param end the index of its closing quote
	 * @return the value
	 */
	static String unescape(String json, int start, int end) {
		StringBuilder text = new StringBuilder(end - start);
		int i = start;
		while (i < end) {
			char c = json.charAt(i++);
			if (c != '\\') {
				text.append(c);
				continue;
			}
			char escape = json.charAt(i++);
			switch (escape) {
				case 'b' -> text.append('\b');
				case 'f' -> text.append('\f');
				case 'n' -> text.append('\n');
				case 'r' -> text.append('\r');
				case 't' -> text.append('\t');
				case 'u' -> {
					text.append((char) ((hexValue(json.charAt(i)) << 12) | (hexValue(json.charAt(i + 1)) << 8)
							| (hexValue(json.charAt(i + 2)) << 4) | hexValue(json.charAt(i + 3))));
					i += 4;
				}
				default -> text.append(escape);
			}
		}
		return text.toString();
	}

	/**
	 * Whether a character is an ASCII hex digit, the only ones JSON allows in a Unicode
	 * escape ({@link Character#digit(char, int)} also takes other scripts' digits and
	 * fullwidth letters).
	 * @param c the character of the escape
	 * @return whether it is {@code 0-9}, {@code a-f} or {@code A-F}
	 */
	private static boolean isHexDigit(char c) {
		// Unsigned comparisons; setting bit 0x20 lowers an ASCII capital letter.
		return (char) (c - '0') <= 9 || (char) ((c | 0x20) - 'a') <= 5;
	}

	/**
	 * The value of a hex digit {@link #isHexDigit} accepted.
	 * @param c the hex digit
	 * @return its value, from 0 to 15
	 */
	private static int hexValue(char c) {
		return (c <= '9') ? c - '0' : (c | 0x20) - 'a' + 10;
	}

}
