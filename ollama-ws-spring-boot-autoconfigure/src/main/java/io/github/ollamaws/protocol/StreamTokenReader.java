package io.github.ollamaws.protocol;

/**
 * Reads {@code stream_token} frames, the client's hot path, without building a {@link ServerMessage}: the
 * only object it makes per frame is the token's text. The request's id is not made into a string either:
 * {@link #correlationKey()} looks the request up in a map keyed by id strings.
 *
 * <p>It takes only the shape gateways send: one flat object whose fields are {@code type} (the string
 * {@code "stream_token"}), {@code id} and/or {@code requestId} (strings without escapes), {@code token} (a
 * string) and optionally {@code timestamp} (an integer or a string), in any order, with JSON whitespace
 * between them. For any other frame, or any doubt, {@link #read} answers {@code false} and the frame goes to
 * {@link ServerMessageDecoder}, which reads it exactly as before: both paths agree on every frame this reader
 * takes.
 *
 * <p>Not thread-safe: a connection has one, used by the thread that receives its frames, and reuses it for
 * every frame. What it read is valid until the next {@link #read}.
 */
public final class StreamTokenReader {

	private static final String STREAM_TOKEN = "stream_token";

	private final IdKey key = new IdKey();

	private String json;

	private int idStart;

	private int idEnd;

	private int idHash;

	private int requestIdStart;

	private int requestIdEnd;

	private int requestIdHash;

	private int tokenStart;

	private int tokenEnd;

	private boolean tokenEscaped;

	private String token;

	// The string just read by readString: where its closing quote is, its String.hashCode(), its escapes.
	private int stringEnd;

	private int stringHash;

	private boolean stringEscaped;

	/**
	 * Reads a frame if it is a {@code stream_token} of the usual shape.
	 * @param json the frame's text
	 * @return {@code true} if it was read here; {@code false} if it must be decoded by
	 * {@link ServerMessageDecoder}
	 */
	public boolean read(String json) {
		this.json = json;
		this.idStart = -1;
		this.requestIdStart = -1;
		this.tokenStart = -1;
		this.token = null;
		boolean streamToken = false;
		int length = json.length();
		int i = skipWhitespace(json, 0);
		if (i >= length || json.charAt(i) != '{') {
			return false;
		}
		i = skipWhitespace(json, i + 1);
		while (true) {
			if (i >= length || json.charAt(i) != '"') {
				return false;
			}
			int nameStart = i + 1;
			i = readString(json, nameStart);
			if (i < 0 || this.stringEscaped) {
				return false;
			}
			int nameLength = this.stringEnd - nameStart;
			i = skipWhitespace(json, i);
			if (i >= length || json.charAt(i) != ':') {
				return false;
			}
			i = skipWhitespace(json, i + 1);
			if (i >= length) {
				return false;
			}
			if (json.charAt(i) == '"') {
				int valueStart = i + 1;
				i = readString(json, valueStart);
				if (i < 0) {
					return false;
				}
				int valueEnd = this.stringEnd;
				if (isName(nameStart, nameLength, "type")) {
					// Any other type, even spelt with escapes, is the decoder's to judge; so is a second "type".
					if (this.stringEscaped || valueEnd - valueStart != STREAM_TOKEN.length()
							|| !json.startsWith(STREAM_TOKEN, valueStart)) {
						return false;
					}
					streamToken = true;
				}
				else if (isName(nameStart, nameLength, "id")) {
					if (this.stringEscaped) {
						return false;
					}
					this.idStart = valueStart;
					this.idEnd = valueEnd;
					this.idHash = this.stringHash;
				}
				else if (isName(nameStart, nameLength, "token")) {
					this.tokenStart = valueStart;
					this.tokenEnd = valueEnd;
					this.tokenEscaped = this.stringEscaped;
				}
				else if (isName(nameStart, nameLength, "requestId")) {
					if (this.stringEscaped) {
						return false;
					}
					this.requestIdStart = valueStart;
					this.requestIdEnd = valueEnd;
					this.requestIdHash = this.stringHash;
				}
				else if (!isName(nameStart, nameLength, "timestamp")) {
					return false;
				}
			}
			else if (isName(nameStart, nameLength, "timestamp")) {
				i = skipInteger(json, i);
				if (i < 0) {
					return false;
				}
			}
			else {
				return false;
			}
			i = skipWhitespace(json, i);
			if (i >= length) {
				return false;
			}
			char next = json.charAt(i);
			if (next == '}') {
				break;
			}
			if (next != ',') {
				return false;
			}
			i = skipWhitespace(json, i + 1);
		}
		if (!streamToken || this.tokenStart < 0 || (this.idStart < 0 && this.requestIdStart < 0)) {
			return false;
		}
		this.token = this.tokenEscaped ? JsonStrings.unescape(json, this.tokenStart, this.tokenEnd)
				: json.substring(this.tokenStart, this.tokenEnd);
		return true;
	}

