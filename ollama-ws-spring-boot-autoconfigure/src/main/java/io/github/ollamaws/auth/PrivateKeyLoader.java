package io.github.ollamaws.auth;

import java.security.PrivateKey;

/**
 * Reads a private key from PEM text.
 */
public final class PrivateKeyLoader {

	private PrivateKeyLoader() {
	}

	/**
	 * Reads a private key from PEM text.
	 * @param pem the PEM text
	 * @param passphrase the passphrase of an encrypted key, or {@code null}
	 * @return the key
	 * @throws PrivateKeyException if the text holds no usable key
	 */
	public static PrivateKey load(String pem, char[] passphrase) {
		throw new PrivateKeyException("not implemented yet");
	}

}
