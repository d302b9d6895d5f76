package io.github.ollamaws.protocol;

import com.fasterxml.jackson.core.StreamReadConstraints;
import org.jspecify.annotations.Nullable;

/**
 * Reads {@code stream_token} frames, the client's hot path, without building a
 * {@link ServerMessage}: the only object it makes per frame is the token's text. The
 * request's id is not made into a string either: {@link #correlationKey()} looks the
 * request up in a map keyed by id strings.
 *
 * <p>
 * It takes only the shape gateways send: one flat object whose fields are {@code type}
 * (the string {@code "stream_token"}), {@code id} and/or {@code requestId} (strings
 * without escapes), {@code token} (a string) and optionally {@code timestamp} (an integer
 * or a string), in any order, with JSON whitespace between them. For any other frame, or
 * any doubt, {@link #read} answers {@code false} and the frame goes to
 * {@link ServerMessageDecoder}, which reads it exactly as before.
 *
 * <p>
 * What it takes is a strict subset of what the decoder takes, read the same way: it
 * rejects invalid JSON (a Unicode escape takes ASCII hex digits only, not other scripts'
 * digits, which {@link Character#digit(char, int)} would take), anything but whitespace
 * after the object, and whatever the decoder's Jackson {@link StreamReadConstraints}
 * refuse: an integer of more digits than their number length, a string longer in the
 * frame than their string length (the decoder then judges its unescaped length), a frame
 * longer than their document length, and any frame at all if they count tokens or allow
 * no object, no {@code requestId} name or no {@code stream_token} type.
 * {@code StreamTokenReaderDifferentialTests} checks this on generated frames.
 *
 * <p>
 * Not thread-safe: a connection has one, used by the thread that receives its frames, and
 * reuses it for every frame. What it read is valid until the next {@link #read}.
 */
public final class StreamTokenReader {

	private static final String STREAM_TOKEN = "stream_token";

	// The gateway's token frames are read by comparing these runs of text, not field by
	// field; the general reading takes over at the first difference.
	// A token frame:
	// {"type":"stream_token","id":"...","token":"...","timestamp":...}
	private static final String GATEWAY_PREFIX = "{\"type\":\"stream_token\",\"id\":\"";

	private static final String GATEWAY_TOKEN_FIELD = "\",\"token\":\"";

	private static final String GATEWAY_TIMESTAMP_FIELD = ",\"timestamp\":";

	private final IdKey key = new IdKey();

	// The decoder's limits, for what this reader checks itself.
	private final int maxNumberLength;

	private final int maxStringLength;

	private final long maxDocumentLength;

	private final boolean readsNothing;

	// Set by read(), before any other method is called.
	@SuppressWarnings("NullAway.Init")
	private String json;

	private boolean streamToken;

	private int idStart;

	private int idEnd;

	private int idHash;

	private int requestIdStart;

	private int requestIdEnd;

	private int requestIdHash;

	private int tokenStart;

	private int tokenEnd;

	private boolean tokenEscaped;

	private @Nullable String token;

	// The string readString just read: its closing quote's index, whether it has escapes.
	private int stringEnd;

	private boolean stringEscaped;

	/**
	 * A reader with Jackson's default limits, those of a decoder whose mapper sets none.
	 */
	public StreamTokenReader() {
		this(StreamReadConstraints.defaults());
	}

	/**
	 * A reader that takes no frame the decoder's limits would refuse.
	 * @param constraints the limits of the decoder's parser
	 * @see ServerMessageDecoder#newTokenReader()
	 */
	public StreamTokenReader(StreamReadConstraints constraints) {
		this.maxNumberLength = constraints.getMaxNumberLength();
		this.maxStringLength = constraints.getMaxStringLength();
		this.maxDocumentLength = constraints.hasMaxDocumentLength() ? constraints.getMaxDocumentLength()
				: Long.MAX_VALUE;
		// A frame is an object one level deep whose names and type the limits must allow;
		// with tokens counted, the decoder may refuse any frame that repeats its fields
		// often enough, which this reader does not count.
		this.readsNothing = constraints.getMaxNestingDepth() < 1 || constraints.hasMaxTokenCount()
				|| constraints.getMaxNameLength() < "requestId".length()
				|| constraints.getMaxStringLength() < STREAM_TOKEN.length();
	}

