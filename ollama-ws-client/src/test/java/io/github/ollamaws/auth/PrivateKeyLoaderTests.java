package io.github.ollamaws.auth;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.HexFormat;
import java.util.stream.Stream;

import io.github.ollamaws.client.PrivateKeyLoader;
import io.github.ollamaws.core.PrivateKeyException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link PrivateKeyLoader} with keys written by the {@code openssl} CLI and by
 * the JDK, each proven by signing a challenge and verifying it with the JDK and the
 * matching public key, as the gateway does.
 */
class PrivateKeyLoaderTests {

	static Stream<Arguments> loadableKeys() {
		return Stream.of(Arguments.of("rsa-pkcs8.pem", null, "rsa-public.pem", "rsa-pkcs8.pem"),
				Arguments.of("rsa-pkcs1.pem", null, "rsa-public.pem", "rsa-pkcs8.pem"),
				Arguments.of("rsa-pkcs8-encrypted.pem", TestKeys.PASSPHRASE, "rsa-public.pem", "rsa-pkcs8.pem"),
				Arguments.of("rsa-pkcs8-encrypted-sha1.pem", TestKeys.PASSPHRASE, "rsa-public.pem", "rsa-pkcs8.pem"),
				Arguments.of("rsa-pkcs8-encrypted-pbe-sha1-3des.pem", TestKeys.PASSPHRASE, "rsa-public.pem",
						"rsa-pkcs8.pem"),
				Arguments.of("ec-p256-pkcs8.pem", null, "ec-p256-public.pem", "ec-p256-pkcs8.pem"),
				Arguments.of("ec-p256-sec1.pem", null, "ec-p256-public.pem", "ec-p256-pkcs8.pem"),
				Arguments.of("ec-p256-sec1-no-public.pem", null, "ec-p256-public.pem", "ec-p256-pkcs8.pem"),
				Arguments.of("ec-p256-sec1-explicit.pem", null, "ec-p256-public.pem", "ec-p256-pkcs8.pem"),
				Arguments.of("ec-p256-sec1-no-parameters.pem", null, "ec-p256-public.pem", "ec-p256-pkcs8.pem"),
				Arguments.of("ec-p256-pkcs8-encrypted.pem", TestKeys.PASSPHRASE, "ec-p256-public.pem",
						"ec-p256-pkcs8.pem"),
				Arguments.of("ec-p256-with-parameters.pem", null, "ec-p256-with-parameters-public.pem",
						"ec-p256-with-parameters.pem"),
				Arguments.of("ec-p384-pkcs8.pem", null, "ec-p384-public.pem", "ec-p384-pkcs8.pem"),
				Arguments.of("ec-p384-sec1.pem", null, "ec-p384-public.pem", "ec-p384-pkcs8.pem"),
				Arguments.of("ec-p521-pkcs8.pem", null, "ec-p521-public.pem", "ec-p521-pkcs8.pem"),
				Arguments.of("ec-p521-sec1.pem", null, "ec-p521-public.pem", "ec-p521-pkcs8.pem"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("loadableKeys")
	void loadsKeyThatSignsChallengesTheGatewayVerifies(String file, String passphrase, String publicFile,
			String samekeyFile) throws Exception {
		PrivateKey key = TestKeys.load(file, passphrase);
		String algorithm = file.startsWith("rsa") ? "SHA256withRSA" : "SHA256withECDSA";
		PublicKey publicKey = TestKeys.publicKey(publicFile, key.getAlgorithm());
		String challenge = TestKeys.challenge();
		String signature = new ChallengeSigner(key).sign(challenge);
		assertThat(TestKeys.verifies(publicKey, algorithm, challenge.getBytes(StandardCharsets.UTF_8), signature))
			.isTrue();
		// The gateway verifies the challenge string, not the bytes it spells in hex.
		assertThat(TestKeys.verifies(publicKey, algorithm, HexFormat.of().parseHex(challenge), signature)).isFalse();
		if (key.getAlgorithm().equals("EC")) {
			// DER, not the raw r||s form the gateway rejects.
			assertThat(TestKeys.verifies(publicKey, "SHA256withECDSAinP1363Format",
					challenge.getBytes(StandardCharsets.UTF_8), signature))
				.isFalse();
		}
		assertThat(key.getEncoded()).isEqualTo(TestKeys.load(samekeyFile, null).getEncoded());
	}

	@Test
	void loadsFromStream() throws Exception {
		try (InputStream in = TestKeys.stream("ec-p256-pkcs8-encrypted.pem")) {
			PrivateKey key = PrivateKeyLoader.load(in, TestKeys.PASSPHRASE.toCharArray());
			assertThat(key.getEncoded()).isEqualTo(TestKeys.load("ec-p256-pkcs8.pem", null).getEncoded());
		}
	}

	@Test
	void streamThatCannotBeReadIsReported() {
		InputStream failing = new InputStream() {
			@Override
			public int read() throws IOException {
				throw new IOException("disk gone");
			}
		};
		assertThatExceptionOfType(PrivateKeyException.class).isThrownBy(() -> PrivateKeyLoader.load(failing, null))
			.withMessage("Could not read the private key");
	}

	@Test
	void toleratesSurroundingTextCrlfIndentationAndEscapedNewlines() {
		String pem = TestKeys.pem("rsa-pkcs1.pem");
		byte[] expected = TestKeys.load("rsa-pkcs8.pem", null).getEncoded();
		String withText = "Key for the gateway, generated for tests\n\n" + pem + "\nBag Attributes: none\n";
		String crlf = pem.replace("\n", "\r\n");
		String indented = pem.lines().map((line) -> "    " + line).reduce("", (a, b) -> a + b + "\n");
		String escaped = pem.replace("\n", "\\n");
		String singleLine = pem.replace("\n", " ");
		for (String variant : new String[] { withText, crlf, indented, escaped, singleLine }) {
			assertThat(PrivateKeyLoader.load(variant, null).getEncoded()).isEqualTo(expected);
		}
	}

	@Test
	void ignoresPublicKeyAndCertificateBesideThePrivateKey() {
		String bundle = TestKeys.pem("rsa-certificate.pem") + TestKeys.pem("rsa-public.pem")
				+ TestKeys.pem("rsa-pkcs8.pem");
		assertThat(PrivateKeyLoader.load(bundle, null).getEncoded())
			.isEqualTo(TestKeys.load("rsa-pkcs8.pem", null).getEncoded());
	}

	@Test
	void ignoresPassphraseOfUnencryptedKey() {
		assertThat(TestKeys.load("ec-p256-pkcs8.pem", "unused").getEncoded())
			.isEqualTo(TestKeys.load("ec-p256-pkcs8.pem", null).getEncoded());
	}

	@ParameterizedTest
	@ValueSource(strings = { "RSA:2048", "RSA:3072", "EC:secp256r1", "EC:secp384r1", "EC:secp521r1" })
	void javaGeneratedKeysRoundTripThroughPkcs8Pem(String spec) throws Exception {
		String[] parts = spec.split(":");
		KeyPairGenerator generator = KeyPairGenerator.getInstance(parts[0]);
		if (parts[0].equals("EC")) {
			generator.initialize(new ECGenParameterSpec(parts[1]));
		}
		else {
			generator.initialize(Integer.parseInt(parts[1]));
		}
		KeyPair pair = generator.generateKeyPair();
		PrivateKey loaded = PrivateKeyLoader.load(TestKeys.toPem("PRIVATE KEY", pair.getPrivate().getEncoded()), null);
		assertThat(loaded.getEncoded()).isEqualTo(pair.getPrivate().getEncoded());
		ChallengeSigner signer = new ChallengeSigner(loaded);
		String challenge = TestKeys.challenge();
		assertThat(TestKeys.verifies(pair.getPublic(), signer.getAlgorithm(),
				challenge.getBytes(StandardCharsets.UTF_8), signer.sign(challenge)))
			.isTrue();
	}

	static Stream<Arguments> refusedKeys() {
		String rsa = TestKeys.pem("rsa-pkcs8.pem");
		String wrongBase64 = rsa.replaceFirst("\n(.)", "\n*");
		String notPkcs8 = TestKeys.toPem("PRIVATE KEY", "not a key".getBytes(StandardCharsets.US_ASCII));
		byte[] scalar = new byte[32];
		scalar[31] = 7;
		String sec1WithoutCurveOrPublicKey = TestKeys.toPem("EC PRIVATE KEY",
				Der.encode(Der.SEQUENCE, new byte[] { Der.INTEGER, 1, 1 }, Der.encode(Der.OCTET_STRING, scalar)));
		String sec1OnUnknownCurve = TestKeys.toPem("EC PRIVATE KEY",
				Der.encode(Der.SEQUENCE, new byte[] { Der.INTEGER, 1, 1 }, Der.encode(Der.OCTET_STRING, scalar),
						Der.encode(Der.CONTEXT_0, Der.encode(Der.OBJECT_IDENTIFIER, new byte[] { 0x2A, 0x03, 0x04 }))));
		String ed25519Fix = "The private key is an Ed25519 key: the gateway cannot verify Ed25519 signatures: "
				+ "use an RSA or EC key";
		return Stream.of(
				Arguments.of("encrypted, no passphrase", TestKeys.pem("rsa-pkcs8-encrypted.pem"), null,
						"The private key is encrypted: set a passphrase"),
				Arguments.of("encrypted, empty passphrase", TestKeys.pem("ec-p256-pkcs8-encrypted.pem"), "",
						"The private key is encrypted: set a passphrase"),
				Arguments.of("wrong passphrase, AES", TestKeys.pem("rsa-pkcs8-encrypted.pem"), "wrong-passphrase",
						"Could not decrypt the private key: wrong passphrase"),
				Arguments.of("wrong passphrase, EC", TestKeys.pem("ec-p256-pkcs8-encrypted.pem"), "wrong-passphrase",
						"Could not decrypt the private key: wrong passphrase"),
				Arguments.of("wrong passphrase, 3DES", TestKeys.pem("rsa-pkcs8-encrypted-pbe-sha1-3des.pem"),
						"wrong-passphrase", "Could not decrypt the private key: wrong passphrase"),
				Arguments.of("legacy encrypted PKCS#1", TestKeys.pem("rsa-pkcs1-legacy-encrypted.pem"),
						TestKeys.PASSPHRASE,
						"The private key uses legacy OpenSSL encryption (Proc-Type: 4,ENCRYPTED), which Java cannot "
								+ "read: convert it to encrypted PKCS#8 with "
								+ "`openssl pkcs8 -topk8 -v2 aes-256-cbc -in <key file> -out <new key file>`"),
				Arguments.of("OpenSSH ECDSA", TestKeys.pem("openssh-ecdsa.pem"), null,
						"The private key is in OpenSSH format, which Java cannot read: convert it to PKCS#8 with "
								+ "`ssh-keygen -p -m PKCS8 -f <key file>` (rewrites the file in place)"),
				Arguments.of("OpenSSH Ed25519", TestKeys.pem("openssh-ed25519.pem"), null, ed25519Fix),
				Arguments.of("Ed25519", TestKeys.pem("ed25519-pkcs8.pem"), null, ed25519Fix),
				Arguments.of("Ed448", TestKeys.pem("ed448-pkcs8.pem"), null,
						"The private key is an Ed448 key: the gateway cannot verify Ed448 signatures: "
								+ "use an RSA or EC key"),
				Arguments.of("RSA-PSS", TestKeys.pem("rsa-pss-pkcs8.pem"), null, ChallengeSigner.RSA_PSS_REFUSAL),
				Arguments.of("public key", TestKeys.pem("rsa-public.pem"), null,
						"The PEM text holds a public key, not a private key: configure the private key whose public "
								+ "key is registered with the gateway"),
				Arguments.of("certificate", TestKeys.pem("rsa-certificate.pem"), null,
						"The PEM text holds a certificate, not a private key: configure the private key whose public "
								+ "key is registered with the gateway"),
				Arguments.of("parameters only",
						TestKeys.pem("ec-p256-with-parameters.pem").split("-----BEGIN EC PRIVATE")[0], null,
						"The PEM text holds no private key, only [EC PARAMETERS]: expected -----BEGIN PRIVATE KEY----- "
								+ "(or RSA, EC, ENCRYPTED PRIVATE KEY)"),
				Arguments.of("no PEM", "just some text", null,
						"No PEM block found: expected a private key starting with -----BEGIN PRIVATE KEY----- (a "
								+ "binary DER key converts with `openssl pkey -inform DER -in key.der -out key.pem`)"),
				Arguments.of("blank", " \n", null, "No private key given: the PEM text is empty"),
				Arguments.of("truncated", rsa.substring(0, rsa.indexOf("-----END")), null,
						"The PEM text is incomplete: a -----BEGIN line has no matching -----END line"),
				Arguments.of("two keys", rsa + TestKeys.pem("ec-p256-sec1.pem"), null,
						"The PEM text holds 2 private keys: keep only the one whose public key is registered with "
								+ "the gateway"),
				Arguments.of("bad Base64", wrongBase64, null, "The PEM block BEGIN PRIVATE KEY is not valid Base64"),
				Arguments.of("not PKCS#8", notPkcs8, null, "The private key is not a valid PKCS#8 structure"),
				Arguments.of("scrypt", TestKeys.pem("ec-p256-pkcs8-encrypted-scrypt.pem"), TestKeys.PASSPHRASE,
						"The encrypted private key is not a valid encrypted PKCS#8 structure, or uses an encryption "
								+ "Java cannot read: re-encrypt it with "
								+ "`openssl pkcs8 -topk8 -v2 aes-256-cbc -in <key file> -out <new key file>`"),
				Arguments.of("EC without curve or public key", sec1WithoutCurveOrPublicKey, null,
						"The EC private key names no curve and has no public key: add the curve, for example with "
								+ "`openssl pkcs8 -topk8 -nocrypt -in <key file> -out <new key file>` on a file that "
								+ "has an EC PARAMETERS block"),
				Arguments.of("EC on unknown curve", sec1OnUnknownCurve, null,
						"The EC private key's curve (OID 1.2.3.4) is not supported by this Java runtime: use P-256, "
								+ "P-384 or P-521"),
				Arguments.of("SSH public key", "\n ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI test", null,
						"The text is an OpenSSH public key, not a private key: configure the private key whose public "
								+ "key is registered with the gateway"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("refusedKeys")
	void refusesWithClearMessageThatLeaksNothing(String description, String pem, String passphrase, String message) {
		PrivateKeyException ex = null;
		try {
			PrivateKeyLoader.load(pem, (passphrase != null) ? passphrase.toCharArray() : null);
		}
		catch (PrivateKeyException thrown) {
			ex = thrown;
		}
		assertThat(ex).as("refused").isNotNull();
		assertThat(ex).hasMessage(message);
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			String text = String.valueOf(cause.getMessage()) + cause;
			if (passphrase != null && !passphrase.isEmpty()) {
				assertThat(text).doesNotContain(passphrase);
			}
			pem.lines()
				.map(String::strip)
				.filter((line) -> line.matches("[A-Za-z0-9+/=]{16,}"))
				.forEach((line) -> assertThat(text).doesNotContain(line));
		}
	}

	@Test
	void encryptedKeyRefusalsNeverShowThePassphraseEvenInCauses() {
		char[] passphrase = "Sup3r-Secret-Passphrase".toCharArray();
		assertThatExceptionOfType(PrivateKeyException.class)
			.isThrownBy(() -> PrivateKeyLoader.load(
					new ByteArrayInputStream(
							TestKeys.pem("rsa-pkcs8-encrypted-sha1.pem").getBytes(StandardCharsets.US_ASCII)),
					passphrase))
			.withMessage("Could not decrypt the private key: wrong passphrase")
			.withNoCause();
		assertThat(passphrase).containsExactly("Sup3r-Secret-Passphrase".toCharArray());
	}

	@Test
	void anOpenSshEd448KeyIsRefusedByItsType() {
		// ssh-keygen writes no Ed448 keys, other tools do: the type is read from the
		// unencrypted public part of the format, as for Ed25519.
		java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
		body.writeBytes("openssh-key-v1\0".getBytes(StandardCharsets.US_ASCII));
		for (String field : new String[] { "none", "none", "" }) {
			writeString(body, field.getBytes(StandardCharsets.US_ASCII));
		}
		body.writeBytes(new byte[] { 0, 0, 0, 1 });
		java.io.ByteArrayOutputStream publicKey = new java.io.ByteArrayOutputStream();
		writeString(publicKey, "ssh-ed448".getBytes(StandardCharsets.US_ASCII));
		writeString(publicKey, new byte[57]);
		writeString(body, publicKey.toByteArray());
		assertThatExceptionOfType(PrivateKeyException.class)
			.isThrownBy(() -> PrivateKeyLoader.load(TestKeys.toPem("OPENSSH PRIVATE KEY", body.toByteArray()), null))
			.withMessage("The private key is an Ed448 key: the gateway cannot verify Ed448 signatures: use an RSA or "
					+ "EC key");
	}

	private static void writeString(java.io.ByteArrayOutputStream out, byte[] value) {
		out.writeBytes(java.nio.ByteBuffer.allocate(4).putInt(value.length).array());
		out.writeBytes(value);
	}

}
