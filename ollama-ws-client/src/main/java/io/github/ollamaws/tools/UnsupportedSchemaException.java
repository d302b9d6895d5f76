package io.github.ollamaws.tools;

import io.github.ollamaws.core.InvalidRequestException;

/**
 * A tool's input schema uses what Ollama's {@code format} cannot take: Ollama would fail
 * the request (or silently constrain nothing), so the tool is refused when the protocol
 * is built, naming the tool and where in its schema. See {@link OllamaSchemaSupport}. An
 * {@link InvalidRequestException}: nothing was sent.
 */
public class UnsupportedSchemaException extends InvalidRequestException {

	private static final long serialVersionUID = 1L;

	private final String toolName;

	private final String location;

	/**
	 * Creates the exception.
	 * @param toolName the tool whose schema is refused
	 * @param location where in the schema, as a JSON pointer ({@code ""} for the root)
	 * @param reason why
	 */
	public UnsupportedSchemaException(String toolName, String location, String reason) {
		super("The input schema of tool '" + toolName + "' cannot be sent as Ollama's format (at '"
				+ (location.isEmpty() ? "/" : location) + "'): " + reason);
		this.toolName = toolName;
		this.location = location;
	}

	/**
	 * The tool whose schema is refused.
	 * @return the tool's name
	 */
	public String toolName() {
		return this.toolName;
	}

	/**
	 * Where in the schema the problem is.
	 * @return a JSON pointer into the tool's input schema
	 */
	public String location() {
		return this.location;
	}

}