	/**
	 * Reads a frame if it is a {@code stream_token} of the usual shape.
	 * @param json the frame's text
	 * @return {@code true} if it was read here; {@code false} if it must be decoded by
	 * {@link ServerMessageDecoder}
	 */
	public boolean read(String json) {
		this.json = json;
		this.streamToken = false;
		this.idStart = -1;
		this.requestIdStart = -1;
		this.tokenStart = -1;
		this.token = null;
		if (this.readsNothing || json.length() > this.maxDocumentLength) {
			return false;
		}
		int i = json.startsWith(GATEWAY_PREFIX) ? gatewayFields(json) : firstField(json);
		while (i >= 0) {
			i = skipWhitespace(json, i);
			if (i >= json.length()) {
				return false;
			}
			char next = json.charAt(i);
			if (next == '}') {
				// Nothing but whitespace may follow the object.
				i = (skipWhitespace(json, i + 1) == json.length()) ? i : -1;
				break;
			}
			if (next != ',') {
				return false;
			}
			i = field(json, skipWhitespace(json, i + 1));
		}
		if (i < 0 || !this.streamToken || this.tokenStart < 0 || (this.idStart < 0 && this.requestIdStart < 0)) {
			return false;
		}
		this.token = this.tokenEscaped ? JsonStrings.unescape(json, this.tokenStart, this.tokenEnd)
				: json.substring(this.tokenStart, this.tokenEnd);
		return true;
	}

	/**
	 * Reads the fields of a frame that begins as the gateway's do, as far as they are in
	 * the gateway's order.
	 * @param json the frame's text
	 * @return the index after the last field read, or {@code -1} to leave the frame to
	 * the decoder
	 */
	private int gatewayFields(String json) {
		this.streamToken = true;
		int i = idValue(json, GATEWAY_PREFIX.length(), false);
		// idValue stops after the id's closing quote, where the token field's run begins.
		if (i < 0 || !json.startsWith(GATEWAY_TOKEN_FIELD, i - 1)) {
			return i;
		}
		i = tokenValue(json, i - 1 + GATEWAY_TOKEN_FIELD.length());
		int timestamp = i + GATEWAY_TIMESTAMP_FIELD.length();
		if (i < 0 || !json.startsWith(GATEWAY_TIMESTAMP_FIELD, i) || timestamp >= json.length()
				|| json.charAt(timestamp) == '"') {
			// A string timestamp is read by field(), with the checks strings get.
			return i;
		}
		return skipInteger(json, timestamp);
	}

	/**
	 * Reads the opening brace and the first field of any other frame.
	 * @param json the frame's text
	 * @return the index after the field, or {@code -1} to leave the frame to the decoder
	 */
	private int firstField(String json) {
		int i = skipWhitespace(json, 0);
		if (i >= json.length() || json.charAt(i) != '{') {
			return -1;
		}
		return field(json, skipWhitespace(json, i + 1));
	}

	/**
	 * The token's text, once {@link #read(String)} has returned {@code true}.
	 * @return the token
	 */
	@SuppressWarnings("NullAway") // set by a read(String) that returned true
	public String token() {
		return this.token;
	}