	/**
	 * The token's text.
	 * @return the token
	 */
	public String token() {
		return this.token;
	}

	/**
	 * Whether the frame carried a {@code requestId}, to correlate on before its {@code id}.
	 * @return {@code true} if it did
	 */
	public boolean hasRequestId() {
		return this.requestIdStart >= 0;
	}

	/**
	 * Whether the frame carried an {@code id}.
	 * @return {@code true} if it did
	 */
	public boolean hasId() {
		return this.idStart >= 0;
	}

	/**
	 * The id to correlate the frame with its request by, as {@link ServerMessage#streamCorrelationId()}
	 * chooses it ({@code requestId} when present, else {@code id}), as a key for a map of requests by their
	 * id strings. It is one object, reused: valid until the next call of this method or {@link #idKey()}.
	 * @return a key equal to the id string for {@code Map.get}, and for nothing else
	 */
	public Object correlationKey() {
		return hasRequestId() ? this.key.of(this.requestIdStart, this.requestIdEnd, this.requestIdHash)
				: this.key.of(this.idStart, this.idEnd, this.idHash);
	}

	/**
	 * The frame's {@code id} as a key, like {@link #correlationKey()}; only if {@link #hasId()}.
	 * @return a key equal to the id string for {@code Map.get}
	 */
	public Object idKey() {
		return this.key.of(this.idStart, this.idEnd, this.idHash);
	}

	/**
	 * The correlation id as a string, for logs.
	 * @return the id
	 */
	public String correlationId() {
		return hasRequestId() ? this.json.substring(this.requestIdStart, this.requestIdEnd)
				: this.json.substring(this.idStart, this.idEnd);
	}

	/**
	 * Reads a string's characters up to its closing quote, checking escapes and control characters, and
	 * hashing it as {@link String#hashCode()} does (meaningful only without escapes).
	 * @return the index after the closing quote, or {@code -1} if the string is invalid or does not end
	 */
	private int readString(String json, int start) {
		int length = json.length();
		int hash = 0;
		boolean escaped = false;
		int i = start;
		while (i < length) {
			char c = json.charAt(i);
			if (c == '"') {
				this.stringEnd = i;
				this.stringHash = hash;
				this.stringEscaped = escaped;
				return i + 1;
			}
			if (c == '\\') {
				i = JsonStrings.escapeEnd(json, i + 1);
				if (i < 0) {
					return -1;
				}
				escaped = true;
				continue;
			}
			if (c < 0x20) {
				// Unescaped control characters are invalid JSON.
				return -1;
			}
			hash = 31 * hash + c;
			i++;
		}
		return -1;
	}

	/** Skips a JSON integer; anything else that may be a number is the decoder's to read. */
	private static int skipInteger(String json, int start) {
		int length = json.length();
		int i = start;
		if (i < length && json.charAt(i) == '-') {
			i++;
		}
		if (i < length && json.charAt(i) == '0') {
			i++;
		}
		else {
			int digitsStart = i;
			while (i < length && json.charAt(i) >= '0' && json.charAt(i) <= '9') {
				i++;
			}
			if (i == digitsStart) {
				return -1;
			}
		}
		// A fraction, an exponent or a leading zero's digits: not this reader's to judge.
		if (i < length) {
			char next = json.charAt(i);
			if (next == '.' || next == 'e' || next == 'E' || (next >= '0' && next <= '9')) {
				return -1;
			}
		}
		return i;
	}

	private boolean isName(int start, int length, String name) {
		return length == name.length() && this.json.startsWith(name, start);
	}

	private static int skipWhitespace(String json, int start) {
		int length = json.length();
		int i = start;
		while (i < length) {
			char c = json.charAt(i);
			if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
				return i;
			}
			i++;
		}
		return i;
	}

	/**
	 * A part of the frame's text that a {@code Map<String, V>} finds as the string it spells: it hashes as
	 * {@link String#hashCode()} and equals a string of the same characters. {@code Map.get} compares keys as
	 * {@code probe.equals(key)}, which is all it is for; the equality is one-sided, so it is never stored.
	 */
	private final class IdKey {

		private int start;

		private int end;

		private int hash;

		IdKey of(int start, int end, int hash) {
			this.start = start;
			this.end = end;
			this.hash = hash;
			return this;
		}

		@Override
		public int hashCode() {
			return this.hash;
		}

		@Override
		public boolean equals(Object other) {
			int length = this.end - this.start;
			return other instanceof String id && id.length() == length
					&& StreamTokenReader.this.json.regionMatches(this.start, id, 0, length);
		}

		@Override
		public String toString() {
			return StreamTokenReader.this.json.substring(this.start, this.end);
		}

	}

}
