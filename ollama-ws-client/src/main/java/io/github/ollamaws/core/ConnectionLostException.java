package io.github.ollamaws.core;

import org.jspecify.annotations.Nullable;

/**
 * The connection carrying a request closed or failed before the request ended. For a
 * stream, the text received before the loss is kept in {@link #partialText()}.
 */
public class ConnectionLostException extends OllamaWsException {

	private static final long serialVersionUID = 1L;

	private final int closeCode;

	private final String partialText;

	public ConnectionLostException(String message, int closeCode, @Nullable String partialText,
			@Nullable Throwable cause) {
		super(message, cause);
		this.closeCode = closeCode;
		this.partialText = (partialText != null) ? partialText : "";
	}

	/**
	 * The WebSocket close code, when the connection was closed by a close frame
	 * ({@code 1006} when it was dropped without one, {@code 1005} when the peer closed
	 * without a status).
	 * @return the close code
	 */
	public int closeCode() {
		return this.closeCode;
	}

	/**
	 * The text received before the connection was lost.
	 * @return the partial text, empty when no token had arrived
	 */
	public String partialText() {
		return this.partialText;
	}

	/**
	 * A copy of this exception that carries the partial text of one stream.
	 * @param text the text that stream had received
	 * @return the copy
	 */
	@SuppressWarnings("NullAway") // every constructor takes a message
	public ConnectionLostException withPartialText(String text) {
		return new ConnectionLostException(getMessage(), this.closeCode, text, getCause());
	}

}
