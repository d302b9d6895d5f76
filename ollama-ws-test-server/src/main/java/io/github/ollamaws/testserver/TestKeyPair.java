package io.github.ollamaws.testserver;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A client key pair with the PEM forms users have: PKCS#8 ({@code BEGIN PRIVATE KEY},
 * what the gateway's key tool writes), PKCS#1 ({@code BEGIN RSA PRIVATE KEY}), SEC1
 * ({@code BEGIN EC PRIVATE KEY}), encrypted PKCS#8 ({@code BEGIN ENCRYPTED PRIVATE KEY})
 * and the SPKI public key ({@code BEGIN PUBLIC KEY}) that is registered. Created by
 * {@link TestKeys}. Its {@code toString()} never shows key material.
 */
public final class TestKeyPair {

	private static final String OID_P256 = "1.2.840.10045.3.1.7";

	private static final String OID_PBES2 = "1.2.840.113549.1.5.13";

	private static final String OID_PBKDF2 = "1.2.840.113549.1.5.12";

	private static final String OID_HMAC_SHA256 = "1.2.840.113549.2.9";

	private static final String OID_AES256_CBC = "2.16.840.1.101.3.4.1.42";

	/** The iteration count {@code openssl pkcs8 -topk8 -v2 aes-256-cbc} uses. */
	private static final int PBKDF2_ITERATIONS = 2048;

	private static final SecureRandom random = new SecureRandom();

	private final Type type;

	private final KeyPair keyPair;

	TestKeyPair(Type type, KeyPair keyPair) {
		this.type = type;
		this.keyPair = keyPair;
	}

	/**
	 * Returns the key type.
	 * @return the type
	 */
	public Type type() {
		return this.type;
	}

	/**
	 * Returns the JCA key pair.
	 * @return the key pair
	 */
	public KeyPair keyPair() {
		return this.keyPair;
	}

	/**
	 * Returns the private key.
	 * @return the private key
	 */
	public PrivateKey privateKey() {
		return this.keyPair.getPrivate();
	}

	/**
	 * Returns the public key.
	 * @return the public key
	 */
	public PublicKey publicKey() {
		return this.keyPair.getPublic();
	}

	/**
	 * Returns the public key as SPKI PEM ({@code BEGIN PUBLIC KEY}), the form the gateway
	 * registers.
	 * @return the PEM text
	 */
	public String publicKeyPem() {
		return Pem.encode("PUBLIC KEY", publicKey().getEncoded());
	}

	/**
	 * Returns the private key as unencrypted PKCS#8 PEM ({@code BEGIN PRIVATE KEY}).
	 * @return the PEM text
	 */
	public String privateKeyPem() {
		return Pem.encode("PRIVATE KEY", privateKey().getEncoded());
	}

	/**
	 * Returns an RSA private key as PKCS#1 PEM ({@code BEGIN RSA PRIVATE KEY}), as
	 * {@code openssl genrsa -traditional} writes it.
	 * @return the PEM text
	 * @throws IllegalStateException if this is not an RSA key pair
	 */
	public String pkcs1PrivateKeyPem() {
		requireType(Type.RSA, "PKCS#1");
		// PKCS#8 wraps the PKCS#1 RSAPrivateKey in its privateKey OCTET STRING.
		return Pem.encode("RSA PRIVATE KEY", pkcs8PrivateKeyContent());
	}

	/**
	 * Returns an EC private key as SEC1 PEM ({@code BEGIN EC PRIVATE KEY}) with the named
	 * curve parameters and the public key, as {@code openssl ecparam -genkey} writes it.
	 * @return the PEM text
	 * @throws IllegalStateException if this is not an EC key pair
	 */
	public String sec1PrivateKeyPem() {
		requireType(Type.EC, "SEC1");
		ECPrivateKey privateKey = (ECPrivateKey) privateKey();
		ECPublicKey publicKey = (ECPublicKey) publicKey();
		byte[] point = new byte[65];
		point[0] = 0x04;
		copyUnsigned(publicKey.getW().getAffineX(), point, 1, 32);
		copyUnsigned(publicKey.getW().getAffineY(), point, 33, 32);
		byte[] secret = new byte[32];
		copyUnsigned(privateKey.getS(), secret, 0, 32);
		byte[] der = DerCodec.sequence(DerCodec.integer(BigInteger.ONE), DerCodec.octetString(secret),
				DerCodec.explicit(0, DerCodec.oid(OID_P256)), DerCodec.explicit(1, DerCodec.bitString(point)));
		return Pem.encode("EC PRIVATE KEY", der);
	}

