package io.github.ollamaws.sample.chat;

/**
 * A request the API cannot run (for example an empty prompt): answered with 400.
 */
public class InvalidChatRequestException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param message what is wrong, for the user
	 */
	public InvalidChatRequestException(String message) {
		super(message);
	}

}
