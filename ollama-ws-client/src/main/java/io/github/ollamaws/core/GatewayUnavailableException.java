package io.github.ollamaws.core;

import org.jspecify.annotations.Nullable;

/**
 * No connection to the gateway could be made: it refused or dropped the connection, did
 * not answer the WebSocket handshake, or the client gave up reconnecting. Requests fail
 * with it at once while the pool has no working connection, rather than waiting for the
 * next reconnection attempt.
 */
public class GatewayUnavailableException extends OllamaWsException {

	private static final long serialVersionUID = 1L;

	public GatewayUnavailableException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
