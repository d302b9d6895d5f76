package io.github.ollamaws.auth;

import io.github.ollamaws.client.OllamaWsException;

/**
 * A private key could not be read or cannot sign the gateway's challenges. The message says what is
 * wrong with the key; it never contains key material or the passphrase.
 */
public class PrivateKeyException extends OllamaWsException {

	private static final long serialVersionUID = 1L;

	public PrivateKeyException(String message) {
		super(message);
	}

	public PrivateKeyException(String message, Throwable cause) {
		super(message, cause);
	}

}
