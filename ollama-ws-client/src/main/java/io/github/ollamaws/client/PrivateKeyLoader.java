package io.github.ollamaws.client;

import java.io.InputStream;
import java.security.PrivateKey;

import io.github.ollamaws.auth.PemPrivateKeys;
import io.github.ollamaws.core.PrivateKeyException;
import org.jspecify.annotations.Nullable;

/**
 * Reads a private key from PEM text, in the forms users of the gateway have: PKCS#8
 * ({@code BEGIN PRIVATE KEY}, what the gateway's own key tool writes), RSA PKCS#1
 * ({@code BEGIN RSA PRIVATE KEY}), EC SEC1 ({@code BEGIN EC PRIVATE KEY}: P-256, P-384,
 * P-521) and encrypted PKCS#8 ({@code BEGIN ENCRYPTED PRIVATE KEY}) with its passphrase.
 * Keys the gateway cannot verify (Ed25519, Ed448, RSA-PSS, DSA) and formats Java cannot
 * read (OpenSSH, legacy OpenSSL encryption) are refused with a
 * {@link PrivateKeyException} that says what to do; no message ever contains key material
 * or the passphrase. <pre class="code">
 * OllamaTemplate ollama = OllamaTemplate.builder()
 *     .url("ws://localhost:3000")
 *     .clientId(clientId)
 *     .privateKey(PrivateKeyLoader.load(Files.readString(keyFile), null))
 *     .build();
 * </pre>
 */
public final class PrivateKeyLoader {

	private PrivateKeyLoader() {
	}

	/**
	 * Reads a private key from PEM text.
	 * @param pem the PEM text
	 * @param passphrase the passphrase of an encrypted key, or {@code null}; not
	 * modified, not kept
	 * @return the key, RSA or EC for every key the gateway can verify
	 * @throws PrivateKeyException if the text holds no usable key
	 */
	public static PrivateKey load(String pem, char @Nullable [] passphrase) {
		return PemPrivateKeys.load(pem, passphrase);
	}

	/**
	 * Reads a private key from a stream of PEM text (US-ASCII or UTF-8). The stream is
	 * read to its end and left open.
	 * @param pem the PEM text
	 * @param passphrase the passphrase of an encrypted key, or {@code null}; not
	 * modified, not kept
	 * @return the key
	 * @throws PrivateKeyException if the stream cannot be read or holds no usable key
	 */
	public static PrivateKey load(InputStream pem, char @Nullable [] passphrase) {
		return PemPrivateKeys.load(pem, passphrase);
	}

}
