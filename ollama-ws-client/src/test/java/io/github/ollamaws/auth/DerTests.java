package io.github.ollamaws.auth;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link Der}, the reader and writer of the DER structures a private key is
 * made of: lengths in their short and long forms at the boundaries of each, what a
 * truncated or unsupported encoding is refused with, and the typed accessors.
 */
class DerTests {

	@Test
	void lengthsRoundTripAtTheBoundariesOfTheirForms() {
		for (int length : new int[] { 0, 1, 127, 128, 255, 256, 65_535, 65_536, 1 << 20 }) {
			byte[] content = new byte[length];
			Arrays.fill(content, (byte) 7);
			byte[] encoded = Der.encode(Der.OCTET_STRING, content);
			assertThat(Der.parse(encoded).octets()).as("length %d", length).isEqualTo(content);
		}
	}

	@Test
	void aLengthOf128AndMoreTakesTheLongFormWithTheFewestBytes() {
		assertThat(header(Der.encode(Der.OCTET_STRING, new byte[127]), 2)).isEqualTo("047f");
		assertThat(header(Der.encode(Der.OCTET_STRING, new byte[128]), 3)).isEqualTo("048180");
		assertThat(header(Der.encode(Der.OCTET_STRING, new byte[256]), 4)).isEqualTo("04820100");
		assertThat(header(Der.encode(Der.OCTET_STRING, new byte[65_536]), 5)).isEqualTo("0483010000");
	}

	@Test
	void theContentOfSeveralPartsIsTheirConcatenation() {
		byte[] sequence = Der.encode(Der.SEQUENCE, new byte[] { Der.INTEGER, 1, 5 },
				Der.encode(Der.OCTET_STRING, new byte[] { 9 }));
		List<Der.Value> elements = Der.parse(sequence).elements(Der.SEQUENCE);
		assertThat(elements).hasSize(2);
		assertThat(elements.get(0).integer()).isEqualTo(BigInteger.valueOf(5));
		assertThat(elements.get(1).octets()).containsExactly(9);
	}

	@Test
	void truncatedAndUnsupportedEncodingsAreRefused() {
		assertRefused("04", "truncated DER length");
		assertRefused("0480", "indefinite DER lengths are not allowed");
		assertRefused("048201", "unsupported or truncated DER length");
		assertRefused("04840000000100", "unsupported or truncated DER length");
		assertRefused("040501", "truncated DER value");
		assertRefused("04810201", "truncated DER value");
		assertRefused("1f0100", "multi-byte DER tags are not supported");
		assertRefused("04000400", "expected one DER value, found 2");
		assertRefused("", "expected one DER value, found 0");
	}

	@Test
	void eachAccessorChecksTheTag() {
		Der.Value octets = Der.parse(Der.encode(Der.OCTET_STRING, new byte[] { 0, 1 }));
		assertThatIllegalArgumentException().isThrownBy(() -> octets.elements(Der.SEQUENCE))
			.withMessage("expected DER tag 0x30, found 0x04");
		assertThatIllegalArgumentException().isThrownBy(octets::integer)
			.withMessage("expected DER tag 0x02, found 0x04");
		assertThatIllegalArgumentException().isThrownBy(octets::bits).withMessage("expected DER tag 0x03, found 0x04");
		assertThatIllegalArgumentException().isThrownBy(octets::oid).withMessage("expected DER tag 0x06, found 0x04");
		Der.Value integer = Der.parse(new byte[] { Der.INTEGER, 1, 1 });
		assertThatIllegalArgumentException().isThrownBy(integer::octets)
			.withMessage("expected DER tag 0x04, found 0x02");
	}

	@Test
	void aBitStringHasNoUnusedBits() {
		assertThat(Der.parse(HexFormat.of().parseHex("0303000a0b")).bits()).containsExactly(0x0a, 0x0b);
		assertRefusedBits("030101", "unexpected BIT STRING padding");
		assertRefusedBits("0300", "unexpected BIT STRING padding");
	}

	@Test
	void objectIdentifiersInEachFirstArc() {
		assertThat(oid("2a8648ce3d030107")).isEqualTo("1.2.840.10045.3.1.7");
		assertThat(oid("2b81040022")).isEqualTo("1.3.132.0.34");
		assertThat(oid("550403")).isEqualTo("2.5.4.3");
		assertThat(oid("8837")).isEqualTo("2.999");
		assertThat(oid("0902")).isEqualTo("0.9.2");
		assertThatIllegalArgumentException().isThrownBy(() -> oid("")).withMessage("empty OBJECT IDENTIFIER");
	}

	private static String oid(String hexContent) {
		byte[] content = HexFormat.of().parseHex(hexContent);
		return Der.parse(Der.encode(Der.OBJECT_IDENTIFIER, content)).oid();
	}

	private static String header(byte[] encoded, int length) {
		return HexFormat.of().formatHex(Arrays.copyOf(encoded, length));
	}

	private static void assertRefused(String hex, String message) {
		assertThatIllegalArgumentException().isThrownBy(() -> Der.parse(HexFormat.of().parseHex(hex)))
			.withMessage(message);
	}

	private static void assertRefusedBits(String hex, String message) {
		Der.Value value = Der.parse(HexFormat.of().parseHex(hex));
		assertThatIllegalArgumentException().isThrownBy(value::bits).withMessage(message);
	}

}