	/**
	 * Returns the private key as encrypted PKCS#8 PEM
	 * ({@code BEGIN ENCRYPTED PRIVATE KEY}) with PBES2, PBKDF2-HMAC-SHA256 (2048
	 * iterations, 16-byte salt) and AES-256-CBC, as
	 * {@code openssl pkcs8 -topk8 -v2 aes-256-cbc} writes it.
	 * @param passphrase the passphrase
	 * @return the PEM text
	 */
	public String encryptedPrivateKeyPem(String passphrase) {
		Objects.requireNonNull(passphrase, "passphrase");
		byte[] salt = new byte[16];
		byte[] iv = new byte[16];
		random.nextBytes(salt);
		random.nextBytes(iv);
		char[] passphraseChars = passphrase.toCharArray();
		PBEKeySpec keySpec = new PBEKeySpec(passphraseChars, salt, PBKDF2_ITERATIONS, 256);
		try {
			SecretKey derived = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(keySpec);
			Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
			cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(derived.getEncoded(), "AES"), new IvParameterSpec(iv));
			byte[] encrypted = cipher.doFinal(privateKey().getEncoded());
			byte[] kdf = DerCodec.sequence(DerCodec.oid(OID_PBKDF2),
					DerCodec.sequence(DerCodec.octetString(salt),
							DerCodec.integer(BigInteger.valueOf(PBKDF2_ITERATIONS)),
							DerCodec.sequence(DerCodec.oid(OID_HMAC_SHA256), DerCodec.nullValue())));
			byte[] scheme = DerCodec.sequence(DerCodec.oid(OID_AES256_CBC), DerCodec.octetString(iv));
			byte[] algorithm = DerCodec.sequence(DerCodec.oid(OID_PBES2), DerCodec.sequence(kdf, scheme));
			return Pem.encode("ENCRYPTED PRIVATE KEY", DerCodec.sequence(algorithm, DerCodec.octetString(encrypted)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot encrypt the private key", ex);
		}
		finally {
			keySpec.clearPassword();
			Arrays.fill(passphraseChars, '\0');
		}
	}

	/**
	 * Returns the JCA signature algorithm the gateway expects for this key:
	 * {@code SHA256withRSA}, {@code SHA256withECDSA} (DER), or {@code Ed25519} (which the
	 * gateway never accepts).
	 * @return the algorithm name
	 */
	public String signatureAlgorithm() {
		return this.type.signatureAlgorithm;
	}

	/**
	 * Signs the UTF-8 bytes of a challenge string as the gateway expects.
	 * @param challenge the challenge as received
	 * @return the base64 signature
	 */
	public String sign(String challenge) {
		try {
			Signature signature = Signature.getInstance(signatureAlgorithm());
			signature.initSign(privateKey());
			signature.update(challenge.getBytes(StandardCharsets.UTF_8));
			return Base64.getEncoder().encodeToString(signature.sign());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot sign the challenge", ex);
		}
	}

	private byte[] pkcs8PrivateKeyContent() {
		List<DerCodec.Element> fields = DerCodec.children(privateKey().getEncoded());
		return fields.get(2).content();
	}

	private void requireType(Type required, String format) {
		if (this.type != required) {
			throw new IllegalStateException(format + " is only available for " + required + " keys, not " + this.type);
		}
	}

	private static void copyUnsigned(BigInteger value, byte[] target, int offset, int length) {
		byte[] bytes = value.toByteArray();
		int start = Math.max(0, bytes.length - length);
		int count = bytes.length - start;
		System.arraycopy(bytes, start, target, offset + length - count, count);
	}

	@Override
	public String toString() {
		return "TestKeyPair[" + this.type + "]";
	}

	/**
	 * The key types the tests use.
	 */
	public enum Type {

		/** RSA, signing with {@code SHA256withRSA} (PKCS#1 v1.5). */
		RSA("SHA256withRSA"),

		/** EC on P-256, signing with {@code SHA256withECDSA} (DER). */
		EC("SHA256withECDSA"),

		/** Ed25519: registrable, never authenticated by the gateway. */
		ED25519("Ed25519");

		private final String signatureAlgorithm;

		Type(String signatureAlgorithm) {
			this.signatureAlgorithm = signatureAlgorithm;
		}

	}

}