	/**
	 * Whether the frame carried a {@code requestId}, to correlate on before its
	 * {@code id}.
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
	 * The id to correlate the frame with its request by, as
	 * {@link ServerMessage#streamCorrelationId()} chooses it ({@code requestId} when
	 * present, else {@code id}), as a key for a map of requests by their id strings. It
	 * is one object, reused: valid until the next call of this method or
	 * {@link #idKey()}.
	 * @return a key equal to the id string for {@code Map.get}, and for nothing else
	 */
	public Object correlationKey() {
		return hasRequestId() ? this.key.of(this.requestIdStart, this.requestIdEnd, this.requestIdHash)
				: this.key.of(this.idStart, this.idEnd, this.idHash);
	}

	/**
	 * The frame's {@code id} as a key, like {@link #correlationKey()}; only if
	 * {@link #hasId()}.
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
	 * Reads one {@code "name": value} pair.
	 * @param json the frame's text
	 * @param i the index of the name's opening quote
	 * @return the index after the value, or {@code -1} to leave the frame to the decoder
	 */
	private int field(String json, int i) {
		if (i >= json.length() || json.charAt(i) != '"') {
			return -1;
		}
		int nameStart = i + 1;
		i = readString(json, nameStart);
		if (i < 0 || this.stringEscaped) {
			return -1;
		}
		Field field = Field.of(json, nameStart, this.stringEnd - nameStart);
		if (field == null) {
			return -1;
		}
		i = skipWhitespace(json, i);
		if (i >= json.length() || json.charAt(i) != ':') {
			return -1;
		}
		i = skipWhitespace(json, i + 1);
		if (i >= json.length()) {
			return -1;
		}
		if (json.charAt(i) != '"') {
			return (field == Field.TIMESTAMP) ? skipInteger(json, i) : -1;
		}
		int valueStart = i + 1;
		switch (field) {
			case TYPE -> {
				i = readString(json, valueStart);
				// Any other type, even spelt with escapes, is the decoder's to judge; so
				// is a second "type".
				if (i < 0 || this.stringEscaped || this.stringEnd - valueStart != STREAM_TOKEN.length()
						|| !json.startsWith(STREAM_TOKEN, valueStart)) {
					return -1;
				}
				this.streamToken = true;
				return i;
			}
			case ID -> {
				return idValue(json, valueStart, false);
			}
			case REQUEST_ID -> {
				return idValue(json, valueStart, true);
			}
			case TOKEN -> {
				return tokenValue(json, valueStart);
			}
			default -> {
				return readString(json, valueStart);
			}
		}
	}

	/**
	 * Reads an {@code id} or a {@code requestId}: a string without escapes, hashed for
	 * the lookup. Its end is the next quote, found by {@link String#indexOf(int, int)}
	 * (an intrinsic); the loop that hashes it also checks that no backslash (the quote
	 * would then be escaped) or control character comes before it.
	 * @param json the frame's text
	 * @param start the index after the value's opening quote
	 * @param requestId whether the value is the {@code requestId} rather than the
	 * {@code id}
	 * @return the index after the closing quote, or {@code -1} to leave the frame to the
	 * decoder
	 */
	private int idValue(String json, int start, boolean requestId) {
		int end = json.indexOf('"', start);
		if (end < 0) {
			return -1;
		}
		int hash = 0;
		int invalid = 0;
		int i = start;
		for (; i + 4 <= end; i += 4) {
			char c0 = json.charAt(i);
			char c1 = json.charAt(i + 1);
			char c2 = json.charAt(i + 2);
			char c3 = json.charAt(i + 3);
			// String.hashCode(), four characters a step so that the multiplications do
			// not wait for each other.
			hash = 923521 * hash + 29791 * c0 + 961 * c1 + 31 * c2 + c3;
			invalid |= invalid(c0) | invalid(c1) | invalid(c2) | invalid(c3);
		}
		for (; i < end; i++) {
			char c = json.charAt(i);
			hash = 31 * hash + c;
			invalid |= invalid(c);
		}
		if (invalid < 0 || end - start > this.maxStringLength) {
			return -1;
		}
		if (requestId) {
			this.requestIdStart = start;
			this.requestIdEnd = end;
			this.requestIdHash = hash;
		}
		else {
			this.idStart = start;
			this.idEnd = end;
			this.idHash = hash;
		}
		return end + 1;
	}

