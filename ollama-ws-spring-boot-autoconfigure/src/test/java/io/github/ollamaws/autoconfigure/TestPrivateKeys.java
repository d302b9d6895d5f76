package io.github.ollamaws.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.util.Base64;

/**
 * Private keys generated for a test, and their PKCS#8 PEM form.
 */
final class TestPrivateKeys {

	private TestPrivateKeys() {
	}

	static PrivateKey rsa() {
		return generate("RSA", 2048);
	}

	static PrivateKey ec() {
		return generate("EC", 256);
	}

	static PrivateKey ed25519() {
		return generate("Ed25519", 0);
	}

	private static PrivateKey generate(String algorithm, int size) {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
			if (size > 0) {
				generator.initialize(size);
			}
			return generator.generateKeyPair().getPrivate();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String pem(PrivateKey key) {
		String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
			.encodeToString(key.getEncoded());
		return "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n";
	}

	static Path writePem(Path file, PrivateKey key) {
		try {
			return Files.writeString(file, pem(key));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
