package io.github.ollamaws.protocol;

/**
 * The size of text as UTF-8 bytes, counted without encoding it: frames are limited in
 * bytes, as they go over the wire.
 */
public final class Utf8 {

	private Utf8() {
	}

	/**
	 * The number of bytes {@code text} takes in UTF-8.
	 * @param text the text
	 * @return its UTF-8 length (a lone surrogate counts as the replacement byte Java
	 * writes for it)
	 */
	public static long length(CharSequence text) {
		int length = text.length();
		long bytes = length;
		for (int i = 0; i < length; i++) {
			char c = text.charAt(i);
			if (c >= 0x80) {
				if (c < 0x800) {
					bytes += 1;
				}
				else if (Character.isHighSurrogate(c) && i + 1 < length
						&& Character.isLowSurrogate(text.charAt(i + 1))) {
					// A pair: 4 bytes for its 2 characters.
					bytes += 2;
					i++;
				}
				else if (!Character.isSurrogate(c)) {
					bytes += 2;
				}
			}
		}
		return bytes;
	}

}
