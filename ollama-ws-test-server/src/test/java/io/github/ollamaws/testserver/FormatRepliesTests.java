package io.github.ollamaws.testserver;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class FormatRepliesTests {

	private static final Map<String, Object> ANSWER_ONLY = Map.of("type", "object", "properties",
			Map.of("answer", Map.of("type", "string")), "required", java.util.List.of("answer"), "additionalProperties",
			false);

	@Test
	void aReplyThatFitsTheFormatStreamsInSmallPiecesWithoutSplittingCharacters() {
		GenerationRequest request = new GenerationRequest("g1", "m", "p", Map.of("format", ANSWER_ONLY));
		assertThat(FormatReplies.tokens(request, "{\"answer\":\"😀\\u00e9\"}")).containsExactly("{\"a", "nsw", "er\"",
				":\"😀", "\\u0", "0e9", "\"}");
	}

	@Test
	void aReplyTheFormatForbidsFailsAsARealGrammarNeverWritesIt() {
		GenerationRequest request = new GenerationRequest("g1", "m", "p", Map.of("format", ANSWER_ONLY));
		assertThatExceptionOfType(FormatReplies.MismatchException.class)
			.isThrownBy(() -> FormatReplies.tokens(request, "{\"tool_calls\":[]}"))
			.withMessageContaining("breaks the request's format");
		assertThatExceptionOfType(FormatReplies.MismatchException.class)
			.isThrownBy(() -> FormatReplies.tokens(request, "Sunny"))
			.withMessageContaining("not JSON");
	}

	@Test
	void withoutASchemaTheReplyIsSentAsItIs() {
		GenerationRequest request = new GenerationRequest("g1", "m", "p", Map.of());
		assertThat(String.join("", FormatReplies.tokens(request, "plain text"))).isEqualTo("plain text");
	}

}
