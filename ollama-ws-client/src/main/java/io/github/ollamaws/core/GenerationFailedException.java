package io.github.ollamaws.core;

import org.jspecify.annotations.Nullable;

/**
 * A generation failed on the gateway or in Ollama behind it (for example Ollama answered
 * 500, or its stream broke). The text generated before the failure, if any, is kept in
 * {@link #partialText()}.
 */
public class GenerationFailedException extends GatewayErrorException {

	private static final long serialVersionUID = 1L;

	private final String partialText;

	public GenerationFailedException(@Nullable String code, String serverMessage, @Nullable String partialText) {
		super(code, serverMessage);
		this.partialText = (partialText != null) ? partialText : "";
	}

	/**
	 * The text received before the generation failed.
	 * @return the partial text, empty when no token arrived
	 */
	public String partialText() {
		return this.partialText;
	}

}
