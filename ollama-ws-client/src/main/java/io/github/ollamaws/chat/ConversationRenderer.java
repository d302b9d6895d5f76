package io.github.ollamaws.chat;

import java.util.List;

/**
 * Turns a conversation into the single prompt of the gateway's {@code generate}, which
 * has no list of messages: Ollama's {@code /api/generate} takes one prompt (and one
 * system prompt, which the chat-model adapters fill from the system messages).
 *
 * <pre>{@code
 * String prompt = ConversationRenderer.transcript()
 *     .render(List.of(ChatTurn.user("Capital of France?"), ChatTurn.assistant("Paris."), ChatTurn.user("And of Italy?")));
 * }</pre>
 */
@FunctionalInterface
public interface ConversationRenderer {

	/**
	 * Renders the turns of a conversation, oldest first, as one prompt.
	 * @param conversation the turns; the last is usually the user's question
	 * @return the prompt
	 */
	String render(List<ChatTurn> conversation);

	/**
	 * The default renderer: a transcript, see {@link TranscriptConversationRenderer}.
	 * @return the transcript renderer
	 */
	static ConversationRenderer transcript() {
		return TranscriptConversationRenderer.INSTANCE;
	}

}
