package io.github.ollamaws.tools;

import java.util.Objects;

/**
 * What a tool returned, to be shown to the model in the next prompt.
 *
 * @param callId the id of the {@link ToolCall} this answers
 * @param name the tool's name
 * @param text the result as text (a tool that failed: the error text its framework chose
 * to send back)
 */
public record ToolResult(String callId, String name, String text) {

	/**
	 * Checks the parts.
	 * @param callId the call's id
	 * @param name the tool's name
	 * @param text the result
	 */
	public ToolResult {
		Objects.requireNonNull(callId, "callId must not be null");
		Objects.requireNonNull(name, "name must not be null");
		Objects.requireNonNull(text, "text must not be null");
	}

	@Override
	public String toString() {
		return "ToolResult[callId=" + this.callId + ", name=" + this.name + "]";
	}

}
