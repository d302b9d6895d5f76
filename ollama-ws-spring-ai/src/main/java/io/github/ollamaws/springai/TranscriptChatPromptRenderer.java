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
	@SuppressWarnings("NullAway") // Spring AI's user messages have text
	public String render(List<Message> conversation) {
		if (conversation.size() == 1 && conversation.get(0).getMessageType() == MessageType.USER) {
			return conversation.get(0).getText();
		}
		return conversation.stream()
			.map((message) -> speaker(message.getMessageType()) + ": " + message.getText())
			.collect(Collectors.joining("\n\n"));
	}

	private static String speaker(MessageType type) {
		return (type == MessageType.ASSISTANT) ? "Assistant" : "User";
	}

}
