package io.github.ollamaws.springai;

import java.util.List;
import java.util.stream.Collectors;

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
 * turn with the earlier ones as context.
 */
public class TranscriptChatPromptRenderer implements ChatPromptRenderer {

	@Override
	public String render(List<Message> conversation) {
		if (conversation.size() == 1 && conversation.get(0).getMessageType() == MessageType.USER) {
			return text(conversation.get(0));
		}
		return conversation.stream()
			.map((message) -> speaker(message.getMessageType()) + ": " + text(message))
			.collect(Collectors.joining("\n\n"));
	}

	/**
	 * A message's text; an assistant message may have none (Spring AI allows it).
	 * @param message the message
	 * @return its text, or the empty string when it has none
	 */
	private static String text(Message message) {
		String text = message.getText();
		return (text != null) ? text : "";
	}

	private static String speaker(MessageType type) {
		return (type == MessageType.ASSISTANT) ? "Assistant" : "User";
	}

}
