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
 * turn with the earlier ones as context. This class is the one definition of the
 * transcript: the tool-calling protocol
 * ({@link io.github.ollamaws.tools.ToolCallingProtocol#renderConversation}) writes its
 * turns with {@link #paragraph(ChatTurn)} and {@link #TURN_SEPARATOR} and adds its tool
 * results as paragraphs of their own. Stateless and thread-safe.
 */
public final class TranscriptConversationRenderer implements ConversationRenderer {

	/** What separates two turns of a transcript: a blank line. */
	public static final String TURN_SEPARATOR = "\n\n";

	static final TranscriptConversationRenderer INSTANCE = new TranscriptConversationRenderer();

	@Override
	public String render(List<ChatTurn> conversation) {
		if (conversation.size() == 1 && conversation.get(0).speaker() == ChatTurn.Speaker.USER) {
			return conversation.get(0).text();
		}
		return conversation.stream()
			.map(TranscriptConversationRenderer::paragraph)
			.collect(Collectors.joining(TURN_SEPARATOR));
	}

	/**
	 * One turn as a paragraph of a transcript: who spoke, then what was said
	 * ({@code User: What is the capital of France?}).
	 * @param turn the turn
	 * @return the paragraph
	 */
	public static String paragraph(ChatTurn turn) {
		return speaker(turn.speaker()) + ": " + turn.text();
	}

	private static String speaker(ChatTurn.Speaker speaker) {
		return (speaker == ChatTurn.Speaker.ASSISTANT) ? "Assistant" : "User";
	}

}
