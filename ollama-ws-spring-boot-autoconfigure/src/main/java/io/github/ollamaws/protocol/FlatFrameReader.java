package io.github.ollamaws.protocol;

/**
 * The fast path of {@link ServerMessageDecoder}: reads a frame that is one flat JSON object (every value a
 * string, a number, a boolean or {@code null}), as every frame but {@code models_result} is, without a
 * Jackson parser. On the {@code stream_token} hot path, creating a parser per frame was over half of the
 * client's allocation per token. Field order does not matter and unknown fields are skipped.
 *
 * <p>It gives up ({@code null}) on anything it would have to judge differently from Jackson: nested values,
 * escaped field names, numbers that are not plain integers where a number is read, or invalid JSON. The
 * decoder then reads the frame with Jackson as before, so both paths always agree.
 */
final class FlatFrameReader {

	/** The known types, returned as constants rather than as new strings on every frame. */
	private static final String[] TYPES = { "stream_token", "stream_start", "stream_end", "pong", "error", "ack",
			"challenge", "auth_result", "models_result" };

	/** Longer integers may not be exact as a {@code double}, which Jackson reads some fields through. */
	private static final int MAX_INTEGER_DIGITS = 15;

	private final String json;

	private int position;

	// Where the value just read lies; its text is only made into a string when a field needs it.
	private int valueStart;

	private int valueEnd;

	private boolean valueEscaped;

	private boolean valueInteger;

	private ValueKind valueKind;

	private FlatFrameReader(String json) {
		this.json = json;
	}

	/**
	 * Reads a flat frame.
	 * @param json the frame's text
	 * @return the message, or {@code null} if the frame must be read by Jackson
	 */
	static ServerMessage read(String json) {
		return new FlatFrameReader(json).read();
	}

	private ServerMessage read() {
		skipWhitespace();
		if (!consume('{')) {
			return null;
		}
		String type = null;
		String id = null;
		String requestId = null;
		String token = null;
		String model = null;
		String challenge = null;
		Boolean success = null;
		String error = null;
		String code = null;
		Integer remainingAttempts = null;
		Long retryAfter = null;
		Integer totalTokens = null;
		Long elapsedTime = null;
		boolean cancelled = false;
		skipWhitespace();
		boolean more = !consume('}');
		while (more) {
			skipWhitespace();
			int nameStart = this.position + 1;
			if (!readString() || this.valueEscaped) {
				return null;
			}
			int nameEnd = this.valueEnd;
			skipWhitespace();
			if (!consume(':')) {
				return null;
			}
			skipWhitespace();
			if (!readValue()) {
				return null;
			}
			if (isName(nameStart, nameEnd, "type")) {
				type = typeText();
			}
			else if (isName(nameStart, nameEnd, "id")) {
				id = text();
			}
			else if (isName(nameStart, nameEnd, "requestId")) {
				requestId = text();
			}
			else if (isName(nameStart, nameEnd, "token")) {
				token = text();
			}
			else if (isName(nameStart, nameEnd, "timestamp")) {
				// Sent on every frame, never used.
			}
			else if (isName(nameStart, nameEnd, "model")) {
				model = text();
			}
			else if (isName(nameStart, nameEnd, "challenge")) {
				challenge = text();
			}
			else if (isName(nameStart, nameEnd, "success")) {
				success = (this.valueKind == ValueKind.TRUE) ? Boolean.TRUE
						: (this.valueKind == ValueKind.FALSE) ? Boolean.FALSE : null;
			}
			else if (isName(nameStart, nameEnd, "error")) {
				error = text();
			}
			else if (isName(nameStart, nameEnd, "code")) {
				code = text();
			}
			else if (isName(nameStart, nameEnd, "isCancelled")) {
				cancelled = (this.valueKind == ValueKind.TRUE);
			}
			else if (isName(nameStart, nameEnd, "remainingAttempts")) {
				if (!isIntegerOrNotNumber(true)) {
					return null;
				}
				remainingAttempts = (this.valueKind == ValueKind.NUMBER) ? (int) integer() : null;
			}
			else if (isName(nameStart, nameEnd, "totalTokens")) {
				if (!isIntegerOrNotNumber(true)) {
					return null;
				}
				totalTokens = (this.valueKind == ValueKind.NUMBER) ? (int) integer() : null;
			}
			else if (isName(nameStart, nameEnd, "retryAfter")) {
				if (!isIntegerOrNotNumber(false)) {
					return null;
				}
				retryAfter = (this.valueKind == ValueKind.NUMBER) ? integer() : null;
			}
			else if (isName(nameStart, nameEnd, "elapsedTime")) {
				if (!isIntegerOrNotNumber(false)) {
					return null;
				}
				elapsedTime = (this.valueKind == ValueKind.NUMBER) ? integer() : null;
			}
			skipWhitespace();
			if (consume('}')) {
				more = false;
			}
			else if (!consume(',')) {
				return null;
			}
		}
		return new ServerMessage(ServerMessageType.of(type), type, id, requestId, token, model, challenge, success,
				error, code, remainingAttempts, retryAfter, totalTokens, elapsedTime, cancelled, null);
	}

