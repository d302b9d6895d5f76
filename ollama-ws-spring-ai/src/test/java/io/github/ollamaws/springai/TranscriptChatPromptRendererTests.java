package io.github.ollamaws.springai;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.UserMessage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TranscriptChatPromptRenderer}.
 */
class TranscriptChatPromptRendererTests {

	private final TranscriptChatPromptRenderer renderer = new TranscriptChatPromptRenderer();

	@Test
	void aSingleUserMessageIsThePromptItself() {
		assertThat(this.renderer.render(List.of(new UserMessage("Hi")))).isEqualTo("Hi");
	}

	@Test
	void historyIsATranscriptOfTurns() {
		assertThat(this.renderer.render(List.of(new UserMessage("Capital of France?"), new AssistantMessage("Paris."),
				new UserMessage("And of Italy?"))))
			.isEqualTo("User: Capital of France?\n\nAssistant: Paris.\n\nUser: And of Italy?");
	}

	@Test
	void anAssistantTurnWithoutTextIsRenderedEmptyNotAsNull() {
		AssistantMessage empty = AssistantMessage.builder().build();
		assertThat(this.renderer.render(List.of(new UserMessage("Hi"), empty, new UserMessage("Still there?"))))
			.isEqualTo("User: Hi\n\nAssistant: \n\nUser: Still there?");
	}

}
