package io.github.ollamaws.protocol;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link StreamTokenReader} against the Jackson decoding path
 * ({@link ServerMessageDecoder}) on generated frames: field orders, whitespace, escapes
 * (valid and invalid, among them those Jackson 2.21 wrongly accepts), Unicode, numbers,
 * nested values, truncations, content after the object, and strings, numbers and nesting
 * at and beyond the parser's limits. For every frame: what the reader takes, the decoder
 * reads the same (token and correlation id); what the decoder refuses (invalid JSON or
 * beyond its limits), both refuse. Half the frames go through a decoder with Jackson's
 * default limits (numbers of up to 1,000 digits), half through one with small limits, so
 * that their edges are hit often.
 *
 * <p>
 * The build runs it with a fixed seed for 3 s (at least 10,000 frames). The nightly-style
 * run, 3,000,000 frames:
 * {@code ./mvnw -B -ntp -Pdifferential -pl ollama-ws-client -am test} (or
 * {@code -Dollama.ws.differential.frames=<n>}); other runs take
 * {@code -Dollama.ws.differential.seconds=<s>} and
 * {@code -Dollama.ws.differential.seed=<n>}.
 */
class StreamTokenReaderDifferentialTests {

	private static final StreamReadConstraints SMALL_LIMITS = StreamReadConstraints.builder()
		.maxStringLength(24)
		.maxNumberLength(12)
		.maxNestingDepth(3)
		.build();

	private final Pair defaults = new Pair(StreamReadConstraints.defaults(), new ObjectMapper());

	private final Pair small = new Pair(SMALL_LIMITS,
			new ObjectMapper(JsonFactory.builder().streamReadConstraints(SMALL_LIMITS).build()));

	@Test
	void agreesWithTheDecoderOnGeneratedFrames() {
		long seed = Long.getLong("ollama.ws.differential.seed", 20261130L);
		Long frameCount = Long.getLong("ollama.ws.differential.frames");
		Duration duration = Duration.ofSeconds(Long.getLong("ollama.ws.differential.seconds", 3L));
		Random random = new Random(seed);
		long deadline = System.nanoTime() + duration.toNanos();
		long frames = 0;
		long read = 0;
		while ((frameCount != null) ? frames < frameCount : (frames < 10_000 || System.nanoTime() - deadline < 0)) {
			Pair pair = random.nextBoolean() ? this.defaults : this.small;
			Frame frame = new Frame(random, pair.limits);
			String json = frame.json();
			frames++;
			if (pair.reader.read(json)) {
				read++;
				assertThat(frame.valid).as("seed %d, frame %d: read what the decoder refuses %s", seed, frames, json)
					.isTrue();
				ServerMessage decoded = pair.decoder.decode(json);
				assertThat(pair.reader.token()).as("seed %d: token of %s", seed, json).isEqualTo(decoded.token());
				assertThat(pair.reader.correlationId()).as("seed %d: id of %s", seed, json)
					.isEqualTo(decoded.streamCorrelationId());
			}
			else if (frame.valid && frame.readerShape) {
				assertThat(false).as("seed %d: declined a frame of its own shape %s", seed, json).isTrue();
			}
			if (!frame.valid) {
				assertThat(pair.decodes(json)).as("seed %d: decoded what it must refuse %s", seed, json).isFalse();
			}
		}
		// The generator must exercise both outcomes, or it proves nothing.
		assertThat(read).isGreaterThan(frames / 10);
		assertThat(frames - read).isGreaterThan(frames / 10);
		if (frameCount != null) {
			assertThat(frames).isEqualTo(frameCount);
		}
	}

	/** A decoder and the reader it makes, with the limits the generator aims at. */
	private static final class Pair {

		private final StreamReadConstraints limits;

		private final ServerMessageDecoder decoder;

		private final StreamTokenReader reader;

		Pair(StreamReadConstraints limits, ObjectMapper mapper) {
			this.limits = limits;
			this.decoder = new ServerMessageDecoder(mapper);
			this.reader = this.decoder.newTokenReader();
		}

		boolean decodes(String json) {
			try {
				this.decoder.decode(json);
				return true;
			}
			catch (MalformedFrameException ex) {
				return false;
			}
		}

	}

	/**
	 * One generated frame, whether the decoder must take it (valid JSON within the
	 * limits) and whether it is of the shape the reader takes.
	 */
	private static final class Frame {

		private static final char[] NOT_HEX_DIGITS = { '\u0660', '\u0966', '\u0a66', '\uff10', '\uff41', '\u0130',
				'\u0141', 'g', 'G', ' ', '"' };

		private static final String[] TRAILERS = { "x", "}", "{}", "1", "\"a\"", "\\", ",", "\u000b", "\u0000", "/" };

		private final Random random;

		private final int maxString;

		private final int maxNumber;

		private final int maxDepth;

		private boolean valid = true;

		private boolean readerShape = true;

		private final List<String> fields = new ArrayList<>();

		Frame(Random random, StreamReadConstraints limits) {
			this.random = random;
			this.maxString = limits.getMaxStringLength();
			this.maxNumber = limits.getMaxNumberLength();
			this.maxDepth = limits.getMaxNestingDepth();
			this.fields.add("\"type\":" + (chance(20) ? "\"stream_start\"" : "\"stream_token\""));
			if (this.fields.get(0).contains("start")) {
				this.readerShape = false;
			}
			boolean id = !chance(10);
			if (id) {
				this.fields.add("\"id\":\"" + id() + "\"");
			}
			if (chance(20) || !id) {
				this.fields.add("\"requestId\":\"" + id() + "\"");
			}
			this.fields.add("\"token\":\"" + checked(text(chance(20) ? 40 : 12)) + "\"");
			if (chance(50)) {
				this.fields.add("\"timestamp\":" + number());
			}
			if (chance(10)) {
				this.readerShape = false;
				this.fields.add("\"extra\":" + nested(3, 2));
			}
			if (chance(30)) {
				Collections.shuffle(this.fields, random);
			}
		}

