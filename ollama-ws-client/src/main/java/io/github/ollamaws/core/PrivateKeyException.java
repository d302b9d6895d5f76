package io.github.ollamaws.core;

/**
 * A private key could not be read or cannot sign the gateway's challenges. The message
 * says what is wrong with the key; it never contains key material or the passphrase.
 */
public class PrivateKeyException extends OllamaWsException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception.
	 * @param message what is wrong with the key and what to do, without key material
	 */
	public PrivateKeyException(String message) {
		super(message);
	}

	/**
	 * Creates an exception with a cause.
	 * @param message what is wrong with the key and what to do, without key material
	 * @param cause the cause, whose message must not contain key material either
	 */
	public PrivateKeyException(String message, Throwable cause) {
		super(message, cause);
	}

}
