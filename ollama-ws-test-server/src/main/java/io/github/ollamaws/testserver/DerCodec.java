package io.github.ollamaws.testserver;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * The little DER (ASN.1) encoding and decoding that writing the test keys in their file
 * formats needs.
 */
final class DerCodec {

	static final int INTEGER = 0x02;

	static final int BIT_STRING = 0x03;

	static final int OCTET_STRING = 0x04;

	static final int NULL = 0x05;

	static final int OBJECT_IDENTIFIER = 0x06;

	static final int SEQUENCE = 0x30;

	private DerCodec() {
	}

	static byte[] sequence(byte[]... elements) {
		return element(SEQUENCE, concat(elements));
	}

	static byte[] integer(BigInteger value) {
		return element(INTEGER, value.toByteArray());
	}

	static byte[] octetString(byte[] value) {
		return element(OCTET_STRING, value);
	}

	static byte[] bitString(byte[] value) {
		byte[] content = new byte[value.length + 1];
		System.arraycopy(value, 0, content, 1, value.length);
		return element(BIT_STRING, content);
	}

	static byte[] nullValue() {
		return new byte[] { NULL, 0 };
	}

	static byte[] explicit(int tagNumber, byte[] content) {
		return element(0xA0 | tagNumber, content);
	}

	static byte[] oid(String dotted) {
		String[] parts = dotted.split("\\.");
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.write(Integer.parseInt(parts[0]) * 40 + Integer.parseInt(parts[1]));
		for (int i = 2; i < parts.length; i++) {
			long value = Long.parseLong(parts[i]);
			int groups = 1;
			while ((value >> (7 * groups)) != 0) {
				groups++;
			}
			for (int group = groups - 1; group >= 0; group--) {
				int bits = (int) ((value >> (7 * group)) & 0x7F);
				out.write((group > 0) ? (bits | 0x80) : bits);
			}
		}
		return element(OBJECT_IDENTIFIER, out.toByteArray());
	}

	static byte[] element(int tag, byte[] content) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
		out.write(tag);
		int length = content.length;
		if (length < 0x80) {
			out.write(length);
		}
		else {
			int bytes = (length > 0xFFFFFF) ? 4 : (length > 0xFFFF) ? 3 : (length > 0xFF) ? 2 : 1;
			out.write(0x80 | bytes);
			for (int i = bytes - 1; i >= 0; i--) {
				out.write((length >> (8 * i)) & 0xFF);
			}
		}
		out.writeBytes(content);
		return out.toByteArray();
	}

	/**
	 * Returns the contents of the elements of a constructed element (for example a
	 * SEQUENCE).
	 * @param der the encoding of the constructed element
	 * @return its child elements, in order
	 */
	static List<Element> children(byte[] der) {
		Element outer = read(der, 0);
		List<Element> children = new ArrayList<>();
		int offset = outer.contentStart;
		while (offset < outer.contentStart + outer.contentLength) {
			Element child = read(der, offset);
			children.add(child);
			offset = child.contentStart + child.contentLength;
		}
		return children;
	}

	static Element read(byte[] der, int offset) {
		int tag = der[offset] & 0xFF;
		int length = der[offset + 1] & 0xFF;
		int start = offset + 2;
		if (length >= 0x80) {
			int bytes = length & 0x7F;
			length = 0;
			for (int i = 0; i < bytes; i++) {
				length = (length << 8) | (der[start + i] & 0xFF);
			}
			start += bytes;
		}
		return new Element(der, tag, start, length);
	}

	private static byte[] concat(byte[]... parts) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (byte[] part : parts) {
			out.writeBytes(part);
		}
		return out.toByteArray();
	}

	/**
	 * One decoded element: its tag and where its contents are.
	 *
	 * @param source the encoding the element was read from
	 * @param tag the element's tag byte
	 * @param contentStart the offset of the element's contents in {@code source}
	 * @param contentLength the length of the element's contents in bytes
	 */
	record Element(byte[] source, int tag, int contentStart, int contentLength) {

		byte[] content() {
			byte[] content = new byte[this.contentLength];
			System.arraycopy(this.source, this.contentStart, content, 0, this.contentLength);
			return content;
		}

	}

}
