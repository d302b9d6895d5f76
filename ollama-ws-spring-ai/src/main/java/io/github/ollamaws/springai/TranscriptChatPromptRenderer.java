package io.github.ollamaws.springai;

import java.util.List;

import io.github.ollamaws.chat.ChatTurn;
import io.github.ollamaws.chat.ConversationRenderer;
import io.github.ollamaws.chat.TranscriptConversationRenderer;

import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.MessageType;

/**
 * The default {@link ChatPromptRenderer}: a single user message is the prompt as it is; a
 * longer conversation (chat memory, a history given by hand) is a transcript, one turn
 * per paragraph, each prefixed with who spoke, ending with the latest turn:
 *
 * <pre>
 * User: What is the capital of France?
 *
 * Assistant: Paris.
 *
 * User: And of Italy?
 * </pre>
 *
 * The model's own prompt template still wraps the whole, so the model answers the last
 * turn with the earlier ones as context. The rendering is the client's
 * {@link TranscriptConversationRenderer}, which the LangChain4j adapter uses too.
 */
public class TranscriptChatPromptRenderer implements ChatPromptRenderer {

	private static final ConversationRenderer TRANSCRIPT = ConversationRenderer.transcript();

	@Override
	public String render(List<Message> conversation) {
		return TRANSCRIPT.render(conversation.stream().map(TranscriptChatPromptRenderer::turn).toList());
	}

	/**
	 * A message as a turn; an assistant message may have no text (Spring AI allows it).
	 * @param message a user or assistant message
	 * @return the turn
	 */
	private static ChatTurn turn(Message message) {
		return (message.getMessageType() == MessageType.ASSISTANT) ? ChatTurn.assistant(message.getText())
				: ChatTurn.user(message.getText());
	}

}
