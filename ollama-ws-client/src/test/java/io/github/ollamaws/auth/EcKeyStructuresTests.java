package io.github.ollamaws.auth;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.util.HexFormat;

import io.github.ollamaws.client.PrivateKeyLoader;
import io.github.ollamaws.core.PrivateKeyException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for the SEC1 EC key structures {@code openssl} and other tools write, built here
 * from keys the JDK generates: where the curve comes from (the key's own parameters,
 * named or explicit, an {@code EC PARAMETERS} block beside it, or the curve its public
 * key lies on), and what is refused. Each loaded key is proven by a signature the JDK
 * verifies with the generated public key.
 */
class EcKeyStructuresTests {

	private static final byte[] VERSION_1 = { Der.INTEGER, 1, 1 };

	@ParameterizedTest
	@ValueSource(strings = { "secp256r1", "secp384r1", "secp521r1" })
	void explicitParametersOfEachSupportedCurveResolveToThatCurve(String curve) throws Exception {
		KeyPair pair = generate(curve);
		ECPrivateKey key = (ECPrivateKey) pair.getPrivate();
		String pem = TestKeys.toPem("EC PRIVATE KEY",
				sec1(key, Der.encode(Der.CONTEXT_0, explicit(key.getParams())), null));
		assertSignsFor(PrivateKeyLoader.load(pem, null), pair);
	}

	@Test
	void explicitParametersOfAnotherCurveAreRefused() throws Exception {
		// secp256k1's parameters, written out: a prime field, but none of the supported
		// curves.
		ECParameterSpec p256 = ((ECPrivateKey) generate("secp256r1").getPrivate()).getParams();
		BigInteger p = BigInteger.TWO.pow(256).subtract(BigInteger.TWO.pow(32)).subtract(BigInteger.valueOf(977));
		byte[] secp256k1 = Der.encode(Der.SEQUENCE, VERSION_1, field(p),
				Der.encode(Der.SEQUENCE, octets(BigInteger.ZERO, 32), octets(BigInteger.valueOf(7), 32)),
				point(p256.getGenerator(), 32), integer(p256.getOrder()), integer(BigInteger.ONE));
		assertRefused(TestKeys.toPem("EC PRIVATE KEY", sec1(scalarOf(7, 32), Der.encode(Der.CONTEXT_0, secp256k1))),
				"The EC private key has explicit curve parameters that are none of P-256, P-384, P-521: use a key on "
						+ "one of these curves");
		byte[] truncated = Der.encode(Der.SEQUENCE, VERSION_1);
		assertRefused(TestKeys.toPem("EC PRIVATE KEY", sec1(scalarOf(7, 32), Der.encode(Der.CONTEXT_0, truncated))),
				"The EC private key has explicit curve parameters that are none of P-256, P-384, P-521: use a key on "
						+ "one of these curves");
	}

	@Test
	void theCurveOfAnEcParametersBlockServesAKeyThatNamesNone() throws Exception {
		// openssl ecparam -genkey writes the parameters as a block of their own; a key
		// without its own parameters and public key takes the curve from there.
		KeyPair pair = generate("secp384r1");
		String parameters = TestKeys.toPem("EC PARAMETERS",
				Der.encode(Der.OBJECT_IDENTIFIER, HexFormat.of().parseHex("2b81040022")));
		String key = TestKeys.toPem("EC PRIVATE KEY", sec1((ECPrivateKey) pair.getPrivate(), null, null));
		assertSignsFor(PrivateKeyLoader.load(parameters + key, null), pair);
		assertSignsFor(PrivateKeyLoader.load(key + parameters, null), pair);
	}

	@Test
	void withoutParametersTheCurveIsTheOneItsOwnPublicKeyLiesOn() throws Exception {
		KeyPair pair = generate("secp384r1");
		String pem = TestKeys.toPem("EC PRIVATE KEY",
				sec1((ECPrivateKey) pair.getPrivate(), null, ((ECPublicKey) pair.getPublic()).getW()));
		assertSignsFor(PrivateKeyLoader.load(pem, null), pair);
	}

	@Test
	void aPublicKeyThatIsNotTheKeysOwnIsRefused() throws Exception {
		KeyPair pair = generate("secp256r1");
		ECPoint another = ((ECPublicKey) generate("secp256r1").getPublic()).getW();
		assertRefused(TestKeys.toPem("EC PRIVATE KEY", sec1((ECPrivateKey) pair.getPrivate(), null, another)),
				"The EC private key names no curve, and its public key is on none of P-256, P-384, P-521: use a key "
						+ "on one of these curves");
	}

	@Test
	void aScalarOutsideTheCurvesRangeIsRefused() throws Exception {
		ECParameterSpec p256 = ((ECPrivateKey) generate("secp256r1").getPrivate()).getParams();
		byte[] named = Der.encode(Der.CONTEXT_0,
				Der.encode(Der.OBJECT_IDENTIFIER, HexFormat.of().parseHex("2a8648ce3d030107")));
		for (BigInteger scalar : new BigInteger[] { BigInteger.ZERO, p256.getOrder(),
				p256.getOrder().add(BigInteger.ONE) }) {
			assertRefused(TestKeys.toPem("EC PRIVATE KEY", sec1(octets(scalar, 32), named)),
					"The EC private key is not valid for its curve");
		}
	}

