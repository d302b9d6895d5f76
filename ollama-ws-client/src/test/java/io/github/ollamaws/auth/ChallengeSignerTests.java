package io.github.ollamaws.auth;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.github.ollamaws.core.PrivateKeyException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link ChallengeSigner}, with real keys and the JDK verifying as the gateway
 * does.
 */
class ChallengeSignerTests {

	@Test
	void rsaSignatureIsPkcs1v15OverTheUtf8BytesOfTheChallengeString() throws Exception {
		PrivateKey key = TestKeys.load("rsa-pkcs8.pem", null);
		ChallengeSigner signer = new ChallengeSigner(key);
		String challenge = TestKeys.challenge();
		// PKCS#1 v1.5 is deterministic: the signature must equal the JDK's over the same
		// bytes.
		Signature reference = Signature.getInstance("SHA256withRSA");
		reference.initSign(key);
		reference.update(challenge.getBytes(StandardCharsets.UTF_8));
		assertThat(signer.sign(challenge)).isEqualTo(Base64.getEncoder().encodeToString(reference.sign()));
		assertThat(signer.getAlgorithm()).isEqualTo("SHA256withRSA");
	}

	@Test
	void ecSignatureIsDerEncoded() throws Exception {
		ChallengeSigner signer = new ChallengeSigner(TestKeys.load("ec-p256-sec1.pem", null));
		byte[] signature = Base64.getDecoder().decode(signer.sign(TestKeys.challenge()));
		// DER: SEQUENCE { INTEGER r, INTEGER s }, never the 64-byte r||s form.
		assertThat(signature[0]).isEqualTo((byte) 0x30);
		assertThat(signature[1] & 0xFF).isEqualTo(signature.length - 2);
		assertThat(signature[2]).isEqualTo((byte) 0x02);
		assertThat(signer.getAlgorithm()).isEqualTo("SHA256withECDSA");
	}

	@Test
	void signsNonAsciiChallengeAsUtf8AndReturnsStandardBase64() throws Exception {
		ChallengeSigner signer = new ChallengeSigner(TestKeys.load("rsa-pkcs1.pem", null));
		PublicKey publicKey = TestKeys.publicKey("rsa-public.pem", "RSA");
		String challenge = "défi-\u00e9\u4e2d-" + TestKeys.challenge();
		String signature = signer.sign(challenge);
		assertThat(signature).matches("[A-Za-z0-9+/]+={0,2}");
		assertThat(TestKeys.verifies(publicKey, "SHA256withRSA", challenge.getBytes(StandardCharsets.UTF_8), signature))
			.isTrue();
		assertThat(TestKeys.verifies(publicKey, "SHA256withRSA", challenge.getBytes(StandardCharsets.ISO_8859_1),
				signature))
			.isFalse();
	}

	@Test
	void signsConcurrently() throws Exception {
		PrivateKey rsa = TestKeys.load("rsa-pkcs8.pem", null);
		ChallengeSigner rsaSigner = new ChallengeSigner(rsa);
		ChallengeSigner ecSigner = new ChallengeSigner(TestKeys.load("ec-p384-sec1.pem", null));
		PublicKey ecPublicKey = TestKeys.publicKey("ec-p384-public.pem", "EC");
		String challenge = TestKeys.challenge();
		String expectedRsa = rsaSigner.sign(challenge);
		ExecutorService executor = Executors.newFixedThreadPool(8);
		try {
			List<Future<Boolean>> results = new ArrayList<>();
			for (int i = 0; i < 64; i++) {
				results.add(executor
					.submit(() -> rsaSigner.sign(challenge).equals(expectedRsa) && TestKeys.verifies(ecPublicKey,
							"SHA256withECDSA", challenge.getBytes(StandardCharsets.UTF_8), ecSigner.sign(challenge))));
			}
			for (Future<Boolean> result : results) {
				assertThat(result.get(30, TimeUnit.SECONDS)).isTrue();
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			textBlock = """
					Ed25519    | The private key is an Ed25519 key: the gateway cannot verify Ed25519 signatures: use an RSA or EC key
					Ed448      | The private key is an Ed448 key: the gateway cannot verify Ed448 signatures: use an RSA or EC key
					RSASSA-PSS | The private key is an RSA-PSS key: the gateway rejects RSA-PSS signatures: use a plain RSA key (BEGIN PRIVATE KEY from `openssl genpkey -algorithm RSA`) or an EC key
					DSA        | The private key is a DSA key, which the gateway does not verify: use an RSA or EC key
					X25519     | The private key's algorithm (XDH) is not supported: use an RSA or EC key
					""")
	void refusesKeysTheGatewayCannotVerify(String algorithm, String message) throws Exception {
		KeyPair pair = KeyPairGenerator.getInstance(algorithm).generateKeyPair();
		assertThatExceptionOfType(PrivateKeyException.class).isThrownBy(() -> new ChallengeSigner(pair.getPrivate()))
			.withMessage(message);
	}

	@Test
	void refusesMissingKey() {
		assertThatExceptionOfType(PrivateKeyException.class).isThrownBy(() -> new ChallengeSigner(null))
			.withMessage("No private key given");
	}

	@Test
	void refusesKeyThatCannotSignUpFront() {
		PrivateKey foreign = new PrivateKey() {

			@Override
			public String getAlgorithm() {
				return "RSA";
			}

			@Override
			public String getFormat() {
				return null;
			}

			@Override
			public byte[] getEncoded() {
				return null;
			}

		};
		assertThatExceptionOfType(PrivateKeyException.class).isThrownBy(() -> new ChallengeSigner(foreign))
			.withMessage("The RSA private key cannot sign with SHA256withRSA on this Java runtime: use an RSA key or "
					+ "an EC key on P-256, P-384 or P-521");
	}

	@Test
	void refusesEcKeyOnCurveThisRuntimeCannotSignWith() {
		// Java 16+ reads secp256k1 keys but no longer signs with them.
		PrivateKey secp256k1 = TestKeys.load("ec-secp256k1-sec1.pem", null);
		assertThatExceptionOfType(PrivateKeyException.class).isThrownBy(() -> new ChallengeSigner(secp256k1))
			.withMessageStartingWith("The EC private key (curve secp256k1")
			.withMessageEndingWith(") cannot sign with SHA256withECDSA on this Java runtime: use an RSA key or an EC "
					+ "key on P-256, P-384 or P-521");
	}

	@Test
	void toStringShowsTheAlgorithmOnly() {
		PrivateKey key = TestKeys.load("rsa-pkcs8.pem", null);
		String text = new ChallengeSigner(key).toString();
		assertThat(text).isEqualTo("ChallengeSigner[SHA256withRSA]");
		assertThat(text).doesNotContain(Base64.getEncoder().encodeToString(key.getEncoded()).substring(0, 16));
	}

}
