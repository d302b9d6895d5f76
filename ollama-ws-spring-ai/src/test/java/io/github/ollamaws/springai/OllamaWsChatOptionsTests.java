package io.github.ollamaws.springai;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.test.options.AbstractChatOptionsTests;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link OllamaWsChatOptions} against Spring AI's own tests of chat options, and its own
 * merging.
 */
class OllamaWsChatOptionsTests extends AbstractChatOptionsTests<OllamaWsChatOptions, OllamaWsChatOptions.Builder> {

	@Override
	protected Class<OllamaWsChatOptions> getConcreteOptionsClass() {
		return OllamaWsChatOptions.class;
	}

	@Override
	protected OllamaWsChatOptions.Builder readyToBuildBuilder() {
		return OllamaWsChatOptions.builder()
			.model("llama3")
			.temperature(0.2)
			.maxTokens(64)
			.keepAlive(Duration.ofMinutes(5))
			.ollamaOption("num_ctx", 4096);
	}

	@Test
	void mutateKeepsEveryOption() {
		OllamaWsChatOptions options = OllamaWsChatOptions.builder()
			.model("llama3")
			.temperature(0.2)
			.maxTokens(64)
			.topP(0.9)
			.topK(40)
			.stopSequences(List.of("END"))
			.presencePenalty(0.1)
			.frequencyPenalty(0.3)
			.outputSchema("{\"type\":\"object\"}")
			.jsonMode(true)
			.keepAlive(Duration.ofMinutes(5))
			.think("high")
			.ollamaOption("num_ctx", 4096)
			.build();
		assertThat(options.mutate().build()).isEqualTo(options).isNotSameAs(options);
		assertThat(options.mutate().temperature(0.9).build()).isNotEqualTo(options);
	}

	@Test
	void combineWithTakesTheOthersSetValues() {
		OllamaWsChatOptions defaults = OllamaWsChatOptions.builder()
			.model("llama3")
			.temperature(0.5)
			.keepAlive(Duration.ofMinutes(5))
			.ollamaOption("num_ctx", 4096)
			.build();
		OllamaWsChatOptions merged = defaults.mutate()
			.combineWith(OllamaWsChatOptions.builder().temperature(0.1).ollamaOption("seed", 7))
			.build();
		assertThat(merged.getModel()).isEqualTo("llama3");
		assertThat(merged.getTemperature()).isEqualTo(0.1);
		assertThat(merged.getKeepAlive()).isEqualTo(Duration.ofMinutes(5));
		assertThat(merged.getOllamaOptions()).containsEntry("num_ctx", 4096).containsEntry("seed", 7);
		OllamaWsChatOptions portable = defaults.mutate()
			.combineWith(ChatOptions.builder().maxTokens(32).temperature(0.7))
			.build();
		assertThat(portable.getMaxTokens()).isEqualTo(32);
		assertThat(portable.getTemperature()).isEqualTo(0.7);
		assertThat(portable.getKeepAlive()).isEqualTo(Duration.ofMinutes(5));
	}

}
