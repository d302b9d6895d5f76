package io.github.ollamaws.tools;

/**
 * Reads a reply under the tool-calling format as it streams, token by token, and hands
 * out the decoded text of its {@code answer} as soon as it arrives: a streamed final
 * answer reaches subscribers as text, never as JSON fragments. A reply that calls tools
 * yields no text at all; whether it is one is known from its first key. Escapes are
 * decoded, Unicode escapes (a backslash, {@code u}, four hex digits) and surrogate pairs
 * included, wherever the tokens split them: a split escape or a high surrogate is held
 * back until its rest arrives.
 *
 * <pre>{@code
 * AnswerStreamReader reader = protocol.answerReader();
 * String text = reader.next(token); // "" while nothing of the answer has arrived
 * // at the end: protocol.parse(reader.rawText()) for the calls, or to check the answer
 * }</pre>
 *
 * Not thread-safe: one reader per generation, fed in order.
 */
public final class AnswerStreamReader {

	private final StringBuilder raw = new StringBuilder();

	private final StringBuilder key = new StringBuilder();

	private State state = State.BEFORE_OBJECT;

	// 0: no escape; 1: after a backslash; 2 to 5: reading the hex digits of a \\u escape.
	private int escape;

	private int codeUnit;

	private char heldHighSurrogate;

	/**
	 * Creates a reader for one reply.
	 */
	public AnswerStreamReader() {
	}

	/**
	 * Feeds the next token of the reply.
	 * @param token the token, as the model produced it
	 * @return the answer's text that this token completes, decoded; empty when it
	 * completes none (a tool-calling reply, the JSON around the answer, or a split
	 * escape)
	 */
	public String next(String token) {
		this.raw.append(token);
		StringBuilder out = new StringBuilder();
		for (int i = 0; i < token.length(); i++) {
			accept(token.charAt(i), out);
		}
		return out.toString();
	}

	/**
	 * Whether the reply is a final answer, as far as read.
	 * @return {@code true} once its first key is {@code answer}
	 */
	public boolean isAnswer() {
		return this.state == State.IN_ANSWER || this.state == State.AFTER_ANSWER;
	}

	/**
	 * Whether the reply calls tools, as far as read.
	 * @return {@code true} once its first key is {@code tool_calls}
	 */
	public boolean isToolCalls() {
		return this.state == State.TOOL_CALLS;
	}

	/**
	 * The reply so far, as the model wrote it.
	 * @return the raw text
	 */
	public String rawText() {
		return this.raw.toString();
	}

	private void accept(char c, StringBuilder out) {
		switch (this.state) {
			case BEFORE_OBJECT -> expect(c, '{', State.BEFORE_KEY);
			case BEFORE_KEY -> {
				expect(c, '"', State.IN_KEY);
				this.key.setLength(0);
			}
			case IN_KEY -> {
				if (string(c, this.key)) {
					this.state = State.BEFORE_COLON;
				}
			}
			case BEFORE_COLON -> expect(c, ':', State.BEFORE_VALUE);
			case BEFORE_VALUE -> value(c);
			case IN_ANSWER -> {
				if (string(c, out)) {
					this.state = State.AFTER_ANSWER;
				}
			}
			default -> {
				// The rest is for the parser.
			}
		}
	}

	private void expect(char c, char expected, State next) {
		if (c == expected) {
			this.state = next;
		}
		else if (!isWhitespace(c)) {
			this.state = State.OTHER;
		}
	}

	private void value(char c) {
		if (isWhitespace(c)) {
			return;
		}
		String name = this.key.toString();
		if ("answer".equals(name) && c == '"') {
			this.state = State.IN_ANSWER;
		}
		else {
			this.state = "tool_calls".equals(name) ? State.TOOL_CALLS : State.OTHER;
		}
	}

	/**
	 * Decodes one character of a JSON string's body.
	 * @param c the character
	 * @param out receives the decoded text
	 * @return whether {@code c} closed the string
	 */
	private boolean string(char c, StringBuilder out) {
		if (this.escape == 1) {
			this.escape = 0;
			switch (c) {
				case 'n' -> emit('\n', out);
				case 't' -> emit('\t', out);
				case 'r' -> emit('\r', out);
				case 'b' -> emit('\b', out);
				case 'f' -> emit('\f', out);
				case 'u' -> {
					this.escape = 2;
					this.codeUnit = 0;
				}
				default -> emit(c, out); // \" \\ \/
			}
			return false;
		}
		if (this.escape >= 2) {
			this.codeUnit = (this.codeUnit << 4) | Character.digit(c, 16);
			this.escape++;
			if (this.escape == 6) {
				this.escape = 0;
				emit((char) this.codeUnit, out);
			}
			return false;
		}
		if (c == '\\') {
			this.escape = 1;
			return false;
		}
		if (c == '"') {
			flushHeldSurrogate(out);
			return true;
		}
		emit(c, out);
		return false;
	}

	// A high surrogate waits for its low half: no text handed out ends mid-character.
	private void emit(char c, StringBuilder out) {
		if (this.heldHighSurrogate != 0) {
			char high = this.heldHighSurrogate;
			this.heldHighSurrogate = 0;
			out.append(high);
			if (Character.isLowSurrogate(c)) {
				out.append(c);
				return;
			}
		}
		if (Character.isHighSurrogate(c)) {
			this.heldHighSurrogate = c;
		}
		else {
			out.append(c);
		}
	}

	private void flushHeldSurrogate(StringBuilder out) {
		if (this.heldHighSurrogate != 0) {
			out.append(this.heldHighSurrogate);
			this.heldHighSurrogate = 0;
		}
	}

	private static boolean isWhitespace(char c) {
		return c == ' ' || c == '\n' || c == '\r' || c == '\t';
	}

	private enum State {

		BEFORE_OBJECT, BEFORE_KEY, IN_KEY, BEFORE_COLON, BEFORE_VALUE, IN_ANSWER, AFTER_ANSWER, TOOL_CALLS, OTHER

	}

}
