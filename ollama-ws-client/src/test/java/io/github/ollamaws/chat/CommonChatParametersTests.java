package io.github.ollamaws.chat;

import java.util.List;
import java.util.Map;

import io.github.ollamaws.core.InvalidRequestException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link CommonChatParameters}.
 */
class CommonChatParametersTests {

	@Test
	void eachParameterUnderOllamasName() {
		assertThat(new CommonChatParameters(0.2, 64, 0.9, 40, List.of("END"), 0.1, 0.3).toGenerationOptions(Map.of())
			.asMap()).containsExactly(Map.entry("temperature", 0.2), Map.entry("num_predict", 64),
					Map.entry("top_p", 0.9), Map.entry("top_k", 40), Map.entry("stop", List.of("END")),
					Map.entry("presence_penalty", 0.1), Map.entry("frequency_penalty", 0.3));
	}

	@Test
	void unsetParametersAreLeftOutAndCommonOnesWinOverOllamaOptions() {
		assertThat(new CommonChatParameters(0.5, null, null, null, List.of(), null, null)
			.toGenerationOptions(Map.of("temperature", 0.9, "num_ctx", 8192))
			.asMap()).containsOnly(Map.entry("temperature", 0.5), Map.entry("num_ctx", 8192));
	}

	@Test
	void anOptionOllamaWouldIgnoreIsRefused() {
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> new CommonChatParameters(null, null, null, null, null, null, null)
				.toGenerationOptions(Map.of("max_tokens", 10)));
	}

}
