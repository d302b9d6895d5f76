package io.github.ollamaws.event;

import java.net.URI;

/**
 * The WebSocket connection opened (authentication follows).
 */
public class OllamaConnectedEvent extends OllamaConnectionEvent {

	private static final long serialVersionUID = 1L;

	public OllamaConnectedEvent(Object source, String connectionId, URI gatewayUrl) {
		super(source, connectionId, gatewayUrl);
	}

}
