package io.github.ollamaws.event;

import java.net.URI;

/**
 * The connection authenticated and now takes requests.
 */
public class OllamaAuthenticatedEvent extends OllamaConnectionEvent {

	private static final long serialVersionUID = 1L;

	public OllamaAuthenticatedEvent(Object source, String connectionId, URI gatewayUrl) {
		super(source, connectionId, gatewayUrl);
	}

}