	/** Reads a string, a number, a literal; {@code false} for anything nested or invalid. */
	private boolean readValue() {
		if (this.position >= this.json.length()) {
			return false;
		}
		char first = this.json.charAt(this.position);
		if (first == '"') {
			return readString();
		}
		if (first == '-' || (first >= '0' && first <= '9')) {
			return readNumber();
		}
		return readLiteral("true", ValueKind.TRUE) || readLiteral("false", ValueKind.FALSE)
				|| readLiteral("null", ValueKind.NULL);
	}

	private boolean readString() {
		if (!consume('"')) {
			return false;
		}
		this.valueStart = this.position;
		this.valueEscaped = false;
		int length = this.json.length();
		while (this.position < length) {
			char c = this.json.charAt(this.position++);
			if (c == '"') {
				this.valueEnd = this.position - 1;
				this.valueKind = ValueKind.STRING;
				return true;
			}
			if (c == '\\') {
				this.position = JsonStrings.escapeEnd(this.json, this.position);
				if (this.position < 0) {
					return false;
				}
				this.valueEscaped = true;
			}
			else if (c < 0x20) {
				// Unescaped control characters are invalid JSON.
				return false;
			}
		}
		return false;
	}

	private boolean readNumber() {
		int start = this.position;
		consume('-');
		if (consume('0')) {
			// No leading zeros in JSON.
		}
		else if (digits() == 0) {
			return false;
		}
		boolean integer = true;
		if (consume('.')) {
			integer = false;
			if (digits() == 0) {
				return false;
			}
		}
		if (consume('e') || consume('E')) {
			integer = false;
			if (!consume('+')) {
				consume('-');
			}
			if (digits() == 0) {
				return false;
			}
		}
		this.valueStart = start;
		this.valueEnd = this.position;
		this.valueEscaped = false;
		this.valueInteger = integer;
		this.valueKind = ValueKind.NUMBER;
		return true;
	}

	private int digits() {
		int start = this.position;
		while (this.position < this.json.length() && this.json.charAt(this.position) >= '0'
				&& this.json.charAt(this.position) <= '9') {
			this.position++;
		}
		return this.position - start;
	}

	private boolean readLiteral(String literal, ValueKind kind) {
		if (!this.json.startsWith(literal, this.position)) {
			return false;
		}
		this.valueStart = this.position;
		this.position += literal.length();
		this.valueEnd = this.position;
		this.valueEscaped = false;
		this.valueKind = kind;
		return true;
	}

	/** The value as {@link ServerMessageDecoder} reads text fields: strings, numbers and booleans. */
	private String text() {
		if (this.valueKind == ValueKind.NULL) {
			return null;
		}
		if (this.valueKind == ValueKind.STRING && this.valueEscaped) {
			return JsonStrings.unescape(this.json, this.valueStart, this.valueEnd);
		}
		return this.json.substring(this.valueStart, this.valueEnd);
	}

	private String typeText() {
		if (this.valueKind == ValueKind.STRING && !this.valueEscaped) {
			int length = this.valueEnd - this.valueStart;
			for (String type : TYPES) {
				if (type.length() == length && this.json.startsWith(type, this.valueStart)) {
					return type;
				}
			}
		}
		return text();
	}

	/**
	 * Whether the value is no number (the field is then {@code null}) or a plain integer that reads the same
	 * whichever way Jackson converts it: at most 15 digits, and within {@code int} range if {@code asInt}.
	 */
	private boolean isIntegerOrNotNumber(boolean asInt) {
		if (this.valueKind != ValueKind.NUMBER) {
			return true;
		}
		if (!this.valueInteger || this.valueEnd - this.valueStart > MAX_INTEGER_DIGITS) {
			return false;
		}
		long value = integer();
		return !asInt || value == (int) value;
	}

	private long integer() {
		return Long.parseLong(this.json, this.valueStart, this.valueEnd, 10);
	}

	private boolean isName(int start, int end, String name) {
		return end - start == name.length() && this.json.startsWith(name, start);
	}

	private void skipWhitespace() {
		while (this.position < this.json.length()) {
			char c = this.json.charAt(this.position);
			if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
				return;
			}
			this.position++;
		}
	}

	private boolean consume(char expected) {
		if (this.position < this.json.length() && this.json.charAt(this.position) == expected) {
			this.position++;
			return true;
		}
		return false;
	}

	private enum ValueKind {

		STRING, NUMBER, TRUE, FALSE, NULL

	}

}
