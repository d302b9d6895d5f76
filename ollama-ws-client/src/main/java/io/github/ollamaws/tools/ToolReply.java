package io.github.ollamaws.tools;

import java.util.List;
import java.util.Objects;

/**
 * A model's reply under the tool-calling format, parsed: either a final {@link Answer} or
 * {@link ToolCalls}.
 */
public sealed interface ToolReply {

	/**
	 * The reply as the model wrote it (JSON).
	 * @return the raw text
	 */
	String rawText();

	/**
	 * A final answer.
	 *
	 * @param text the answer's text, decoded
	 * @param rawText the reply as the model wrote it
	 */
	record Answer(String text, String rawText) implements ToolReply {

		/**
		 * Checks the parts.
		 * @param text the answer's text
		 * @param rawText the raw reply
		 */
		public Answer {
			Objects.requireNonNull(text, "text must not be null");
			Objects.requireNonNull(rawText, "rawText must not be null");
		}

	}

	/**
	 * Calls of one or more tools: run them and send their results back.
	 *
	 * @param calls the calls, in the model's order
	 * @param rawText the reply as the model wrote it
	 */
	record ToolCalls(List<ToolCall> calls, String rawText) implements ToolReply {

		/**
		 * Checks and copies the parts.
		 * @param calls the calls, at least one
		 * @param rawText the raw reply
		 */
		public ToolCalls {
			calls = List.copyOf(calls);
			Objects.requireNonNull(rawText, "rawText must not be null");
		}

		@Override
		public String toString() {
			return "ToolCalls[" + this.calls + "]";
		}

	}

}
