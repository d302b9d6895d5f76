package io.github.ollamaws.testserver;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.util.Base64;
import java.util.List;

import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Each PEM form read back with the JDK alone, signed with, and verified by the server.
 */
class KeyFormatTests extends AbstractGatewayTests {

	@Test
	void pkcs8RoundTrips() throws Exception {
		for (TestKeyPair keys : List.of(TestKeys.rsa(), TestKeys.ec())) {
			String pem = keys.privateKeyPem();
			assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
			PrivateKey read = KeyFactory.getInstance(keys.privateKey().getAlgorithm())
				.generatePrivate(new PKCS8EncodedKeySpec(body(pem, "PRIVATE KEY")));
			assertAuthenticates(keys, read);
		}
	}

	@Test
	void pkcs1RoundTrips() throws Exception {
		TestKeyPair keys = TestKeys.rsa();
		String pem = keys.pkcs1PrivateKeyPem();
		assertThat(pem).startsWith("-----BEGIN RSA PRIVATE KEY-----\n");
		List<DerCodec.Element> fields = DerCodec.children(body(pem, "RSA PRIVATE KEY"));
		assertThat(fields).hasSize(9);
		BigInteger[] values = fields.stream()
			.map((field) -> new BigInteger(field.content()))
			.toArray(BigInteger[]::new);
		assertThat(values[0]).isZero();
		PrivateKey read = KeyFactory.getInstance("RSA")
			.generatePrivate(new RSAPrivateCrtKeySpec(values[1], values[2], values[3], values[4], values[5], values[6],
					values[7], values[8]));
		assertThat(((RSAPrivateCrtKey) read).getModulus())
			.isEqualTo(((RSAPrivateCrtKey) keys.privateKey()).getModulus());
		assertAuthenticates(keys, read);
	}

	@Test
	void sec1RoundTripsWithCurveParametersAndPublicKey() throws Exception {
		TestKeyPair keys = TestKeys.ec();
		String pem = keys.sec1PrivateKeyPem();
		assertThat(pem).startsWith("-----BEGIN EC PRIVATE KEY-----\n");
		byte[] der = body(pem, "EC PRIVATE KEY");
		List<DerCodec.Element> fields = DerCodec.children(der);
		assertThat(fields).extracting(DerCodec.Element::tag)
			.containsExactly(DerCodec.INTEGER, DerCodec.OCTET_STRING, 0xA0, 0xA1);
		assertThat(fields.get(1).content()).hasSize(32);
		// [0] holds the prime256v1 OID, as openssl writes it.
		assertThat(DerCodec.read(der, fields.get(2).contentStart()).content())
			.isEqualTo(new byte[] { 0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 0x03, 0x01, 0x07 });
		ECParameterSpec p256 = ((ECPrivateKey) keys.privateKey()).getParams();
		PrivateKey read = KeyFactory.getInstance("EC")
			.generatePrivate(new ECPrivateKeySpec(new BigInteger(1, fields.get(1).content()), p256));
		assertAuthenticates(keys, read);
	}

	@Test
	void encryptedPkcs8IsReadableByTheJdk() throws Exception {
		for (TestKeyPair keys : List.of(TestKeys.rsa(), TestKeys.ec())) {
			String pem = keys.encryptedPrivateKeyPem("s3cret passphrase");
			assertThat(pem).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----\n");
			EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(body(pem, "ENCRYPTED PRIVATE KEY"));
			assertThat(info.getAlgParameters()).hasToString("PBEWithHmacSHA256AndAES_256");
			PKCS8EncodedKeySpec spec = info.getKeySpec(decryptingCipher(info, "s3cret passphrase"));
			PrivateKey read = KeyFactory.getInstance(keys.privateKey().getAlgorithm()).generatePrivate(spec);
			assertThat(read.getEncoded()).isEqualTo(keys.privateKey().getEncoded());
			assertAuthenticates(keys, read);
		}
	}

	@Test
	void wrongPassphraseDoesNotDecrypt() throws Exception {
		String pem = TestKeys.ec().encryptedPrivateKeyPem("right");
		EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(body(pem, "ENCRYPTED PRIVATE KEY"));
		Cipher cipher = decryptingCipher(info, "wrong");
		boolean decrypted;
		try {
			KeyFactory.getInstance("EC").generatePrivate(info.getKeySpec(cipher));
			decrypted = true;
		}
		catch (Exception ex) {
			decrypted = false;
		}
		assertThat(decrypted).isFalse();
	}

	@Test
	void publicKeyPemIsSpki() throws Exception {
		TestKeyPair keys = TestKeys.ed25519();
		assertThat(keys.publicKeyPem()).startsWith("-----BEGIN PUBLIC KEY-----\n");
		assertThat(Pem.readPublicKey(keys.publicKeyPem())).isEqualTo(keys.publicKey());
	}

	@Test
	void formatsOfOtherKeyTypesAreRefused() {
		assertThatIllegalStateException().isThrownBy(() -> TestKeys.ec().pkcs1PrivateKeyPem());
		assertThatIllegalStateException().isThrownBy(() -> TestKeys.rsa().sec1PrivateKeyPem());
	}

	@Test
	void toStringShowsNoKeyMaterial() {
		TestKeyPair keys = TestKeys.rsa();
		TestClient registered = server.registerNewClient(keys);
		String encoded = Base64.getEncoder().encodeToString(keys.privateKey().getEncoded()).substring(0, 40);
		assertThat(keys.toString()).doesNotContain(encoded).isEqualTo("TestKeyPair[RSA]");
		assertThat(registered.toString()).doesNotContain(encoded).contains(registered.clientId());
	}

	private static void assertAuthenticates(TestKeyPair keys, PrivateKey readKey) throws Exception {
		TestClient registered = server.registerNewClient(keys);
		TestKeyPair readKeys = TestKeys.of(new java.security.KeyPair(keys.publicKey(), readKey));
		try (RawClient raw = connect()) {
			raw.authenticate(new TestClient(registered.clientId(), registered.name(), readKeys));
		}
	}

	/**
	 * The JDK's way to decrypt PBES2 PKCS#8: the algorithm name comes from the parsed
	 * parameters.
	 */
	private static Cipher decryptingCipher(EncryptedPrivateKeyInfo info, String passphrase) throws Exception {
		AlgorithmParameters parameters = info.getAlgParameters();
		String algorithm = parameters.toString();
		Cipher cipher = Cipher.getInstance(algorithm);
		cipher.init(Cipher.DECRYPT_MODE,
				SecretKeyFactory.getInstance(algorithm).generateSecret(new PBEKeySpec(passphrase.toCharArray())),
				parameters);
		return cipher;
	}

	private static byte[] body(String pem, String label) {
		String base64 = pem.replace("-----BEGIN " + label + "-----", "")
			.replace("-----END " + label + "-----", "")
			.replaceAll("\\s", "");
		return Base64.getDecoder().decode(base64);
	}

}
