package io.github.ollamaws.chat;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The default {@link ConversationRenderer}: a single user turn is the prompt as it is; a
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
 * turn with the earlier ones as context. Stateless and thread-safe.
 */
public final class TranscriptConversationRenderer implements ConversationRenderer {

	static final TranscriptConversationRenderer INSTANCE = new TranscriptConversationRenderer();

	@Override
	public String render(List<ChatTurn> conversation) {
		if (conversation.size() == 1 && conversation.get(0).speaker() == ChatTurn.Speaker.USER) {
			return conversation.get(0).text();
		}
		return conversation.stream()
			.map((turn) -> speaker(turn.speaker()) + ": " + turn.text())
			.collect(Collectors.joining("\n\n"));
	}

	private static String speaker(ChatTurn.Speaker speaker) {
		return (speaker == ChatTurn.Speaker.ASSISTANT) ? "Assistant" : "User";
	}

}
