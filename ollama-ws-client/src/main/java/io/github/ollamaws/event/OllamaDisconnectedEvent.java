package io.github.ollamaws.event;

import java.net.URI;

/**
 * A connection closed, whoever closed it.
 */
public class OllamaDisconnectedEvent extends OllamaConnectionEvent {

	private static final long serialVersionUID = 1L;

	private final int code;

	private final String reason;

	public OllamaDisconnectedEvent(Object source, String connectionId, URI gatewayUrl, int code, String reason) {
		super(source, connectionId, gatewayUrl);
		this.code = code;
		this.reason = reason;
	}

	/**
	 * The WebSocket close code ({@code 1006} when the connection dropped without a close
	 * frame).
	 * @return the close code
	 */
	public int getCode() {
		return this.code;
	}

	/**
	 * The close reason, possibly empty.
	 * @return the reason
	 */
	public String getReason() {
		return this.reason;
	}

}
