package io.github.ollamaws.tools;

import java.util.List;
import java.util.Objects;

/**
 * One turn of a conversation with tools, as
 * {@link ToolCallingProtocol#renderConversation} renders it into the gateway's single
 * prompt. An adapter maps its framework's messages onto these: a user message to
 * {@link User}, an assistant message with text to {@link Assistant}, one with tool calls
 * to {@link ToolCalls}, tool results to {@link ToolResults}. System messages are not
 * turns: they go to the system prompt ({@link ToolCallingProtocol#systemPrompt(String)}).
 */
public sealed interface Turn {

	/**
	 * A user's turn.
	 * @param text what the user said
	 * @return the turn
	 */
	static Turn user(String text) {
		return new User(text);
	}

	/**
	 * An assistant's turn that answered with text.
	 * @param text the answer
	 * @return the turn
	 */
	static Turn assistant(String text) {
		return new Assistant(text);
	}

	/**
	 * An assistant's turn that called tools.
	 * @param calls the calls, at least one
	 * @return the turn
	 */
	static Turn toolCalls(List<ToolCall> calls) {
		return new ToolCalls(calls);
	}

	/**
	 * The results of tools.
	 * @param results the results, at least one
	 * @return the turn
	 */
	static Turn toolResults(List<ToolResult> results) {
		return new ToolResults(results);
	}

	/**
	 * A user's turn.
	 *
	 * @param text what the user said
	 */
	record User(String text) implements Turn {

		/**
		 * Checks the text.
		 * @param text what the user said
		 */
		public User {
			Objects.requireNonNull(text, "text must not be null");
		}

	}

	/**
	 * An assistant's turn that answered with text.
	 *
	 * @param text the answer
	 */
	record Assistant(String text) implements Turn {

		/**
		 * Checks the text.
		 * @param text the answer
		 */
		public Assistant {
			Objects.requireNonNull(text, "text must not be null");
		}

	}

	/**
	 * An assistant's turn that called tools.
	 *
	 * @param calls the calls
	 */
	record ToolCalls(List<ToolCall> calls) implements Turn {

		/**
		 * Checks and copies the calls.
		 * @param calls the calls, at least one
		 */
		public ToolCalls {
			calls = List.copyOf(calls);
			if (calls.isEmpty()) {
				throw new IllegalArgumentException("calls must not be empty");
			}
		}

	}

	/**
	 * The results of tools.
	 *
	 * @param results the results
	 */
	record ToolResults(List<ToolResult> results) implements Turn {

		/**
		 * Checks and copies the results.
		 * @param results the results, at least one
		 */
		public ToolResults {
			results = List.copyOf(results);
			if (results.isEmpty()) {
				throw new IllegalArgumentException("results must not be empty");
			}
		}

	}

}
