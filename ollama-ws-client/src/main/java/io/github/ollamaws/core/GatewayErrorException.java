package io.github.ollamaws.core;

import org.jspecify.annotations.Nullable;

/**
 * The gateway answered a request with an {@code error} frame. {@link #code()} is the
 * gateway's error code ({@code generation_error}, {@code server_error}, ...) or
 * {@code null} when the frame carried none, as many of the real gateway's errors do;
 * {@link #serverMessage()} is the gateway's text, verbatim.
 */
public class GatewayErrorException extends OllamaWsException {

	private static final long serialVersionUID = 1L;

	private final @Nullable String code;

	private final String serverMessage;

	public GatewayErrorException(@Nullable String code, String serverMessage) {
		super((code != null) ? serverMessage + " (" + code + ")" : serverMessage);
		this.code = code;
		this.serverMessage = serverMessage;
	}

	/**
	 * The gateway's error code.
	 * @return the code, or {@code null} when the error frame carried none
	 */
	public @Nullable String code() {
		return this.code;
	}

	/**
	 * The gateway's error message, as sent.
	 * @return the message
	 */
	public String serverMessage() {
		return this.serverMessage;
	}

}
