package io.github.ollamaws.connection;

import io.github.ollamaws.protocol.Utf8;

/**
 * Joins the parts of a text message that the container delivers in pieces (its buffers
 * stay small, see {@link ConnectionFactory#CONTAINER_BUFFER_SIZE}) into the whole
 * message, and enforces the maximum message size, counted in UTF-8 bytes as the message
 * went over the wire. A message that arrives in one part, as every token frame does, is
 * handed back as it is, and its bytes are counted only if it has enough characters to
 * exceed the limit.
 *
 * <p>
 * Not thread-safe: used by the connection's receiving thread only, one part at a time.
 */
final class MessageAssembler {

	private final int maxMessageSize;

	// A message of fewer characters than a third of the limit cannot exceed it: a
	// character takes at most 3 bytes (a surrogate pair takes 4 for its 2 characters).
	private final int maxUncountedCharacters;

	private StringBuilder parts;

	private long partsBytes;

	/**
	 * An assembler for messages of at most {@code maxMessageSize} bytes.
	 * @param maxMessageSize the largest message, in UTF-8 bytes
	 */
	MessageAssembler(int maxMessageSize) {
		this.maxMessageSize = maxMessageSize;
		this.maxUncountedCharacters = maxMessageSize / 3;
	}

	/**
	 * Takes the next part of a message.
	 * @param part the part's text
	 * @param last whether it is the message's last part
	 * @return the whole message once its last part arrived, else {@code null}
	 * @throws TooLargeException if the message is larger than the maximum message size;
	 * its parts so far are dropped, and the next part starts a new message
	 */
	String add(String part, boolean last) throws TooLargeException {
		if (last && this.parts == null) {
			// A whole message in the container's buffer may still be over the limit in
			// bytes; a token frame is spared the count.
			if (part.length() > this.maxUncountedCharacters) {
				long bytes = Utf8.length(part);
				if (bytes > this.maxMessageSize) {
					throw new TooLargeException(bytes, this.maxMessageSize);
				}
			}
			return part;
		}
		StringBuilder message = (this.parts != null) ? this.parts : new StringBuilder(part.length() * 2);
		long bytes = ((this.parts != null) ? this.partsBytes : 0) + Utf8.length(part);
		if (bytes > this.maxMessageSize) {
			this.parts = null;
			throw new TooLargeException(bytes, this.maxMessageSize);
		}
		message.append(part);
		this.parts = last ? null : message;
		this.partsBytes = bytes;
		return last ? message.toString() : null;
	}

	/**
	 * Whether parts of a message have arrived and its last part has not.
	 * @return {@code true} between the first and the last part of a message in several
	 * parts
	 */
	boolean isAssembling() {
		return this.parts != null;
	}

	/**
	 * A message larger than the maximum message size arrived (or began to).
	 */
	static final class TooLargeException extends Exception {

		private static final long serialVersionUID = 1L;

		private final long size;

		TooLargeException(long size, long limit) {
			super("A message of at least " + size + " bytes exceeds the limit of " + limit + " bytes", null, false,
					false);
			this.size = size;
		}

		/**
		 * The size counted when the limit was exceeded.
		 * @return the bytes of the parts received so far, the part that exceeded the
		 * limit included
		 */
		long size() {
			return this.size;
		}

	}

}
