package io.github.ollamaws.core;

/**
 * A request was larger than the {@code max-message-size} setting once encoded: it was not
 * sent. The limit counts UTF-8 bytes, as they go over the wire.
 */
public class MessageTooLargeException extends OllamaWsException {

	private static final long serialVersionUID = 1L;

	private final long size;

	private final long limit;

	public MessageTooLargeException(long size, long limit) {
		super("The request is " + size + " bytes once encoded, more than the limit of " + limit
				+ " bytes (max-message-size); it was not sent");
		this.size = size;
		this.limit = limit;
	}

	/**
	 * The size of the request's frame.
	 * @return its UTF-8 length in bytes
	 */
	public long size() {
		return this.size;
	}

	/**
	 * The limit it exceeded.
	 * @return the {@code max-message-size} setting in bytes
	 */
	public long limit() {
		return this.limit;
	}

}
