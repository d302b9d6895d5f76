package io.github.ollamaws.auth;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

import io.github.ollamaws.core.PrivateKeyException;
import org.jspecify.annotations.Nullable;

/**
 * Reads a private key from PEM text, in the forms users of the gateway have:
 * <ul>
 * <li>PKCS#8 {@code BEGIN PRIVATE KEY}, what the gateway's own key tool writes;</li>
 * <li>RSA PKCS#1 {@code BEGIN RSA PRIVATE KEY};</li>
 * <li>EC SEC1 {@code BEGIN EC PRIVATE KEY}, with a named curve (P-256, P-384, P-521),
 * explicit curve parameters, a separate {@code BEGIN EC PARAMETERS} block, or no
 * parameters but the public key;</li>
 * <li>encrypted PKCS#8 {@code BEGIN ENCRYPTED PRIVATE KEY} with its passphrase (PBES2 as
 * OpenSSL writes it by default, and the other password-based schemes the JDK
 * supports).</li>
 * </ul>
 * Text around the PEM blocks, CRLF line ends and other blocks (parameters, certificates)
 * are tolerated. Keys the gateway cannot verify (Ed25519, Ed448, RSA-PSS, DSA) and
 * formats Java cannot read (OpenSSH, legacy OpenSSL encryption) are refused with a
 * {@link PrivateKeyException} that says what to do. No message ever contains key material
 * or the passphrase.
 * <p>
 * Internal: applications read keys with
 * {@link io.github.ollamaws.client.PrivateKeyLoader}, the API, which is this class's
 * front.
 */
public final class PemPrivateKeys {