		String json() {
			String separator = chance(20) ? " , " : ",";
			String json = (chance(10) ? " {\n" : "{") + String.join(separator, this.fields)
					+ (chance(10) ? " }\t" : "}");
			if (chance(5)) {
				this.valid = false;
				// Cut before the closing brace: what follows it is whitespace, which a
				// cut would leave valid.
				return json.substring(0, this.random.nextInt(json.lastIndexOf('}')));
			}
			if (chance(5)) {
				// Content after the object: JSON allows only whitespace there.
				String trailer = TRAILERS[this.random.nextInt(TRAILERS.length)];
				this.valid = false;
				return json + (chance(50) ? " " : "") + trailer;
			}
			return json;
		}

		private String id() {
			StringBuilder id = new StringBuilder();
			int length = 1 + this.random.nextInt(36);
			for (int i = 0; i < length; i++) {
				id.append("0123456789abcdef-".charAt(this.random.nextInt(17)));
			}
			return checked(new Text(id.toString(), id.length()));
		}

		/**
		 * A string the decoder reads as text: beyond the limit once unescaped, the
		 * decoder refuses it; beyond it as written, the reader leaves it to the decoder.
		 * @param text the string
		 * @return the string as written
		 */
		private String checked(Text text) {
			if (text.length > this.maxString) {
				this.valid = false;
			}
			if (text.json.length() > this.maxString) {
				this.readerShape = false;
			}
			return text.json;
		}

		private Text text(int maxUnits) {
			StringBuilder text = new StringBuilder();
			int length = this.random.nextInt(maxUnits);
			// The length once unescaped, in chars, as Jackson counts it.
			int chars = 0;
			for (int i = 0; i < length; i++) {
				int kind = this.random.nextInt(100);
				chars++;
				if (kind < 50) {
					char c = (char) (' ' + this.random.nextInt(95));
					text.append((c == '"' || c == '\\') ? 'a' : c);
				}
				else if (kind < 65) {
					text.append('\\').append("\"\\/bfnrt".charAt(this.random.nextInt(8)));
				}
				else if (kind < 75) {
					text.append(String.format((this.random.nextBoolean()) ? "\\u%04x" : "\\u%04X",
							this.random.nextInt(0x10000)));
				}
				else if (kind < 85) {
					int codePoint = (this.random.nextBoolean()) ? 0xA0 + this.random.nextInt(0xD000)
							: 0x10000 + this.random.nextInt(0x10000);
					text.appendCodePoint(codePoint);
					chars += Character.charCount(codePoint) - 1;
				}
				else if (kind < 90) {
					this.valid = false;
					text.append("\\u00").append(NOT_HEX_DIGITS[this.random.nextInt(NOT_HEX_DIGITS.length)]).append('1');
				}
				else if (kind < 94) {
					this.valid = false;
					text.append('\\').append("xq0'".charAt(this.random.nextInt(4)));
				}
				else if (kind < 97) {
					this.valid = false;
					text.append((char) this.random.nextInt(0x20));
				}
				else {
					// Two hex digits and a letter that is none.
					text.append("\\u").append(String.format("%02xz", this.random.nextInt(256)));
					this.valid = false;
				}
			}
			return new Text(text.toString(), chars);
		}

		private String number() {
			return switch (this.random.nextInt(7)) {
				case 0 -> digits(String.valueOf(this.random.nextLong() >>> 1));
				case 1 -> "-" + this.random.nextInt(1000);
				case 2 -> {
					this.readerShape = false;
					yield this.random.nextInt(1000) + "." + this.random.nextInt(1000);
				}
				case 3 -> {
					this.readerShape = false;
					yield this.random.nextInt(9) + "e" + this.random.nextInt(20);
				}
				case 4 -> {
					this.valid = false;
					yield "0" + (1 + this.random.nextInt(9));
				}
				case 5 -> {
					// At the limit, one digit short or one beyond.
					int length = this.maxNumber - 1 + this.random.nextInt(3);
					yield (chance(50) ? "-" : "") + digits("9".repeat(length));
				}
				default -> "\"" + this.random.nextInt(100000) + "\"";
			};
		}

		private String digits(String digits) {
			if (digits.length() > this.maxNumber) {
				this.valid = false;
			}
			return digits;
		}

		/**
		 * A value of nested arrays and objects.
		 * @param levels how many more levels it may have
		 * @param depth the depth it is at, the frame's object being 1
		 * @return the value
		 */
		private String nested(int levels, int depth) {
			if (levels == 0 || chance(30)) {
				return (chance(50)) ? String.valueOf(this.random.nextInt()) : "\"" + text(8).json + "\"";
			}
			if (depth > this.maxDepth) {
				this.valid = false;
			}
			return (chance(50)) ? "[" + nested(levels - 1, depth + 1) + "," + nested(levels - 1, depth + 1) + "]"
					: "{\"a\":" + nested(levels - 1, depth + 1) + ",\"b\":" + nested(levels - 1, depth + 1) + "}";
		}

		private boolean chance(int percent) {
			return this.random.nextInt(100) < percent;
		}

	}

	/**
	 * A generated string, as written in the frame and its length once unescaped.
	 *
	 * @param json the string as written
	 * @param length its length once unescaped
	 */
	private record Text(String json, int length) {

	}

}
