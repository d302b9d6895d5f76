package io.github.ollamaws.springai;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.support.ToolCallbacks;
import org.springframework.ai.test.options.AbstractChatOptionsTests;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.annotation.Tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

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

	@Test
	void toolsAndTheirContextCombineAndCopyAsSpringAisOwnOptionsDo() {
		ToolCallback first = ToolCallbacks.from(new Clock())[0];
		ToolCallback second = ToolCallbacks.from(new Calendar())[0];
		OllamaWsChatOptions defaults = OllamaWsChatOptions.builder()
			.toolCallbacks(first)
			.toolContext("tenant", "a")
			.maxToolRounds(3)
			.build();
		OllamaWsChatOptions combined = defaults.mutate()
			.combineWith(ToolCallingChatOptions.builder().toolCallbacks(second).toolContext("user", "b"))
			.build();
		assertThat(combined.getToolCallbacks()).containsExactly(first, second);
		assertThat(combined.getToolContext()).containsEntry("tenant", "a").containsEntry("user", "b");
		assertThat(combined.getMaxToolRounds()).isEqualTo(3);
		assertThat(defaults.mutate().build()).isEqualTo(defaults);
		assertThat(defaults.getToolCallbacks()).containsExactly(first);
		assertThatIllegalArgumentException().isThrownBy(() -> OllamaWsChatOptions.builder().maxToolRounds(-1))
			.withMessageContaining("maxToolRounds");
	}

	@Test
	void toolsAreReplacedTheirContextAddedAndNoRoundAllowed() {
		ToolCallback first = ToolCallbacks.from(new Clock())[0];
		ToolCallback second = ToolCallbacks.from(new Calendar())[0];
		OllamaWsChatOptions options = OllamaWsChatOptions.builder()
			.toolCallbacks(first)
			.toolCallbacks(List.of(second))
			.toolContext(java.util.Map.of("tenant", "a"))
			.toolContext((java.util.Map<String, Object>) null)
			.toolContext(java.util.Map.of("user", "b"))
			.maxToolRounds(0)
			.build();
		assertThat(options.getToolCallbacks()).containsExactly(second);
		assertThat(options.getToolContext()).containsOnlyKeys("tenant", "user");
		assertThat(options.getMaxToolRounds()).isZero();
		assertThat(options).isEqualTo(options.mutate().build()).hasSameHashCodeAs(options.mutate().build());
	}

	static final class Clock {

		@Tool(description = "The time")
		String now() {
			return "noon";
		}

	}

	static final class Calendar {

		@Tool(description = "The date")
		String today() {
			return "Monday";
		}

	}

}
