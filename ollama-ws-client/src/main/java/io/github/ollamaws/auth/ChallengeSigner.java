package io.github.ollamaws.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECKey;
import java.security.interfaces.EdECKey;
import java.util.Base64;
import java.util.Objects;

import io.github.ollamaws.core.PrivateKeyException;

/**
 * Signs the gateway's authentication challenges the way the gateway verifies them: the
 * UTF-8 bytes of the challenge string exactly as received (not its hex-decoded bytes),
 * with {@code SHA256withRSA} (RSASSA-PKCS1-v1_5) for RSA keys and {@code SHA256withECDSA}
 * with a DER-encoded signature for EC keys, returned as standard Base64.
 * <p>
 * The key is checked when the signer is created, so that a key the gateway cannot verify
 * (Ed25519, Ed448, RSA-PSS, DSA) fails at startup rather than burning authentication
 * attempts. Instances are immutable and thread-safe; {@link #toString()} never shows the
 * key. <pre class="code">
 * ChallengeSigner signer = new ChallengeSigner(PrivateKeyLoader.load(pem, passphrase));
 * String signature = signer.sign(challenge);
 * </pre>
 */
public final class ChallengeSigner {

	/** Why Edwards-curve keys are refused; {@code %s} is the curve name. */
	static final String EDWARDS_CURVE_REFUSAL = "The private key is an %s key: "
			+ "the gateway cannot verify %<s signatures: use an RSA or EC key";

	static final String RSA_PSS_REFUSAL = "The private key is an RSA-PSS key: the gateway rejects RSA-PSS signatures: "
			+ "use a plain RSA key (BEGIN PRIVATE KEY from `openssl genpkey -algorithm RSA`) or an EC key";

	static final String DSA_REFUSAL = "The private key is a DSA key, which the gateway does not verify: "
			+ "use an RSA or EC key";

	private static final byte[] PROBE = "ollama-ws signing probe".getBytes(StandardCharsets.US_ASCII);

	private final PrivateKey privateKey;

	private final String algorithm;

	/**
	 * Creates a signer for a key, checking that the gateway can verify its signatures.
	 * @param privateKey an RSA or EC private key
	 * @throws PrivateKeyException if the key is of another type or cannot sign
	 */
	public ChallengeSigner(PrivateKey privateKey) {
		if (privateKey == null) {
			throw new PrivateKeyException("No private key given");
		}
		this.algorithm = signatureAlgorithm(privateKey);
		this.privateKey = privateKey;
		try {
			// A real signature, not just initSign: some runtimes accept a key (an EC key
			// on a disabled curve such as secp256k1) and fail only when signing, which
			// would otherwise surface at the first connect.
			Signature probe = newSignature();
			probe.update(PROBE);
			probe.sign();
		}
		catch (GeneralSecurityException | RuntimeException ex) {
			throw new PrivateKeyException(describe(privateKey) + " cannot sign with " + this.algorithm
					+ " on this Java runtime: use an RSA key or an EC key on P-256, P-384 or P-521", ex);
		}
	}

	private static String describe(PrivateKey privateKey) {
		if (privateKey instanceof ECKey ecKey && ecKey.getParams() != null) {
			return "The EC private key (curve " + ecKey.getParams() + ")";
		}
		return "The " + privateKey.getAlgorithm() + " private key";
	}

	private static String signatureAlgorithm(PrivateKey privateKey) {
		String keyAlgorithm = privateKey.getAlgorithm();
		if (privateKey instanceof EdECKey edEcKey) {
			throw new PrivateKeyException(EDWARDS_CURVE_REFUSAL.formatted(edEcKey.getParams().getName()));
		}
		if ("RSA".equals(keyAlgorithm)) {
			return "SHA256withRSA";
		}
		if ("EC".equals(keyAlgorithm) || privateKey instanceof ECKey) {
			return "SHA256withECDSA";
		}
		if ("RSASSA-PSS".equals(keyAlgorithm)) {
			throw new PrivateKeyException(RSA_PSS_REFUSAL);
		}
		if ("DSA".equals(keyAlgorithm)) {
			throw new PrivateKeyException(DSA_REFUSAL);
		}
		if ("EdDSA".equals(keyAlgorithm) || "Ed25519".equals(keyAlgorithm) || "Ed448".equals(keyAlgorithm)) {
			throw new PrivateKeyException(EDWARDS_CURVE_REFUSAL.formatted(keyAlgorithm));
		}
		throw new PrivateKeyException(
				"The private key's algorithm (" + keyAlgorithm + ") is not supported: use an RSA or EC key");
	}

	/**
	 * Signs a challenge.
	 * @param challenge the challenge string as received (64 hex characters from the
	 * gateway)
	 * @return the signature, standard Base64 (DER-encoded for EC keys)
	 * @throws PrivateKeyException if signing fails
	 */
	public String sign(String challenge) {
		Objects.requireNonNull(challenge, "challenge");
		try {
			// A Signature is not thread-safe, and authentication rare: one per call.
			Signature signature = newSignature();
			signature.update(challenge.getBytes(StandardCharsets.UTF_8));
			return Base64.getEncoder().encodeToString(signature.sign());
		}
		catch (GeneralSecurityException ex) {
			throw new PrivateKeyException("Could not sign the challenge with the " + this.algorithm + " key", ex);
		}
	}

	/**
	 * Returns the JCA name of the signature algorithm used, {@code SHA256withRSA} or
	 * {@code SHA256withECDSA}.
	 * @return the signature algorithm
	 */
	public String getAlgorithm() {
		return this.algorithm;
	}

	private Signature newSignature() throws GeneralSecurityException {
		Signature signature = Signature.getInstance(this.algorithm);
		signature.initSign(this.privateKey);
		return signature;
	}

	@Override
	public String toString() {
		return "ChallengeSigner[" + this.algorithm + "]";
	}

}