	@Test
	void onlyVersion1OfSec1IsRead() throws Exception {
		ECPrivateKey key = (ECPrivateKey) generate("secp256r1").getPrivate();
		byte[] named = Der.encode(Der.CONTEXT_0,
				Der.encode(Der.OBJECT_IDENTIFIER, HexFormat.of().parseHex("2a8648ce3d030107")));
		byte[] version2 = Der.encode(Der.SEQUENCE, new byte[] { Der.INTEGER, 1, 2 }, octets(key.getS(), 32), named);
		assertRefused(TestKeys.toPem("EC PRIVATE KEY", version2), "The EC private key is not a valid SEC1 structure");
	}

	private static KeyPair generate(String curve) throws GeneralSecurityException {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
		generator.initialize(new ECGenParameterSpec(curve));
		return generator.generateKeyPair();
	}

	private static void assertSignsFor(PrivateKey loaded, KeyPair pair) throws GeneralSecurityException {
		ECPrivateKey expected = (ECPrivateKey) pair.getPrivate();
		assertThat(loaded).isInstanceOfSatisfying(ECPrivateKey.class, (key) -> {
			assertThat(key.getS()).isEqualTo(expected.getS());
			assertThat(key.getParams().getOrder()).isEqualTo(expected.getParams().getOrder());
		});
		String challenge = TestKeys.challenge();
		String signature = new ChallengeSigner(loaded).sign(challenge);
		assertThat(TestKeys.verifies(pair.getPublic(), "SHA256withECDSA", challenge.getBytes(StandardCharsets.UTF_8),
				signature))
			.isTrue();
	}

	private static void assertRefused(String pem, String message) {
		assertThatExceptionOfType(PrivateKeyException.class).isThrownBy(() -> PrivateKeyLoader.load(pem, null))
			.withMessage(message);
	}

	private static int fieldBytes(ECParameterSpec spec) {
		return (spec.getCurve().getField().getFieldSize() + 7) / 8;
	}

	// ECPrivateKey ::= SEQUENCE { version 1, privateKey OCTET STRING, [0] parameters
	// OPTIONAL, [1] publicKey BIT STRING OPTIONAL }
	private static byte[] sec1(ECPrivateKey key, byte[] parameters, ECPoint publicKey) {
		int size = fieldBytes(key.getParams());
		byte[] scalar = octets(key.getS(), size);
		byte[] withParameters = (parameters != null) ? parameters : new byte[0];
		byte[] withPublicKey = (publicKey != null) ? Der.encode(Der.CONTEXT_1, bits(point(publicKey, size)))
				: new byte[0];
		return Der.encode(Der.SEQUENCE, VERSION_1, scalar, withParameters, withPublicKey);
	}

	private static byte[] sec1(byte[] scalar, byte[] parameters) {
		return Der.encode(Der.SEQUENCE, VERSION_1, scalar, parameters);
	}

	private static byte[] scalarOf(int value, int size) {
		return octets(BigInteger.valueOf(value), size);
	}

	// ECParameters ::= SEQUENCE { version 1, fieldID, curve { a, b }, base, order,
	// cofactor }
	private static byte[] explicit(ECParameterSpec spec) {
		int size = fieldBytes(spec);
		BigInteger p = ((ECFieldFp) spec.getCurve().getField()).getP();
		return Der.encode(Der.SEQUENCE, VERSION_1, field(p),
				Der.encode(Der.SEQUENCE, octets(spec.getCurve().getA(), size), octets(spec.getCurve().getB(), size)),
				point(spec.getGenerator(), size), integer(spec.getOrder()),
				integer(BigInteger.valueOf(spec.getCofactor())));
	}

	// fieldID: SEQUENCE { prime-field (1.2.840.10045.1.1), p }
	private static byte[] field(BigInteger p) {
		return Der.encode(Der.SEQUENCE, Der.encode(Der.OBJECT_IDENTIFIER, HexFormat.of().parseHex("2a8648ce3d0101")),
				integer(p));
	}

	private static byte[] point(ECPoint point, int size) {
		byte[] x = unsigned(point.getAffineX(), size);
		byte[] y = unsigned(point.getAffineY(), size);
		byte[] encoded = new byte[1 + 2 * size];
		encoded[0] = 0x04;
		System.arraycopy(x, 0, encoded, 1, size);
		System.arraycopy(y, 0, encoded, 1 + size, size);
		return Der.encode(Der.OCTET_STRING, encoded);
	}

	private static byte[] bits(byte[] octetString) {
		byte[] content = Der.parse(octetString).octets();
		byte[] padded = new byte[content.length + 1];
		System.arraycopy(content, 0, padded, 1, content.length);
		return Der.encode(Der.BIT_STRING, padded);
	}

	private static byte[] integer(BigInteger value) {
		return Der.encode(Der.INTEGER, value.toByteArray());
	}

	private static byte[] octets(BigInteger value, int size) {
		return Der.encode(Der.OCTET_STRING, unsigned(value, size));
	}

	private static byte[] unsigned(BigInteger value, int size) {
		byte[] bytes = value.toByteArray();
		byte[] fixed = new byte[size];
		int copy = Math.min(bytes.length, size);
		System.arraycopy(bytes, bytes.length - copy, fixed, size - copy, copy);
		return fixed;
	}

}