	private static final Pattern PEM_BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----",
			Pattern.DOTALL);

	private static final String RSA_OID = "1.2.840.113549.1.1.1";

	private static final String EC_OID = "1.2.840.10045.2.1";

	/**
	 * The curves whose explicit parameters are recognised, or which are inferred from a
	 * public key.
	 */
	private static final Map<String, String> CURVE_NAMES = Map.of("1.2.840.10045.3.1.7", "P-256", "1.3.132.0.34",
			"P-384", "1.3.132.0.35", "P-521");

	/**
	 * Key algorithms that can be read but that the gateway cannot verify, each with the
	 * reason.
	 */
	private static final Map<String, String> REFUSED_ALGORITHMS = Map.of("1.3.101.112",
			ChallengeSigner.EDWARDS_CURVE_REFUSAL.formatted("Ed25519"), "1.3.101.113",
			ChallengeSigner.EDWARDS_CURVE_REFUSAL.formatted("Ed448"), "1.3.101.110",
			"The private key is an X25519 key, which cannot sign: use an RSA or EC key", "1.3.101.111",
			"The private key is an X448 key, which cannot sign: use an RSA or EC key", "1.2.840.113549.1.1.10",
			ChallengeSigner.RSA_PSS_REFUSAL, "1.2.840.10040.4.1", ChallengeSigner.DSA_REFUSAL);

	private static final String OPENSSH_CONVERSION = "The private key is in OpenSSH format, which Java cannot read: "
			+ "convert it to PKCS#8 with `ssh-keygen -p -m PKCS8 -f <key file>` (rewrites the file in place)";

	private PemPrivateKeys() {
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
		if (pem == null || pem.isBlank()) {
			throw new PrivateKeyException("No private key given: the PEM text is empty");
		}
		List<PemBlock> blocks = PemBlock.findAll(pem);
		List<PemBlock> keys = blocks.stream().filter(PemBlock::isPrivateKey).toList();
		if (keys.isEmpty()) {
			throw new PrivateKeyException(noPrivateKeyMessage(pem, blocks));
		}
		if (keys.size() > 1) {
			throw new PrivateKeyException("The PEM text holds " + keys.size()
					+ " private keys: keep only the one whose public key is registered with the gateway");
		}
		PemBlock key = keys.get(0);
		PemBlock ecParameters = blocks.stream()
			.filter((block) -> block.label().equals("EC PARAMETERS"))
			.findFirst()
			.orElse(null);
		return read(key, ecParameters, passphrase);
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
		Objects.requireNonNull(pem, "pem");
		byte[] bytes;
		try {
			bytes = pem.readAllBytes();
		}
		catch (IOException ex) {
			throw new PrivateKeyException("Could not read the private key", ex);
		}
		try {
			return load(new String(bytes, StandardCharsets.UTF_8), passphrase);
		}
		finally {
			Arrays.fill(bytes, (byte) 0);
		}
	}

	private static String noPrivateKeyMessage(String pem, List<PemBlock> blocks) {
		List<String> labels = blocks.stream().map(PemBlock::label).distinct().toList();
		if (labels.stream().anyMatch((label) -> label.contains("CERTIFICATE"))) {
			return "The PEM text holds a certificate, not a private key: configure the private key whose public key "
					+ "is registered with the gateway";
		}
		if (labels.stream().anyMatch((label) -> label.contains("PUBLIC KEY"))) {
			return "The PEM text holds a public key, not a private key: configure the private key whose public key "
					+ "is registered with the gateway";
		}
		if (!labels.isEmpty()) {
			return "The PEM text holds no private key, only " + labels
					+ ": expected -----BEGIN PRIVATE KEY----- (or RSA, EC, ENCRYPTED PRIVATE KEY)";
		}
		if (pem.contains("-----BEGIN ")) {
			return "The PEM text is incomplete: a -----BEGIN line has no matching -----END line";
		}
		String text = pem.strip();
		if (text.startsWith("ssh-") || text.startsWith("ecdsa-sha2-")) {
			return "The text is an OpenSSH public key, not a private key: configure the private key whose public key "
					+ "is registered with the gateway";
		}
		return "No PEM block found: expected a private key starting with -----BEGIN PRIVATE KEY----- "
				+ "(a binary DER key converts with `openssl pkey -inform DER -in key.der -out key.pem`)";
	}

	private static PrivateKey read(PemBlock block, @Nullable PemBlock ecParameters, char @Nullable [] passphrase) {
		if (block.isLegacyEncrypted()) {
			throw new PrivateKeyException("The private key uses legacy OpenSSL encryption (Proc-Type: 4,ENCRYPTED), "
					+ "which Java cannot read: convert it to encrypted PKCS#8 with "
					+ "`openssl pkcs8 -topk8 -v2 aes-256-cbc -in <key file> -out <new key file>`");
		}
		byte[] der = block.decode();
		try {
			return switch (block.label()) {
				case "PRIVATE KEY" -> fromPkcs8(der);
				case "ENCRYPTED PRIVATE KEY" -> fromEncryptedPkcs8(der, passphrase);
				case "RSA PRIVATE KEY" -> fromPkcs1(der);
				case "EC PRIVATE KEY" -> fromSec1(der, (ecParameters != null) ? ecParameters.decode() : null, null);
				case "OPENSSH PRIVATE KEY" -> throw new PrivateKeyException(openSshMessage(der));
				case "DSA PRIVATE KEY" -> throw new PrivateKeyException(ChallengeSigner.DSA_REFUSAL);
				default -> throw new PrivateKeyException("The private key format (BEGIN " + block.label()
						+ ") is not supported: convert it to PKCS#8 with `openssl pkcs8 -topk8`");
			};
		}
		finally {
			Arrays.fill(der, (byte) 0);
		}
	}

	private static PrivateKey fromPkcs8(byte[] der) {
		String algorithm;
		Der.Value algorithmParameters;
		byte[] privateKey;
		try {
			List<Der.Value> info = Der.parse(der).elements(Der.SEQUENCE);
			List<Der.Value> algorithmIdentifier = info.get(1).elements(Der.SEQUENCE);
			algorithm = algorithmIdentifier.get(0).oid();
			algorithmParameters = (algorithmIdentifier.size() > 1) ? algorithmIdentifier.get(1) : null;
			privateKey = info.get(2).octets();
		}
		catch (RuntimeException ex) {
			throw new PrivateKeyException("The private key is not a valid PKCS#8 structure");
		}
		String refusal = REFUSED_ALGORITHMS.get(algorithm);
		if (refusal != null) {
			throw new PrivateKeyException(refusal);
		}
		if (RSA_OID.equals(algorithm)) {
			return generate("RSA", der);
		}
		if (EC_OID.equals(algorithm)) {
			byte[] curve = (algorithmParameters != null && algorithmParameters.tag() != Der.NULL)
					? Der.encode(algorithmParameters.tag(), algorithmParameters.content()) : null;
			return fromSec1(privateKey, curve, "PKCS#8");
		}
		throw new PrivateKeyException(
				"The private key's algorithm (OID " + algorithm + ") is not supported: use an RSA or EC key");
	}

	private static PrivateKey fromEncryptedPkcs8(byte[] der, char @Nullable [] passphrase) {
		if (passphrase == null || passphrase.length == 0) {
			throw new PrivateKeyException("The private key is encrypted: set a passphrase");
		}
		EncryptedPrivateKeyInfo info;
		String algorithm;
		try {
			info = new EncryptedPrivateKeyInfo(der);
			algorithm = info.getAlgName();
			// Older JDKs name PBES2 generically; its parameters name the cipher and PRF.
			if (algorithm.equals("PBES2") || algorithm.equals("1.2.840.113549.1.5.13")) {
				algorithm = info.getAlgParameters().toString();
			}
		}
		catch (IOException | RuntimeException ex) {
			throw new PrivateKeyException("The encrypted private key is not a valid encrypted PKCS#8 structure, or "
					+ "uses an encryption Java cannot read: re-encrypt it with "
					+ "`openssl pkcs8 -topk8 -v2 aes-256-cbc -in <key file> -out <new key file>`");
		}
		byte[] decrypted;
		try {
			decrypted = decrypt(info, algorithm, passphrase);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new PrivateKeyException("The private key is encrypted with " + algorithm
					+ ", which Java cannot decrypt: re-encrypt it with "
					+ "`openssl pkcs8 -topk8 -v2 aes-256-cbc -in <key file> -out <new key file>`", ex);
		}
		catch (GeneralSecurityException | RuntimeException ex) {
			// A wrong passphrase gives bad padding, or garbage that is not PKCS#8.
			throw new PrivateKeyException("Could not decrypt the private key: wrong passphrase");
		}
		try {
			return fromPkcs8(decrypted);
		}
		finally {
			Arrays.fill(decrypted, (byte) 0);
		}
	}

	private static byte[] decrypt(EncryptedPrivateKeyInfo info, String algorithm, char[] passphrase)
			throws GeneralSecurityException {
		PBEKeySpec keySpec = new PBEKeySpec(passphrase);
		try {
			SecretKey key = SecretKeyFactory.getInstance(algorithm).generateSecret(keySpec);
			Cipher cipher = Cipher.getInstance(algorithm);
			cipher.init(Cipher.DECRYPT_MODE, key, info.getAlgParameters());
			PKCS8EncodedKeySpec decrypted = info.getKeySpec(cipher);
			// Garbage decrypted under a wrong passphrase can pass the padding check:
			// insist on a PKCS#8 SEQUENCE.
			Der.parse(decrypted.getEncoded()).elements(Der.SEQUENCE);
			return decrypted.getEncoded();
		}
		finally {
			keySpec.clearPassword();
		}
	}

	private static PrivateKey fromPkcs1(byte[] der) {
		byte[] rsaAlgorithmIdentifier = { 0x30, 0x0D, 0x06, 0x09, 0x2A, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xF7,
				0x0D, 0x01, 0x01, 0x01, 0x05, 0x00 };
		byte[] version = { Der.INTEGER, 0x01, 0x00 };
		byte[] pkcs8 = Der.encode(Der.SEQUENCE, version, rsaAlgorithmIdentifier, Der.encode(Der.OCTET_STRING, der));
		try {
			return generate("RSA", pkcs8);
		}
		finally {
			Arrays.fill(pkcs8, (byte) 0);
		}
	}

	/**
	 * Reads a SEC1 {@code ECPrivateKey}, on its own or inside PKCS#8.
	 * @param der the SEC1 structure
	 * @param outerCurve the curve parameters from outside the structure (PKCS#8 algorithm
	 * parameters or an {@code EC PARAMETERS} block), or {@code null}; used when the
	 * structure has none
	 * @param container how the key was wrapped, for messages
	 * @return the EC private key
	 */
	private static PrivateKey fromSec1(byte[] der, byte @Nullable [] outerCurve, @Nullable String container) {
		BigInteger scalar;
		byte[] innerCurve = null;
		byte[] publicPoint = null;
		try {
			List<Der.Value> elements = Der.parse(der).elements(Der.SEQUENCE);
			if (!elements.get(0).integer().equals(BigInteger.ONE)) {
				throw new IllegalArgumentException("unsupported SEC1 version");
			}
			scalar = new BigInteger(1, elements.get(1).octets());
			for (Der.Value element : elements.subList(2, elements.size())) {
				if (element.tag() == Der.CONTEXT_0) {
					innerCurve = element.content();
				}
				else if (element.tag() == Der.CONTEXT_1) {
					publicPoint = Der.parse(element.content()).bits();
				}
			}
		}
		catch (RuntimeException ex) {
			throw new PrivateKeyException("The EC private key is not a valid "
					+ ((container != null) ? container + " EC" : "SEC1") + " structure");
		}
		// The key's own parameters first; RFC 5915 requires outer parameters, when both
		// are present, to agree.
		byte[] curve = (innerCurve != null) ? innerCurve : outerCurve;
		if (curve != null) {
			return ecKey(scalar, curveParameters(curve));
		}
		if (publicPoint == null) {
			throw new PrivateKeyException("The EC private key names no curve and has no public key: add the curve, "
					+ "for example with `openssl pkcs8 -topk8 -nocrypt -in <key file> -out <new key file>` "
					+ "on a file that has an EC PARAMETERS block");
		}
		return inferCurve(scalar, publicPoint);
	}

	/**
	 * Finds the curve a key without parameters belongs to: the supported curve on which
	 * its private scalar gives its public point, tested by signing and verifying.
	 * @param scalar the private scalar
	 * @param publicPoint the uncompressed public point stored with the key
	 * @return the EC private key on the curve found
	 */
	private static PrivateKey inferCurve(BigInteger scalar, byte[] publicPoint) {
		for (String oid : CURVE_NAMES.keySet()) {
			ECParameterSpec spec = namedCurve(oid);
			int fieldBytes = (spec.getCurve().getField().getFieldSize() + 7) / 8;
			if (publicPoint.length != 1 + 2 * fieldBytes || publicPoint[0] != 0x04) {
				continue;
			}
			ECPoint point = new ECPoint(new BigInteger(1, Arrays.copyOfRange(publicPoint, 1, 1 + fieldBytes)),
					new BigInteger(1, Arrays.copyOfRange(publicPoint, 1 + fieldBytes, publicPoint.length)));
			try {
				PrivateKey privateKey = ecKey(scalar, spec);
				PublicKey publicKey = KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, spec));
				if (keysMatch(privateKey, publicKey)) {
					return privateKey;
				}
			}
			catch (GeneralSecurityException | PrivateKeyException ex) {
				// not this curve
			}
		}
		throw new PrivateKeyException("The EC private key names no curve, and its public key is on none of "
				+ "P-256, P-384, P-521: use a key on one of these curves");
	}

	private static boolean keysMatch(PrivateKey privateKey, PublicKey publicKey) throws GeneralSecurityException {
		byte[] probe = "ollama-ws curve probe".getBytes(StandardCharsets.US_ASCII);
		Signature signer = Signature.getInstance("SHA256withECDSA");
		signer.initSign(privateKey);
		signer.update(probe);
		byte[] signature = signer.sign();
		Signature verifier = Signature.getInstance("SHA256withECDSA");
		verifier.initVerify(publicKey);
		verifier.update(probe);
		return verifier.verify(signature);
	}

	/**
	 * Resolves EC domain parameters: a named-curve OID, or explicit parameters equal to
	 * those of a supported named curve (Java accepts only named curves).
	 * @param encoded the DER encoding of the parameters
	 * @return the parameters of the named curve
	 */
	private static ECParameterSpec curveParameters(byte[] encoded) {
		Der.Value parameters;
		try {
			parameters = Der.parse(encoded);
		}
		catch (RuntimeException ex) {
			throw new PrivateKeyException("The EC private key's curve parameters are not valid");
		}
		if (parameters.tag() == Der.OBJECT_IDENTIFIER) {
			return namedCurve(parameters.oid());
		}
		if (parameters.tag() == Der.SEQUENCE) {
			for (String oid : CURVE_NAMES.keySet()) {
				ECParameterSpec spec = namedCurve(oid);
				if (matchesExplicit(spec, parameters)) {
					return spec;
				}
			}
			throw new PrivateKeyException("The EC private key has explicit curve parameters that are none of "
					+ "P-256, P-384, P-521: use a key on one of these curves");
		}
		throw new PrivateKeyException("The EC private key's curve parameters are not supported: "
				+ "use a key on a named curve (P-256, P-384, P-521)");
	}

	private static boolean matchesExplicit(ECParameterSpec spec, Der.Value explicit) {
		try {
			// ECParameters ::= SEQUENCE { version, fieldID { prime-field, p },
			// curve { a, b, seed? }, base, order, cofactor? }
			List<Der.Value> elements = explicit.elements(Der.SEQUENCE);
			BigInteger prime = elements.get(1).elements(Der.SEQUENCE).get(1).integer();
			List<Der.Value> curve = elements.get(2).elements(Der.SEQUENCE);
			BigInteger a = new BigInteger(1, curve.get(0).octets());
			BigInteger b = new BigInteger(1, curve.get(1).octets());
			byte[] base = elements.get(3).octets();
			BigInteger order = elements.get(4).integer();
			int fieldBytes = (spec.getCurve().getField().getFieldSize() + 7) / 8;
			ECPoint generator = spec.getGenerator();
			return spec.getCurve().getField() instanceof ECFieldFp field && field.getP().equals(prime)
					&& spec.getCurve().getA().equals(a) && spec.getCurve().getB().equals(b)
					&& spec.getOrder().equals(order) && base.length == 1 + 2 * fieldBytes && base[0] == 0x04
					&& new BigInteger(1, Arrays.copyOfRange(base, 1, 1 + fieldBytes)).equals(generator.getAffineX())
					&& new BigInteger(1, Arrays.copyOfRange(base, 1 + fieldBytes, base.length))
						.equals(generator.getAffineY());
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	private static ECParameterSpec namedCurve(String oid) {
		try {
			AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
			parameters.init(new ECGenParameterSpec(oid));
			return parameters.getParameterSpec(ECParameterSpec.class);
		}
		catch (GeneralSecurityException | RuntimeException ex) {
			throw new PrivateKeyException("The EC private key's curve (OID " + oid
					+ ") is not supported by this Java runtime: use P-256, P-384 or P-521");
		}
	}

	private static PrivateKey ecKey(BigInteger scalar, ECParameterSpec spec) {
		if (scalar.signum() <= 0 || scalar.compareTo(spec.getOrder()) >= 0) {
			throw new PrivateKeyException("The EC private key is not valid for its curve");
		}
		try {
			return KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(scalar, spec));
		}
		catch (GeneralSecurityException ex) {
			throw new PrivateKeyException("The EC private key is not valid for its curve");
		}
	}

	private static PrivateKey generate(String algorithm, byte[] pkcs8) {
		try {
			return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
		}
		catch (InvalidKeySpecException ex) {
			throw new PrivateKeyException("The " + algorithm + " private key is not valid");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new PrivateKeyException("This Java runtime cannot read " + algorithm + " keys", ex);
		}
	}

	/**
	 * Says why an OpenSSH key cannot be used: the key type sits unencrypted in the public
	 * part of the format.
	 * @param der the decoded body of the OpenSSH key
	 * @return the message, naming the key type when it is Ed25519 or Ed448
	 */
	private static String openSshMessage(byte[] der) {
		try {
			ByteBuffer buffer = ByteBuffer.wrap(der);
			byte[] magic = "openssh-key-v1\0".getBytes(StandardCharsets.US_ASCII);
			byte[] actual = new byte[magic.length];
			buffer.get(actual);
			if (Arrays.equals(magic, actual)) {
				skipString(buffer); // cipher
				skipString(buffer); // key derivation function
				skipString(buffer); // its options
				buffer.getInt(); // number of keys
				buffer.getInt(); // length of the first public key
				byte[] type = new byte[buffer.getInt()];
				buffer.get(type);
				String keyType = new String(type, StandardCharsets.US_ASCII);
				if (keyType.startsWith("ssh-ed25519")) {
					return ChallengeSigner.EDWARDS_CURVE_REFUSAL.formatted("Ed25519");
				}
				if (keyType.startsWith("ssh-ed448")) {
					return ChallengeSigner.EDWARDS_CURVE_REFUSAL.formatted("Ed448");
				}
			}
		}
		catch (RuntimeException ex) {
			// not readable: give the general advice
		}
		return OPENSSH_CONVERSION;
	}

	private static void skipString(ByteBuffer buffer) {
		int length = buffer.getInt();
		buffer.position(buffer.position() + length);
	}

	/**
	 * One {@code -----BEGIN label-----} block.
	 *
	 * @param label the label, such as {@code PRIVATE KEY}
	 * @param body the text between the lines, headers included
	 */
	private record PemBlock(String label, String body) {

		static List<PemBlock> findAll(String text) {
			List<PemBlock> blocks = new ArrayList<>();
			Matcher matcher = PEM_BLOCK.matcher(text);
			while (matcher.find()) {
				blocks.add(new PemBlock(matcher.group(1).trim(), matcher.group(2)));
			}
			return blocks;
		}

		boolean isPrivateKey() {
			return this.label.endsWith("PRIVATE KEY");
		}

		boolean isLegacyEncrypted() {
			return this.body.contains("Proc-Type:") && this.body.contains("ENCRYPTED");
		}

		/**
		 * Decodes the Base64 body, ignoring headers, whitespace and literal {@code \n}
		 * escapes (a PEM pasted into an environment variable).
		 * @return the DER bytes of the block
		 */
		byte[] decode() {
			StringBuilder base64 = new StringBuilder();
			for (String line : this.body.replace("\\r", "\n").replace("\\n", "\n").split("\n")) {
				if (!line.contains(":")) {
					base64.append(line.replaceAll("\\s", ""));
				}
			}
			try {
				return Base64.getDecoder().decode(base64.toString());
			}
			catch (IllegalArgumentException ex) {
				// The decoder's message would quote a character of the key: leave it out.
				throw new PrivateKeyException("The PEM block BEGIN " + this.label + " is not valid Base64");
			}
		}

		@Override
		public String toString() {
			return "PemBlock[" + this.label + "]";
		}

	}

}
