package io.github.ollamaws.event;

import java.net.URI;

/**
 * A connection authenticated again after it had been lost or had failed to connect.
 */
public class OllamaReconnectedEvent extends OllamaConnectionEvent {

	private static final long serialVersionUID = 1L;

	public OllamaReconnectedEvent(Object source, String connectionId, URI gatewayUrl) {
		super(source, connectionId, gatewayUrl);
	}

}
