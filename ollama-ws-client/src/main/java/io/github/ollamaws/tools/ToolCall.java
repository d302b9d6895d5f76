package io.github.ollamaws.tools;

import java.util.Objects;

/**
 * A call of a tool, as the model asked for it.
 *
 * @param id an id for this call, unique within the conversation, so that its result can
 * be matched to it (the model does not write ids:
 * {@link ToolCallingProtocol#parse(String)} makes them)
 * @param name the tool's name, one of the offered tools
 * @param arguments the arguments as JSON text (an object following the tool's input
 * schema), as Spring AI's and LangChain4j's tool calls carry them
 */
public record ToolCall(String id, String name, String arguments) {

	/**
	 * Checks the parts.
	 * @param id the call's id
	 * @param name the tool's name
	 * @param arguments the arguments as JSON text
	 */
	public ToolCall {
		Objects.requireNonNull(id, "id must not be null");
		Objects.requireNonNull(name, "name must not be null");
		Objects.requireNonNull(arguments, "arguments must not be null");
	}

	@Override
	public String toString() {
		// Argument values may be private: never printed.
		return "ToolCall[id=" + this.id + ", name=" + this.name + "]";
	}

}
