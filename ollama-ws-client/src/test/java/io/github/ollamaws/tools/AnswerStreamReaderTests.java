package io.github.ollamaws.tools;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AnswerStreamReaderTests {

	@Test
	void handsOutOnlyTheDecodedAnswerAsItArrives() {
		AnswerStreamReader reader = new AnswerStreamReader();
		assertThat(reader.next(" {\"ans")).isEmpty();
		assertThat(reader.next("wer\" : \"Hel")).isEqualTo("Hel");
		assertThat(reader.isAnswer()).isTrue();
		assertThat(reader.next("lo, \\\"you\\\"")).isEqualTo("lo, \"you\"");
		assertThat(reader.next("\\n\"}")).isEqualTo("\n");
		assertThat(reader.next("  ")).isEmpty();
		assertThat(reader.rawText()).isEqualTo(" {\"answer\" : \"Hello, \\\"you\\\"\\n\"}  ");
	}

	@Test
	void anEscapeSplitAcrossTokensIsHeldUntilComplete() {
		AnswerStreamReader reader = new AnswerStreamReader();
		reader.next("{\"answer\":\"a");
		assertThat(reader.next("\\")).isEmpty();
		assertThat(reader.next("t")).isEqualTo("\t");
		assertThat(reader.next("\\u00")).isEmpty();
		assertThat(reader.next("e9b")).isEqualTo("éb");
	}

	@Test
	void aSurrogatePairIsNeverSplitBetweenPieces() {
		// U+1F600 as two \\u escapes, split in the middle of each.
		List<String> pieces = feed("{\"answer\":\"x\\uD8", "3D\\u", "DE00y\"}");
		assertThat(pieces).containsExactly("x", "", "\uD83D\uDE00y");
		assertThat(String.join("", pieces)).isEqualTo("x😀y");
	}

	@Test
	void aRawSurrogatePairSplitAcrossTokensIsKeptTogether() {
		List<String> pieces = feed("{\"answer\":\"a\uD83D", "\uDE00\"}");
		assertThat(pieces).containsExactly("a", "😀");
	}

	@Test
	void everyTokenSplitGivesTheSameText() {
		String reply = "{\"answer\":\"caf\\u00e9 \\\\ \\/ \\ud83d\\ude00 \\b\\f\\r end\"}";
		String expected = "café \\ / 😀 \b\f\r end";
		for (int size = 1; size <= 7; size++) {
			AnswerStreamReader reader = new AnswerStreamReader();
			StringBuilder text = new StringBuilder();
			for (int i = 0; i < reply.length(); i += size) {
				String piece = reader.next(reply.substring(i, Math.min(reply.length(), i + size)));
				assertThat(piece).doesNotContain("\"").doesNotContain("{").doesNotContain("\\u");
				if (!piece.isEmpty()) {
					assertThat(Character.isHighSurrogate(piece.charAt(piece.length() - 1))).isFalse();
				}
				text.append(piece);
			}
			assertThat(text).hasToString(expected);
		}
	}

	@Test
	void aToolCallingReplyYieldsNoText() {
		AnswerStreamReader reader = new AnswerStreamReader();
		assertThat(reader.next("{\"tool_calls\":[{\"name\":\"a\",\"arguments\":{\"answer\":\"no\"}}]}")).isEmpty();
		assertThat(reader.isToolCalls()).isTrue();
		assertThat(reader.isAnswer()).isFalse();
	}

	@Test
	void somethingElseYieldsNoText() {
		AnswerStreamReader reader = new AnswerStreamReader();
		assertThat(reader.next("Sure! {\"answer\":\"x\"}")).isEmpty();
		assertThat(reader.isAnswer()).isFalse();
		assertThat(reader.isToolCalls()).isFalse();
	}

	@Test
	void aLoneHighSurrogateIsHandedOutWhenTheNextCharacterCannotCompleteIt() {
		// Two high surrogates in a row: the first is lone, the second waits for its low
		// half.
		List<String> pieces = feed("{\"answer\":\"a\\uD83D\\uD83D", "\\uDE00b\"}");
		assertThat(pieces).containsExactly("a\uD83D", "\uD83D\uDE00b");
	}

	@Test
	void aHighSurrogateLeftAtTheEndOfTheAnswerIsHandedOutWhenTheAnswerCloses() {
		List<String> pieces = feed("{\"answer\":\"a\\uD83D", "\"}");
		assertThat(pieces).containsExactly("a", "\uD83D");
	}

	private static List<String> feed(String... tokens) {
		AnswerStreamReader reader = new AnswerStreamReader();
		List<String> pieces = new ArrayList<>();
		for (String token : tokens) {
			pieces.add(reader.next(token));
		}
		return pieces;
	}

}
