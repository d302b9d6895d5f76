package io.github.ollamaws.springai;

import java.util.List;

import org.springframework.ai.chat.messages.Message;

/**
 * Turns a conversation into the single prompt of the gateway's {@code generate}, which
 * has no list of messages: Ollama's {@code /api/generate} takes one prompt (and one
 * system prompt, which {@link OllamaWsChatModel} fills from the system messages). Define
 * a bean of this type to render the history your way; the default is
 * {@link TranscriptChatPromptRenderer}.
 */
@FunctionalInterface
public interface ChatPromptRenderer {

	/**
	 * Renders the user and assistant messages of a conversation, oldest first, as one
	 * prompt.
	 * @param conversation the messages, without system messages; the last is usually the
	 * user's question
	 * @return the prompt, not empty
	 */
	String render(List<Message> conversation);

}
