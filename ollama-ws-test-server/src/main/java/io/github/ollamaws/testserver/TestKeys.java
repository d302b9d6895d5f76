package io.github.ollamaws.testserver;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;

/**
 * Generates fresh client key pairs for tests: RSA 2048, EC P-256 and Ed25519 (which the
 * gateway registers but never authenticates).
 *
 * <pre class="code">
 * TestClient client = server.registerNewClient(TestKeys.ec());
 * String pem = client.keys().sec1PrivateKeyPem();
 * </pre>
 */
public final class TestKeys {

	private TestKeys() {
	}

	/**
	 * Generates an RSA 2048 key pair (signatures {@code SHA256withRSA}).
	 * @return the key pair
	 */
	public static TestKeyPair rsa() {
		return rsa(2048);
	}

	/**
	 * Generates an RSA key pair of the given size.
	 * @param bits the modulus size in bits
	 * @return the key pair
	 */
	public static TestKeyPair rsa(int bits) {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(bits);
			return new TestKeyPair(TestKeyPair.Type.RSA, generator.generateKeyPair());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot generate an RSA key pair", ex);
		}
	}

	/**
	 * Generates an EC key pair on P-256 ({@code secp256r1}, signatures
	 * {@code SHA256withECDSA}).
	 * @return the key pair
	 */
	public static TestKeyPair ec() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"));
			return new TestKeyPair(TestKeyPair.Type.EC, generator.generateKeyPair());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot generate an EC key pair", ex);
		}
	}

	/**
	 * Generates an Ed25519 key pair. The gateway accepts its registration but never
	 * authenticates it.
	 * @return the key pair
	 */
	public static TestKeyPair ed25519() {
		try {
			return new TestKeyPair(TestKeyPair.Type.ED25519, KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot generate an Ed25519 key pair", ex);
		}
	}

	/**
	 * Wraps an existing key pair (RSA, EC P-256 or Ed25519).
	 * @param keyPair the key pair
	 * @return the wrapped key pair
	 */
	public static TestKeyPair of(KeyPair keyPair) {
		String algorithm = keyPair.getPublic().getAlgorithm();
		TestKeyPair.Type type = switch (algorithm) {
			case "RSA" -> TestKeyPair.Type.RSA;
			case "EC" -> TestKeyPair.Type.EC;
			case "Ed25519", "EdDSA" -> TestKeyPair.Type.ED25519;
			default -> throw new IllegalArgumentException("Unsupported key algorithm " + algorithm);
		};
		return new TestKeyPair(type, keyPair);
	}

}
