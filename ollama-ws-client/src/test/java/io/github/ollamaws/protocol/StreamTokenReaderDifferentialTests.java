package io.github.ollamaws.protocol;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link StreamTokenReader} against the Jackson decoding path
 * ({@link ServerMessageDecoder}) on generated frames: field orders, whitespace, escapes
 * (valid and invalid, among them those Jackson 2.21 wrongly accepts), Unicode, numbers,
 * nested values and truncations. For every frame: what the reader takes, the decoder
 * reads the same (token and correlation id); what is invalid JSON, both reject, even
 * where Jackson alone would be lax.
 *
 * <p>
 * The normal run uses a fixed seed for 3 s. A longer local run:
 * {@code ./mvnw -pl ollama-ws-spring-boot-autoconfigure -am test -Dtest=StreamTokenReaderDifferentialTests
 * -Dsurefire.failIfNoSpecifiedTests=false -Dollama.ws.differential.seconds=600 -Dollama.ws.differential.seed=7}.
 */
class StreamTokenReaderDifferentialTests {

	private final ServerMessageDecoder decoder = new ServerMessageDecoder(new ObjectMapper());

	private final StreamTokenReader reader = new StreamTokenReader();

	@Test
	void agreesWithTheDecoderOnGeneratedFrames() {
		long seed = Long.getLong("ollama.ws.differential.seed", 20261130L);
		Duration duration = Duration.ofSeconds(Long.getLong("ollama.ws.differential.seconds", 3L));
		Random random = new Random(seed);
		long deadline = System.nanoTime() + duration.toNanos();
		int frames = 0;
		int read = 0;
		while (frames < 10_000 || System.nanoTime() - deadline < 0) {
			Frame frame = new Frame(random);
			String json = frame.json();
			frames++;
			if (this.reader.read(json)) {
				read++;
				assertThat(frame.valid).as("seed %d, frame %d: read invalid JSON %s", seed, frames, json).isTrue();
				ServerMessage decoded = this.decoder.decode(json);
				assertThat(this.reader.token()).as("seed %d: token of %s", seed, json).isEqualTo(decoded.token());
				assertThat(this.reader.correlationId()).as("seed %d: id of %s", seed, json)
					.isEqualTo(decoded.streamCorrelationId());
			}
			else if (frame.valid && frame.readerShape) {
				assertThat(false).as("seed %d: declined a frame of its own shape %s", seed, json).isTrue();
			}
			if (!frame.valid) {
				assertThat(decodes(json)).as("seed %d: decoded invalid JSON %s", seed, json).isFalse();
			}
		}
		// The generator must exercise both outcomes, or it proves nothing.
		assertThat(read).isGreaterThan(frames / 10);
		assertThat(frames - read).isGreaterThan(frames / 10);
	}

	private boolean decodes(String json) {
		try {
			this.decoder.decode(json);
			return true;
		}
		catch (MalformedFrameException ex) {
			return false;
		}
	}

	/**
	 * One generated frame, and whether it is valid JSON and of the shape the reader
	 * takes.
	 */
	private static final class Frame {

		private static final char[] NOT_HEX_DIGITS = { '\u0660', '\u0966', '\u0a66', '\uff10', '\uff41', '\u0130',
				'\u0141', 'g', 'G', ' ', '"' };

		private final Random random;

		private boolean valid = true;

		private boolean readerShape = true;

		private final List<String> fields = new ArrayList<>();

		Frame(Random random) {
			this.random = random;
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
			this.fields.add("\"token\":\"" + text() + "\"");
			if (chance(50)) {
				this.fields.add("\"timestamp\":" + number());
			}
			if (chance(10)) {
				this.readerShape = false;
				this.fields.add("\"extra\":" + nested(3));
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
			return json;
		}

		private String id() {
			StringBuilder id = new StringBuilder();
			int length = 1 + this.random.nextInt(36);
			for (int i = 0; i < length; i++) {
				id.append("0123456789abcdef-".charAt(this.random.nextInt(17)));
			}
			return id.toString();
		}

		private String text() {
			StringBuilder text = new StringBuilder();
			int length = this.random.nextInt(12);
			for (int i = 0; i < length; i++) {
				int kind = this.random.nextInt(100);
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
					text.appendCodePoint((this.random.nextBoolean()) ? 0xA0 + this.random.nextInt(0xD000)
							: 0x10000 + this.random.nextInt(0x10000));
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
			return text.toString();
		}

		private String number() {
			return switch (this.random.nextInt(6)) {
				case 0 -> String.valueOf(this.random.nextLong() >>> 1);
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
				default -> "\"" + this.random.nextInt(100000) + "\"";
			};
		}

		private String nested(int depth) {
			if (depth == 0 || chance(30)) {
				return (chance(50)) ? String.valueOf(this.random.nextInt()) : "\"" + text() + "\"";
			}
			return (chance(50)) ? "[" + nested(depth - 1) + "," + nested(depth - 1) + "]"
					: "{\"a\":" + nested(depth - 1) + ",\"b\":" + nested(depth - 1) + "}";
		}

		private boolean chance(int percent) {
			return this.random.nextInt(100) < percent;
		}

	}

}
