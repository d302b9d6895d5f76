package io.github.ollamaws.protocol;

import io.github.ollamaws.core.ProtocolException;

/**
 * A frame from the gateway that is not a JSON object.
 */
public class MalformedFrameException extends ProtocolException {

	private static final long serialVersionUID = 1L;

	public MalformedFrameException(String message) {
		super(message);
	}

	public MalformedFrameException(String message, Throwable cause) {
		super(message, cause);
	}

}
