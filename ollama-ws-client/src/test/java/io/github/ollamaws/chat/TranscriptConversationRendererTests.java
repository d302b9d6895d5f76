package io.github.ollamaws.chat;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TranscriptConversationRenderer}.
 */
class TranscriptConversationRendererTests {

	private final ConversationRenderer renderer = ConversationRenderer.transcript();

	@Test
	void aSingleUserTurnIsThePromptItself() {
		assertThat(this.renderer.render(List.of(ChatTurn.user("Hi")))).isEqualTo("Hi");
	}

	@Test
	void aSingleAssistantTurnIsStillATranscript() {
		assertThat(this.renderer.render(List.of(ChatTurn.assistant("Hello")))).isEqualTo("Assistant: Hello");
	}

	@Test
	void historyIsATranscriptOfTurns() {
		assertThat(this.renderer.render(List.of(ChatTurn.user("Capital of France?"), ChatTurn.assistant("Paris."),
				ChatTurn.user("And of Italy?"))))
			.isEqualTo("User: Capital of France?\n\nAssistant: Paris.\n\nUser: And of Italy?");
	}

	@Test
	void aTurnWithoutTextIsRenderedEmptyNotAsNull() {
		assertThat(this.renderer
			.render(List.of(ChatTurn.user("Hi"), ChatTurn.assistant(null), ChatTurn.user("Still there?"))))
			.isEqualTo("User: Hi\n\nAssistant: \n\nUser: Still there?");
	}

}
