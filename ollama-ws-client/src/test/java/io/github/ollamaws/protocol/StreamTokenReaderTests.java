package io.github.ollamaws.protocol;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link StreamTokenReader}: on every frame it takes, it finds the same token
 * and request as {@link ServerMessageDecoder}; every other frame it leaves to the
 * decoder.
 */
class StreamTokenReaderTests {

	private final ServerMessageDecoder decoder = new ServerMessageDecoder(new ObjectMapper());

	private final StreamTokenReader reader = new StreamTokenReader();

	@ParameterizedTest
	@ValueSource(strings = { "{\"type\":\"stream_token\",\"id\":\"g1\",\"token\":\"t0 \",\"timestamp\":1732600000000}",
			"{\"timestamp\":1,\"token\":\"Hi \\\"there\\\"\\n\\u00e9\\/\\\\\\b\\f\\r\\t\",\"id\":\"g1\","
					+ "\"type\":\"stream_token\"}",
			"{\"type\":\"stream_token\",\"id\":\"g\",\"token\":\"\\ud83d\\ude00\"}",
			"{\"type\":\"stream_token\",\"id\":\"g\",\"token\":\"caf\u00e9 \u4e16\u754c\"}",
			"{\"type\":\"stream_token\",\"id\":\"x\",\"requestId\":\"g1\",\"token\":\"\"}",
			"{\"type\":\"stream_token\",\"requestId\":\"g1\",\"token\":\"a\"}",
			"  {\n\t\"type\" : \"stream_token\" ,\r\n \"id\" : \"g\", \"token\":\"b\" }  ",
			"{\"type\":\"stream_token\",\"id\":\"g\",\"token\":\"a\",\"timestamp\":\"2026-11-26T08:00:00Z\"}",
			"{\"type\":\"stream_token\",\"id\":\"g\",\"token\":\"a\",\"timestamp\":-0}",
			"{\"type\":\"stream_token\",\"id\":\"a\",\"id\":\"b\",\"token\":\"1\",\"token\":\"2\"}",
			"{\"type\":\"stream_token\",\"id\":\"0123456789abcdef\" ,\"token\":\"a\"}",
			"{\"type\":\"stream_token\",\"id\":\"g\",\"token\":\"\\n\\\"\",\"timestamp\":12,\"requestId\":\"r\"}",
			"{\"type\":\"stream_token\",\"id\":\"g\",\"token\":\"a\",\"timestamp\":12 }" })
	void readsTokenFramesAsTheDecoderDoes(String frame) {
		ServerMessage decoded = this.decoder.decode(frame);
		assertThat(this.reader.read(frame)).as("read on the fast path").isTrue();
		assertThat(this.reader.token()).isEqualTo(decoded.token());
		assertThat(this.reader.correlationId()).isEqualTo(decoded.streamCorrelationId());
		assertThat(this.reader.hasId()).isEqualTo(decoded.id() != null);
		assertThat(this.reader.hasRequestId()).isEqualTo(decoded.requestId() != null);
		Map<String, String> requests = new HashMap<>(Map.of(decoded.streamCorrelationId(), "request", "other", "no"));
		assertThat(requests.get(this.reader.correlationKey())).isEqualTo("request");
		if (decoded.id() != null) {
			assertThat(Map.of(decoded.id(), "by id").get(this.reader.idKey())).isEqualTo("by id");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"type\":\"stream_start\",\"id\":\"g\",\"model\":\"llama2\"}",
			"{\"type\":\"stream_end\",\"id\":\"g\",\"totalTokens\":1}", "{\"type\":\"pong\"}", "{}",
			"{\"type\":\"stream\\u005ftoken\",\"id\":\"g\",\"token\":\"a\"}",
			"{\"type\":\"stream_token\",\"id\":\"g\",\"token\":\"a\",\"type\":\"pong\"}",
			"{\"type\":\"stream_token\",\"id\":\"g\\u0031\",\"token\":\"a\"}",
			"{\"type\":\"stream_token\",\"id\":\"g\",\"requestId\":\"\\u0067\",\"token\":\"a\"}",
			"{\"type\":\"stream_token\",\"id\":7,\"token\":\"a\"}",
			"{\"type\":\"stream_token\",\"id\":null,\"token\":\"a\"}", "{\"type\":\"stream_token\",\"token\":\"a\"}",
			"{\"type\":\"stream_token\",\"id\":\"g\"}", "{\"type\":\"stream_token\",\"id\":\"g\",\"token\":null}",
			"{\"type\":\"stream_token\",\"id\":\"g\",\"token\":5}",
			"{\"type\":\"stream_token\",\"id\":\"g\",\"token\":\"a\",\"timestamp\":1.5}",
			"{\"type\":\"stream_token\",\"id\":\"g\",\"token\":\"a\",\"timestamp\":1e3}",
			"{\"type\":\"stream_token\",\"id\":\"g\",\"token\":\"a\",\"timestamp\":null}",
			"{\"type\":\"stream_token\",\"id\":\"g\",\"token\":\"a\",\"model\":\"llama2\"}",
			"{\"type\":\"stream_token\",\"id\":\"g\",\"token\":\"a\",\"extra\":{\"b\":[1]}}",
			"{\"t\\u0079pe\":\"stream_token\",\"id\":\"g\",\"token\":\"a\"}" })
	void leavesOtherFramesToTheDecoder(String frame) {
		assertThat(this.reader.read(frame)).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"type\":\"stream_token\",\"id\":\"g\",\"token\":\"a\tb\"}",
			"{\"type\":\"stream_token\",\"id\":\"g\",\"token\":\"\\x\"}",
			"{\"type\":\"stream_token\",\"id\":\"g\",\"token\":\"\\u12g4\"}",
			"{\"type\":\"stream_token\",\"id\":\"g\",\"token\":\"a\",}",
			"{\"type\":\"stream_token\",\"id\":\"g\" \"token\":\"a\"}",
			"{\"type\":\"stream_token\",\"id\":\"g\",\"token\":\"a\",\"timestamp\":01}",
			"{\"type\":\"stream_token\",\"id\":\"g\",\"token\":\"a\",\"timestamp\":-}",
			"{\"type\":\"stream_token\",\"id\":\"g\",\"token\":\"a",
			"{\"type\":\"stream_token\",\"id\":\"g\",\"token\":\"a\"",
			"{\"type\":\"stream_token\",\"id\":\"g\",\"token\":\"a\",\"timestamp\":",
			"{\"type\":\"stream_token\",\"id\":\"g\u0001h\",\"token\":\"a\"}",
			"{\"type\":\"stream_token\",\"id\":\"g\",\"token\":\"a\",\"timestamp\":12a}", "[\"stream_token\"]", "",
			// Only whitespace may follow the object.
			"{\"type\":\"stream_token\",\"id\":\"g\",\"token\":\"a\"} trailing",
			"{\"type\":\"stream_token\",\"id\":\"g\",\"token\":\"a\"}\\",
			"{\"type\":\"stream_token\",\"id\":\"g\",\"token\":\"a\"}}",
			"{\"type\":\"stream_token\",\"id\":\"g\",\"token\":\"a\"} {}",
			"{\"type\":\"stream_token\",\"id\":\"g\",\"token\":\"a\"}\u000b", "not json",
			// Unicode digits are no hex digits: Arabic-Indic, fullwidth, in the token or
			// after the fast prefix.
			"{\"type\":\"stream_token\",\"id\":\"g\",\"token\":\"\\u\u0660\u0660\u0664\u0661\"}",
			"{\"token\":\"\\u\uff10\uff10\uff14\uff11\",\"type\":\"stream_token\",\"id\":\"g\"}",
			"{\"type\":\"stream_token\",\"id\":\"g\",\"token\":\"\\u00\u0660\u0660\",\"timestamp\":1}" })
	void leavesInvalidFramesToTheDecoderWhichRejectsThem(String frame) {
		assertThat(this.reader.read(frame)).isFalse();
		assertThat(decodes(frame)).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "\uff41", "\u0966", "\u0a66" })
	void bothPathsRejectEscapesOfNonAsciiCharactersThatJacksonReadsAsHexDigits(String notADigit) {
		// Fullwidth 'a', Devanagari and Gurmukhi zero: Character.digit takes them as hex
		// digits, and Jackson 2.21
		// looks them up by their low byte ('A', 'f'). Both accept this invalid JSON;
		// neither path does.
		String frame = "{\"type\":\"stream_token\",\"id\":\"g\",\"token\":\"\\u00" + notADigit + "1\"}";
		assertThat(this.reader.read(frame)).isFalse();
		assertThat(decodes(frame)).isFalse();
		assertThat(decodes("{\"type\":\"error\",\"error\":\"\\u00" + notADigit + "1\"}")).isFalse();
	}

	@Test
	void takesNoNumberLongerThanTheDecodersLimit() {
		String frame = "{\"type\":\"stream_token\",\"id\":\"g\",\"token\":\"a\",\"timestamp\":%s}";
		String longest = "-" + "9".repeat(StreamReadConstraints.DEFAULT_MAX_NUM_LEN);
		assertThat(this.reader.read(frame.formatted(longest))).isTrue();
		assertThat(decodes(frame.formatted(longest))).isTrue();
		assertThat(this.reader.read(frame.formatted(longest + "9"))).isFalse();
		assertThat(decodes(frame.formatted(longest + "9"))).isFalse();
	}

	@Test
	void takesNoStringLongerThanTheDecodersLimit() {
		int limit = StreamReadConstraints.DEFAULT_MAX_STRING_LEN;
		String longest = "{\"type\":\"stream_token\",\"id\":\"g\",\"token\":\"" + "a".repeat(limit) + "\"}";
		assertThat(this.reader.read(longest)).isTrue();
		assertThat(this.reader.token()).hasSize(limit);
		String tooLong = longest.replace("\"token\":\"", "\"token\":\"a");
		assertThat(this.reader.read(tooLong)).isFalse();
		assertThat(decodes(tooLong)).isFalse();
		String longId = "{\"type\":\"stream_token\",\"id\":\"" + "g".repeat(limit + 1) + "\",\"token\":\"a\"}";
		assertThat(this.reader.read(longId)).isFalse();
		assertThat(decodes(longId)).isFalse();
	}

	@Test
	void appliesTheLimitsOfTheDecodersParser() {
		StreamReadConstraints limits = StreamReadConstraints.builder()
			.maxStringLength(16)
			.maxNumberLength(3)
			.maxDocumentLength(100)
			.build();
		ServerMessageDecoder strict = new ServerMessageDecoder(
				new ObjectMapper(JsonFactory.builder().streamReadConstraints(limits).build()));
		StreamTokenReader reader = strict.newTokenReader();
		String frame = "{\"type\":\"stream_token\",\"id\":\"g\",\"token\":\"%s\",\"timestamp\":%s}";
		assertThat(reader.read(frame.formatted("a".repeat(16), "999"))).isTrue();
		assertThat(strict.decode(frame.formatted("a".repeat(16), "999")).token()).isEqualTo("a".repeat(16));
		for (String refused : new String[] { frame.formatted("a".repeat(17), "1"), frame.formatted("a", "1000"),
				frame.formatted("a", "1") + " ".repeat(100) }) {
			assertThat(reader.read(refused)).as(refused).isFalse();
			assertThatExceptionOfType(MalformedFrameException.class).as(refused)
				.isThrownBy(() -> strict.decode(refused));
		}
		// Unescaped, the token is within the limit: the reader leaves the frame to the
		// decoder, which takes it.
		String escaped = frame.formatted("\\u0061".repeat(4), "1");
		assertThat(reader.read(escaped)).isFalse();
		assertThat(strict.decode(escaped).token()).isEqualTo("aaaa");
	}

	@Test
	void readsNothingWhenTheDecodersParserCountsTokensOrAllowsNoObject() {
		String frame = "{\"type\":\"stream_token\",\"id\":\"g\",\"token\":\"a\"}";
		for (StreamReadConstraints limits : new StreamReadConstraints[] {
				StreamReadConstraints.builder().maxTokenCount(100).build(),
				StreamReadConstraints.builder().maxNestingDepth(0).build() }) {
			assertThat(new StreamTokenReader(limits).read(frame)).isFalse();
		}
		assertThat(new StreamTokenReader(StreamReadConstraints.defaults()).read(frame)).isTrue();
	}

	@Test
	void findsOnlyTheRequestWhoseIdItSpells() {
		// "Aa" and "BB" have the same String.hashCode(): the key must compare the
		// characters too.
		assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());
		Map<String, String> requests = new ConcurrentHashMap<>(Map.of("BB", "other"));
		assertThat(this.reader.read("{\"type\":\"stream_token\",\"id\":\"Aa\",\"token\":\"a\"}")).isTrue();
		assertThat(requests.get(this.reader.correlationKey())).isNull();
		requests.put("Aa", "request");
		assertThat(requests.get(this.reader.correlationKey())).isEqualTo("request");
		assertThat(requests.get(this.reader.correlationKey())).isEqualTo("request");
		assertThat(this.reader.correlationKey()).hasToString("Aa");
	}

	@Test
	void prefersTheRequestIdAndKeepsTheIdForAFallback() {
		assertThat(this.reader.read("{\"type\":\"stream_token\",\"id\":\"g1\",\"requestId\":\"r1\",\"token\":\"a\"}"))
			.isTrue();
		Map<String, String> requests = Map.of("g1", "by id");
		assertThat(requests.get(this.reader.correlationKey())).isNull();
		assertThat(requests.get(this.reader.idKey())).isEqualTo("by id");
	}

	@Test
	void isReusedFromFrameToFrame() {
		assertThat(this.reader.read("{\"type\":\"stream_token\",\"id\":\"g1\",\"requestId\":\"r1\",\"token\":\"a\"}"))
			.isTrue();
		assertThat(this.reader.read("{\"type\":\"pong\"}")).isFalse();
		assertThat(this.reader.read("{\"type\":\"stream_token\",\"id\":\"g2\",\"token\":\"b\"}")).isTrue();
		assertThat(this.reader.hasRequestId()).isFalse();
		assertThat(this.reader.correlationId()).isEqualTo("g2");
		assertThat(this.reader.token()).isEqualTo("b");
	}

	private boolean decodes(String frame) {
		try {
			this.decoder.decode(frame);
			return true;
		}
		catch (MalformedFrameException ex) {
			return false;
		}
	}

}
