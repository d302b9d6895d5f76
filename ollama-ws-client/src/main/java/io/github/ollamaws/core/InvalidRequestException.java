package io.github.ollamaws.core;

/**
 * A request cannot be built as given: a setting Ollama would ignore or reject (for
 * example {@code option("max_tokens", ..)}, a request-level field given as a model
 * parameter, a value of the wrong type), an empty prompt, an image that is not Base64.
 * Thrown while the request is built, so nothing is ever sent.
 */
public class InvalidRequestException extends OllamaWsException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception.
	 * @param message what is wrong and what to use instead
	 */
	public InvalidRequestException(String message) {
		super(message);
	}

	/**
	 * Creates an exception with a cause.
	 * @param message what is wrong and what to use instead
	 * @param cause the cause
	 */
	public InvalidRequestException(String message, Throwable cause) {
		super(message, cause);
	}

}
