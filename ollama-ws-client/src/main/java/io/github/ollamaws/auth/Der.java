package io.github.ollamaws.auth;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The few DER (ASN.1) reading and writing steps that key formats need, so that PKCS#1 and
 * SEC1 keys can be read without a third-party provider. Errors are plain
 * {@link IllegalArgumentException}s whose messages describe the structure, never the
 * bytes.
 */
final class Der {

	static final int INTEGER = 0x02;

	static final int BIT_STRING = 0x03;

	static final int OCTET_STRING = 0x04;

	static final int NULL = 0x05;

	static final int OBJECT_IDENTIFIER = 0x06;

	static final int SEQUENCE = 0x30;

	static final int CONTEXT_0 = 0xA0;

	static final int CONTEXT_1 = 0xA1;

	private Der() {
	}

	/**
	 * Reads one complete DER value that must span all of {@code bytes}.
	 * @param bytes the encoding
	 * @return the value
	 */
	static Value parse(byte[] bytes) {
		List<Value> values = parseAll(bytes, 0, bytes.length);
		if (values.size() != 1) {
			throw new IllegalArgumentException("expected one DER value, found " + values.size());
		}
		return values.get(0);
	}

	private static List<Value> parseAll(byte[] bytes, int start, int end) {
		List<Value> values = new ArrayList<>();
		int position = start;
		while (position < end) {
			int tag = bytes[position++] & 0xFF;
			if ((tag & 0x1F) == 0x1F) {
				throw new IllegalArgumentException("multi-byte DER tags are not supported");
			}
			if (position >= end) {
				throw new IllegalArgumentException("truncated DER length");
			}
			int length = bytes[position++] & 0xFF;
			if (length > 0x80) {
				int lengthBytes = length & 0x7F;
				if (lengthBytes > 3 || position + lengthBytes > end) {
					throw new IllegalArgumentException("unsupported or truncated DER length");
				}
				length = 0;
				for (int i = 0; i < lengthBytes; i++) {
					length = (length << 8) | (bytes[position++] & 0xFF);
				}
			}
			else if (length == 0x80) {
				throw new IllegalArgumentException("indefinite DER lengths are not allowed");
			}
			if (length > end - position) {
				throw new IllegalArgumentException("truncated DER value");
			}
			values.add(new Value(tag, Arrays.copyOfRange(bytes, position, position + length)));
			position += length;
		}
		return values;
	}

	/**
	 * Encodes a value.
	 * @param tag the tag
	 * @param content the content octets
	 * @return the encoding
	 */
	static byte[] encode(int tag, byte[]... content) {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		for (byte[] part : content) {
			body.writeBytes(part);
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.write(tag);
		int length = body.size();
		if (length < 0x80) {
			out.write(length);
		}
		else {
			byte[] lengthBytes = BigInteger.valueOf(length).toByteArray();
			int offset = (lengthBytes[0] == 0) ? 1 : 0;
			out.write(0x80 | (lengthBytes.length - offset));
			out.write(lengthBytes, offset, lengthBytes.length - offset);
		}
		out.writeBytes(body.toByteArray());
		return out.toByteArray();
	}

	/**
	 * One DER value: its tag and content octets.
	 *
	 * @param tag the tag
	 * @param content the content octets
	 */
	record Value(int tag, byte[] content) {

		/**
		 * Reads the elements of this constructed value.
		 * @param expectedTag the tag this value must have
		 * @return the elements
		 */
		List<Value> elements(int expectedTag) {
			expect(expectedTag);
			return parseAll(this.content, 0, this.content.length);
		}

		BigInteger integer() {
			expect(INTEGER);
			return new BigInteger(this.content);
		}

		byte[] octets() {
			expect(OCTET_STRING);
			return this.content;
		}

		/**
		 * Returns the bits of a BIT STRING with no unused bits.
		 * @return the bits as bytes
		 */
		byte[] bits() {
			expect(BIT_STRING);
			if (this.content.length == 0 || this.content[0] != 0) {
				throw new IllegalArgumentException("unexpected BIT STRING padding");
			}
			return Arrays.copyOfRange(this.content, 1, this.content.length);
		}

		/**
		 * Returns the dotted form of an OBJECT IDENTIFIER.
		 * @return the OID, such as {@code 1.2.840.10045.2.1}
		 */
		String oid() {
			expect(OBJECT_IDENTIFIER);
			if (this.content.length == 0) {
				throw new IllegalArgumentException("empty OBJECT IDENTIFIER");
			}
			StringBuilder oid = new StringBuilder();
			long component = 0;
			boolean first = true;
			for (byte b : this.content) {
				component = (component << 7) | (b & 0x7F);
				if ((b & 0x80) == 0) {
					if (first) {
						int arc = (int) Math.min(component / 40, 2);
						oid.append(arc).append('.').append(component - 40L * arc);
						first = false;
					}
					else {
						oid.append('.').append(component);
					}
					component = 0;
				}
			}
			return oid.toString();
		}

		private void expect(int expectedTag) {
			if (this.tag != expectedTag) {
				throw new IllegalArgumentException(
						String.format("expected DER tag 0x%02X, found 0x%02X", expectedTag, this.tag));
			}
		}

	}

}
