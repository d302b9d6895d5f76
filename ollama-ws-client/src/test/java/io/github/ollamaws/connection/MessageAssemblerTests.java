package io.github.ollamaws.connection;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link MessageAssembler}: parts are joined into the whole message, the limit
 * counts UTF-8 bytes (multi-byte characters included, at the limit exactly), a message
 * over the limit is refused whether it came whole or in parts, and every message starts
 * afresh.
 */
class MessageAssemblerTests {

	/** 2 bytes in UTF-8. */
	private static final String E_ACUTE = "\u00e9";

	/** 3 bytes in UTF-8. */
	private static final String EURO = "\u20ac";

	/** 4 bytes in UTF-8, 2 Java characters. */
	private static final String GRINNING_FACE = "\uD83D\uDE00";

	@Test
	void aWholeMessageIsHandedBackAsItIs() throws Exception {
		MessageAssembler assembler = new MessageAssembler(100);
		String message = "{\"type\":\"stream_token\",\"id\":\"g\",\"token\":\"t\"}";
		assertThat(assembler.add(message, true)).isSameAs(message);
		assertThat(assembler.isAssembling()).isFalse();
	}

	@Test
	void partsAreJoinedInOrderOnceTheLastArrives() throws Exception {
		MessageAssembler assembler = new MessageAssembler(100);
		assertThat(assembler.add("{\"type\":", false)).isNull();
		assertThat(assembler.isAssembling()).isTrue();
		assertThat(assembler.add("\"pong\",", false)).isNull();
		assertThat(assembler.add("\"id\":\"p\"}", true)).isEqualTo("{\"type\":\"pong\",\"id\":\"p\"}");
		assertThat(assembler.isAssembling()).isFalse();
	}

	@Test
	void theNextMessageStartsAfreshAfterAMessageInParts() throws Exception {
		MessageAssembler assembler = new MessageAssembler(10);
		assertThat(assembler.add("12345", false)).isNull();
		assertThat(assembler.add("67890", true)).isEqualTo("1234567890");
		// The limit counts this message only: 10 bytes again fit.
		assertThat(assembler.add("abcde", false)).isNull();
		assertThat(assembler.add("fghij", true)).isEqualTo("abcdefghij");
		assertThat(assembler.add("whole", true)).isEqualTo("whole");
	}

	@Test
	void aMessageInPartsOfExactlyTheLimitIsAccepted() throws Exception {
		MessageAssembler assembler = new MessageAssembler(10);
		assertThat(assembler.add("12345", false)).isNull();
		assertThat(assembler.add("6789", false)).isNull();
		assertThat(assembler.add("0", true)).isEqualTo("1234567890");
	}

	@Test
	void aMessageInPartsOneByteOverTheLimitIsRefused() throws Exception {
		MessageAssembler assembler = new MessageAssembler(10);
		assertThat(assembler.add("12345", false)).isNull();
		assertThatExceptionOfType(MessageAssembler.TooLargeException.class)
			.isThrownBy(() -> assembler.add("678901", true))
			.satisfies((ex) -> assertThat(ex.size()).isEqualTo(11));
		assertThat(assembler.isAssembling()).isFalse();
	}

	@Test
	void aRefusedMessageInPartsIsRefusedAtThePartThatExceedsTheLimit() throws Exception {
		MessageAssembler assembler = new MessageAssembler(10);
		assertThat(assembler.add("123456", false)).isNull();
		assertThatExceptionOfType(MessageAssembler.TooLargeException.class)
			.isThrownBy(() -> assembler.add("78901", false));
		// Its parts are dropped: what follows is a new message.
		assertThat(assembler.isAssembling()).isFalse();
		assertThat(assembler.add("next", true)).isEqualTo("next");
	}

	@Test
	void multiByteCharactersCountAsTheirUtf8Bytes() throws Exception {
		// 2 + 3 + 4 + 1 = 10 bytes in 5 characters.
		String message = E_ACUTE + EURO + GRINNING_FACE + "x";
		assertThat(message.getBytes(StandardCharsets.UTF_8)).hasSize(10);
		assertThat(new MessageAssembler(10).add(message, true)).isEqualTo(message);
		assertThatExceptionOfType(MessageAssembler.TooLargeException.class)
			.isThrownBy(() -> new MessageAssembler(9).add(message, true))
			.satisfies((ex) -> assertThat(ex.size()).isEqualTo(10));
	}

	@Test
	void aMultiByteCharacterThatEndsAtTheLimitFitsAndOneThatCrossesItDoesNot() throws Exception {
		// 9 single bytes then a 3-byte character: 12 bytes in 10 characters.
		String crossing = "123456789" + EURO;
		assertThatExceptionOfType(MessageAssembler.TooLargeException.class)
			.isThrownBy(() -> new MessageAssembler(11).add(crossing, true))
			.satisfies((ex) -> assertThat(ex.size()).isEqualTo(12));
		assertThat(new MessageAssembler(12).add(crossing, true)).isEqualTo(crossing);
	}

	@Test
	void multiByteCharactersAtTheLimitInParts() throws Exception {
		// The last part's 4-byte character ends exactly at the limit of 12 bytes.
		MessageAssembler assembler = new MessageAssembler(12);
		assertThat(assembler.add(EURO + EURO, false)).isNull();
		assertThat(assembler.add("12" + GRINNING_FACE, true)).isEqualTo(EURO + EURO + "12" + GRINNING_FACE);
		// One byte more is refused.
		MessageAssembler smaller = new MessageAssembler(11);
		assertThat(smaller.add(EURO + EURO, false)).isNull();
		assertThatExceptionOfType(MessageAssembler.TooLargeException.class)
			.isThrownBy(() -> smaller.add("12" + GRINNING_FACE, true))
			.satisfies((ex) -> assertThat(ex.size()).isEqualTo(12));
	}

	@Test
	void aWholeMessageOfFewCharactersButManyBytesIsStillCounted() throws Exception {
		// 4 characters of 3 bytes: more than a third of the limit of 9 in characters, 12
		// bytes.
		String message = EURO + EURO + EURO + EURO;
		assertThatExceptionOfType(MessageAssembler.TooLargeException.class)
			.isThrownBy(() -> new MessageAssembler(9).add(message, true));
		// 3 such characters fit exactly.
		assertThat(new MessageAssembler(9).add(EURO + EURO + EURO, true)).isEqualTo(EURO + EURO + EURO);
	}

	@Test
	void aWholeMessageOverTheLimitInSingleBytesIsRefused() {
		String message = "x".repeat(101);
		assertThatExceptionOfType(MessageAssembler.TooLargeException.class)
			.isThrownBy(() -> new MessageAssembler(100).add(message, true))
			.satisfies((ex) -> assertThat(ex.size()).isEqualTo(101));
	}

}
