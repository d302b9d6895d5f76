package io.github.ollamaws.tools;

import io.github.ollamaws.core.OllamaWsException;
import org.jspecify.annotations.Nullable;

/**
 * A reply under the tool-calling format that cannot be used: not JSON, JSON of another
 * shape than the format asks for (for example cut short by the token limit), or a call of
 * a tool that was not offered. Not retried: the raw reply is kept for the caller to log
 * or to retry with (see {@link ToolCallingProtocol}).
 */
public class ToolReplyException extends OllamaWsException {

	private static final long serialVersionUID = 1L;

	private final Problem problem;

	private final String rawText;

	private final @Nullable String toolName;

	/**
	 * Creates the exception.
	 * @param problem what is wrong
	 * @param message the message, which never quotes argument values
	 * @param rawText the reply as the model wrote it
	 * @param toolName the unknown tool's name, for {@link Problem#UNKNOWN_TOOL}
	 * @param cause the parser's exception, if any
	 */
	public ToolReplyException(Problem problem, String message, String rawText, @Nullable String toolName,
			@Nullable Throwable cause) {
		super(message, cause);
		this.problem = problem;
		this.rawText = rawText;
		this.toolName = toolName;
	}

	/**
	 * What is wrong with the reply.
	 * @return the problem
	 */
	public Problem problem() {
		return this.problem;
	}

	/**
	 * The reply as the model wrote it.
	 * @return the raw text
	 */
	public String rawText() {
		return this.rawText;
	}

	/**
	 * The name of the tool the model called that was not offered.
	 * @return the name, or {@code null} unless the problem is
	 * {@link Problem#UNKNOWN_TOOL}
	 */
	public @Nullable String toolName() {
		return this.toolName;
	}

	/**
	 * What can be wrong with a reply.
	 */
	public enum Problem {

		/**
		 * Not JSON, or JSON that breaks the tool-calling schema (a missing or extra
		 * field, arguments of the wrong shape, a reply cut short).
		 */
		MALFORMED,

		/**
		 * A call of a tool that was not offered.
		 */
		UNKNOWN_TOOL

	}

}
