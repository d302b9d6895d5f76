package io.github.ollamaws.protocol;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Utf8#length}: the size a frame takes on the wire, counted at the
 * boundaries of each UTF-8 length and against Java's own encoder.
 */
class Utf8Tests {

	@Test
	void eachCharacterTakesTheBytesOfItsRange() {
		assertThat(Utf8.length("")).isZero();
		assertThat(Utf8.length("\u0000")).isEqualTo(1);
		assertThat(Utf8.length("\u007f")).isEqualTo(1);
		assertThat(Utf8.length("\u0080")).isEqualTo(2);
		assertThat(Utf8.length("\u07ff")).isEqualTo(2);
		assertThat(Utf8.length("\u0800")).isEqualTo(3);
		assertThat(Utf8.length("\uffff")).isEqualTo(3);
		assertThat(Utf8.length("\ud83d\ude00")).isEqualTo(4);
		assertThat(Utf8.length("aé€😀")).isEqualTo(1 + 2 + 3 + 4);
	}

	@Test
	void aLoneSurrogateCountsAsTheOneByteJavaWritesForIt() {
		for (String text : List.of("\ud83d", "\ude00", "a\ud83d", "\ud83da", "\ude00\ud83d", "\ud83d\ud83d\ude00",
				"x\ude00\ude00y")) {
			assertThat(Utf8.length(text)).as(text).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
		}
		assertThat(Utf8.length("\ud83d")).isEqualTo(1);
		assertThat(Utf8.length("\ud83d\ud83d\ude00")).isEqualTo(1 + 4);
	}

	@Test
	void agreesWithJavasEncoderOnMixedText() {
		StringBuilder text = new StringBuilder();
		for (int codePoint = 0; codePoint < 0x11000; codePoint += 7) {
			if (codePoint < Character.MIN_SURROGATE || codePoint > Character.MAX_SURROGATE) {
				text.appendCodePoint(codePoint);
			}
		}
		text.append("\ud83d\ude00".repeat(3));
		assertThat(Utf8.length(text)).isEqualTo(text.toString().getBytes(StandardCharsets.UTF_8).length);
	}

}
