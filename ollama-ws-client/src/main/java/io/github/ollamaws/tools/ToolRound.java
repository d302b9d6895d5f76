package io.github.ollamaws.tools;

import java.util.List;
import java.util.Objects;

import io.github.ollamaws.core.ResponseFormat;
import org.jspecify.annotations.Nullable;

/**
 * One generation of a conversation with tools, under a limit on the rounds of tool calls
 * per user turn: the prompt, the system prompt and the format to send. Below the limit
 * the model may call tools ({@link ToolCallingProtocol#format()}); at the limit it is
 * offered none and must answer ({@link ToolCallingProtocol#answerOnlyFormat()}, with a
 * system prompt that says so). The rounds are counted from the conversation
 * ({@link ToolCallingProtocol#toolRounds(List)}), so the limit holds for a framework's
 * loop and for one of the caller's own.
 *
 * <pre>{@code
 * ToolRound round = protocol.round(turns, 5);
 * GenerateRequest request = GenerateRequest.builder(round.prompt())
 *     .system(round.systemPrompt(null))
 *     .format(round.format())
 *     .build();
 * }</pre>
 *
 * Immutable.
 */
public final class ToolRound {

	private final ToolCallingProtocol protocol;

	private final List<Turn> turns;

	private final boolean toolsAllowed;

	ToolRound(ToolCallingProtocol protocol, List<Turn> turns, int maxRounds) {
		if (maxRounds < 0) {
			throw new IllegalArgumentException("maxRounds must be at least 0, not " + maxRounds);
		}
		this.protocol = Objects.requireNonNull(protocol, "protocol must not be null");
		this.turns = List.copyOf(turns);
		this.toolsAllowed = ToolCallingProtocol.toolRounds(this.turns) < maxRounds;
	}

	/**
	 * The protocol, to parse the reply with.
	 * @return the protocol
	 */
	public ToolCallingProtocol protocol() {
		return this.protocol;
	}

	/**
	 * Whether this round may call tools: the conversation has had fewer rounds than the
	 * limit since its last user turn.
	 * @return whether the model is offered the tools
	 */
	public boolean toolsAllowed() {
		return this.toolsAllowed;
	}

	/**
	 * The prompt: the conversation rendered
	 * ({@link ToolCallingProtocol#renderConversation(List)}).
	 * @return the prompt
	 */
	public String prompt() {
		return this.protocol.renderConversation(this.turns);
	}

	/**
	 * The system prompt: the application's, then the tools and the protocol, or at the
	 * limit the instruction to answer.
	 * @param system the application's own system prompt, or {@code null}
	 * @return the system prompt
	 */
	public String systemPrompt(@Nullable String system) {
		return this.protocol.systemPrompt(system, this.toolsAllowed);
	}

	/**
	 * Ollama's {@code format}: an answer or tool calls, or at the limit an answer only.
	 * @return the format
	 */
	public ResponseFormat format() {
		return this.toolsAllowed ? this.protocol.format() : ToolCallingProtocol.answerOnlyFormat();
	}

}
