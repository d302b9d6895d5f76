package io.github.ollamaws.testserver;

import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSR-356 server endpoint of one client's connection: opens its
 * {@link ClientConnection}, assembles its messages and hands them to the {@link Gateway}.
 */
final class ConnectionEndpoint extends Endpoint {

	private static final Logger logger = LoggerFactory.getLogger(ConnectionEndpoint.class);

	/**
	 * Tomcat's user property bounding a blocking send, so a client that stops reading
	 * cannot hang us.
	 */
	private static final String BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

	private static final long SEND_TIMEOUT_MILLIS = 20_000;

	private final Gateway gateway;

	private final int maxMessageLength;

	private volatile ClientConnection connection;

	ConnectionEndpoint(Gateway gateway, int maxMessageLength) {
		this.gateway = gateway;
		this.maxMessageLength = maxMessageLength;
	}

	@Override
	public void onOpen(Session session, EndpointConfig config) {
		session.getUserProperties().put(BLOCKING_SEND_TIMEOUT, SEND_TIMEOUT_MILLIS);
		ClientConnection opened = new ClientConnection(session, this.gateway);
		this.connection = opened;
		// Partial delivery: Tomcat would otherwise allocate a buffer of the full message
		// limit per session.
		session.addMessageHandler(String.class, new MessageHandler.Partial<String>() {
			@Override
			public void onMessage(String part, boolean last) {
				received(opened, part, last);
			}
		});
		this.gateway.opened(opened);
	}

	private void received(ClientConnection opened, String part, boolean last) {
		String message;
		try {
			message = opened.appendPart(part, last, this.maxMessageLength);
		}
		catch (IllegalStateException ex) {
			logger.debug("Connection {}: {}", opened.id(), ex.getMessage());
			try {
				opened.session().close(new CloseReason(CloseCodes.TOO_BIG, "Message too big"));
			}
			catch (Exception closeFailure) {
				logger.debug("Closing connection {} failed", opened.id(), closeFailure);
			}
			return;
		}
		if (message != null) {
			this.gateway.received(opened, message);
		}
	}

	@Override
	public void onClose(Session session, CloseReason closeReason) {
		ClientConnection closed = this.connection;
		if (closed != null) {
			this.gateway.closed(closed);
		}
	}

	@Override
	public void onError(Session session, Throwable failure) {
		logger.debug("Connection {} failed: {}", session.getId(), failure.toString());
	}

}
