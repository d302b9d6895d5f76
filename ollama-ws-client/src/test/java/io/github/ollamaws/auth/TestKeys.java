package io.github.ollamaws.auth;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

import io.github.ollamaws.client.PrivateKeyLoader;

/**
 * The committed test keys ({@code src/test/resources/keys}, throwaway keys, not secrets)
 * and the gateway's side of the protocol: challenges and signature verification with the
 * JDK.
 */
final class TestKeys {

	/** The passphrase of every encrypted test key. */
	static final String PASSPHRASE = "test-passphrase-0451";

	private static final SecureRandom random = new SecureRandom();

	private TestKeys() {
	}

	static String pem(String name) {
		try (InputStream in = TestKeys.class.getResourceAsStream("/keys/" + name)) {
			if (in == null) {
				throw new IllegalStateException("No test key " + name);
			}
			return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static InputStream stream(String name) {
		return TestKeys.class.getResourceAsStream("/keys/" + name);
	}

	/**
	 * Reads a {@code BEGIN PUBLIC KEY} file as the gateway does: X.509
	 * SubjectPublicKeyInfo.
	 */
	static PublicKey publicKey(String name, String algorithm) throws GeneralSecurityException {
		String base64 = pem(name).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
		byte[] der = Base64.getDecoder().decode(base64);
		return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
	}

	/** A challenge as the gateway sends it: 32 random bytes as 64 hex characters. */
	static String challenge() {
		byte[] bytes = new byte[32];
		random.nextBytes(bytes);
		return HexFormat.of().formatHex(bytes);
	}

	static String toPem(String label, byte[] der) {
		return "-----BEGIN " + label + "-----\n"
				+ Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
				+ "\n-----END " + label + "-----\n";
	}

	static PrivateKey load(String name, String passphrase) {
		return PrivateKeyLoader.load(pem(name), (passphrase != null) ? passphrase.toCharArray() : null);
	}

	/** Verifies a Base64 signature as the gateway does. */
	static boolean verifies(PublicKey publicKey, String algorithm, byte[] signed, String signatureBase64)
			throws GeneralSecurityException {
		Signature verifier = Signature.getInstance(algorithm);
		verifier.initVerify(publicKey);
		verifier.update(signed);
		try {
			return verifier.verify(Base64.getDecoder().decode(signatureBase64));
		}
		catch (SignatureException ex) {
			// A signature in the wrong encoding is rejected, by some providers with an
			// exception.
			return false;
		}
	}

}
