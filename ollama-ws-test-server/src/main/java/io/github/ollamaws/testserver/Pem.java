package io.github.ollamaws.testserver;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM encoding of keys, and decoding of the {@code PUBLIC KEY} (SPKI) form clients
 * register.
 */
final class Pem {

	private static final Pattern PUBLIC_KEY = Pattern
		.compile("-----BEGIN PUBLIC KEY-----([A-Za-z0-9+/=\\s]+)-----END PUBLIC KEY-----");

	private static final String[] KEY_ALGORITHMS = { "RSA", "EC", "Ed25519" };

	private Pem() {
	}

	static String encode(String label, byte[] der) {
		String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
		return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
	}

	/**
	 * Reads an SPKI public key PEM of an RSA, EC or Ed25519 key.
	 * @param pem the PEM text, or {@code null}
	 * @return the public key
	 * @throws IllegalArgumentException if the text is not such a key
	 */
	static PublicKey readPublicKey(String pem) {
		Matcher matcher = PUBLIC_KEY.matcher((pem != null) ? pem : "");
		if (!matcher.find()) {
			throw new IllegalArgumentException("Not a PEM public key (-----BEGIN PUBLIC KEY-----)");
		}
		byte[] der;
		try {
			der = Base64.getMimeDecoder().decode(matcher.group(1).replaceAll("\\s", ""));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("Public key PEM is not valid base64");
		}
		X509EncodedKeySpec spec = new X509EncodedKeySpec(der);
		for (String algorithm : KEY_ALGORITHMS) {
			try {
				return KeyFactory.getInstance(algorithm).generatePublic(spec);
			}
			catch (Exception ex) {
				// Try the next algorithm.
			}
		}
		throw new IllegalArgumentException("Unsupported or malformed public key");
	}

}
