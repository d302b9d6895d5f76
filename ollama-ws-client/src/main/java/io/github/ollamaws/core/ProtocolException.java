package io.github.ollamaws.core;

/**
 * The gateway broke the protocol in a way the client cannot work around (for example it
 * sent no challenge, or answered a request with a frame of the wrong type).
 */
public class ProtocolException extends OllamaWsException {

	private static final long serialVersionUID = 1L;

	public ProtocolException(String message) {
		super(message);
	}

	public ProtocolException(String message, Throwable cause) {
		super(message, cause);
	}

}