	/**
	 * Negative for a control character or a backslash, without a branch.
	 * @param c a character of an id
	 * @return a negative number if {@code c} is a control character or a backslash, else
	 * zero or more
	 */
	private static int invalid(char c) {
		return (c - 0x20) | ((c ^ '\\') - 1);
	}

	private int tokenValue(String json, int start) {
		int i = readString(json, start);
		this.tokenStart = start;
		this.tokenEnd = this.stringEnd;
		this.tokenEscaped = this.stringEscaped;
		return i;
	}

	/**
	 * Reads a string's characters up to its closing quote, checking escapes and control
	 * characters.
	 * @param json the frame's text
	 * @param start the index after the opening quote
	 * @return the index after the closing quote, or {@code -1} if the string is invalid
	 * or does not end
	 */
	private int readString(String json, int start) {
		int length = json.length();
		boolean escaped = false;
		int i = start;
		while (i < length) {
			char c = json.charAt(i);
			if (c == '"') {
				this.stringEnd = i;
				this.stringEscaped = escaped;
				// Longer than the limit in the frame: the decoder judges it unescaped.
				return (i - start <= this.maxStringLength) ? i + 1 : -1;
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
			i++;
		}
		return -1;
	}

	/**
	 * Skips a JSON integer; anything else that may be a number is the decoder's to read.
	 * @param json the frame's text
	 * @param start the index of the integer's first character
	 * @return the index after the integer, or {@code -1} if it is not a plain integer
	 */
	private int skipInteger(String json, int start) {
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
			while (i < length && isDigit(json.charAt(i))) {
				i++;
			}
			// No digits, or more than the decoder reads.
			if (i == digitsStart || i - digitsStart > this.maxNumberLength) {
				return -1;
			}
		}
		// A fraction, an exponent or a leading zero's digits: not this reader's to judge.
		if (i < length) {
			char next = json.charAt(i);
			if (next == '.' || next == 'e' || next == 'E' || isDigit(next)) {
				return -1;
			}
		}
		return i;
	}

	private static boolean isDigit(char c) {
		// One unsigned comparison.
		return (char) (c - '0') <= 9;
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

	/** The fields this reader takes; any other name leaves the frame to the decoder. */
	private enum Field {

		TYPE, ID, REQUEST_ID, TOKEN, TIMESTAMP;

		/**
		 * The field a name spells, told apart by its length first, or {@code null}.
		 * @param json the frame's text
		 * @param start the index of the name's first character
		 * @param length the length of the name
		 * @return the field, or {@code null} if this reader does not take it
		 */
		static @Nullable Field of(String json, int start, int length) {
			return switch (length) {
				case 2 -> json.startsWith("id", start) ? ID : null;
				case 4 -> json.startsWith("type", start) ? TYPE : null;
				case 5 -> json.startsWith("token", start) ? TOKEN : null;
				case 9 -> json.startsWith("requestId", start) ? REQUEST_ID
						: json.startsWith("timestamp", start) ? TIMESTAMP : null;
				default -> null;
			};
		}

	}

	/**
	 * A part of the frame's text that a {@code Map<String, V>} finds as the string it
	 * spells: it hashes as {@link String#hashCode()} and equals a string of the same
	 * characters. {@code Map.get} compares keys as {@code probe.equals(key)}, which is
	 * all it is for; the equality is one-sided, so it is never stored.
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
		public boolean equals(@Nullable Object other) {
			int length = this.end - this.start;
			return other instanceof String id && id.length() == length
					&& StreamTokenReader.this.json.regionMatches(this.start, id, 0, length);
		}

		@Override
		public int hashCode() {
			return this.hash;
		}

		@Override
		public String toString() {
			return StreamTokenReader.this.json.substring(this.start, this.end);
		}

	}

}
