package io.github.ollamaws.core;

import java.lang.reflect.Type;

/**
 * A reply asked for as structured output could not be mapped to the requested type: the
 * model produced text that is not JSON, or JSON of another shape. The raw reply is kept
 * for logging or a retry.
 */
public class StructuredOutputException extends OllamaWsException {

	private static final long serialVersionUID = 1L;

	private final String rawText;

	private final transient Type targetType;

	public StructuredOutputException(Type targetType, String rawText, Throwable cause) {
		super("The reply cannot be mapped to " + targetType.getTypeName() + ": " + cause.getMessage(), cause);
		this.targetType = targetType;
		this.rawText = rawText;
	}

	/**
	 * The reply as the model wrote it.
	 * @return the raw text
	 */
	public String rawText() {
		return this.rawText;
	}

	/**
	 * The type the reply was to be mapped to.
	 * @return the type
	 */
	public Type targetType() {
		return this.targetType;
	}

}
