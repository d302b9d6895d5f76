package io.github.ollamaws.pool;

import java.net.URI;
import java.time.Duration;
import java.util.function.Consumer;

import io.github.ollamaws.core.AuthenticationException;
import io.github.ollamaws.core.OllamaWsException;
import io.github.ollamaws.core.RateLimitedException;
import io.github.ollamaws.event.OllamaAuthenticatedEvent;
import io.github.ollamaws.event.OllamaAuthenticationFailedEvent;
import io.github.ollamaws.event.OllamaConnectedEvent;
import io.github.ollamaws.event.OllamaConnectionEvent;
import io.github.ollamaws.event.OllamaDisconnectedEvent;
import io.github.ollamaws.event.OllamaReconnectedEvent;
import io.github.ollamaws.event.OllamaReconnectingEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Publishes the pool's connection lifecycle events to the application's listener. A
 * listener that throws is logged and does not disturb the pool, nor the events that
 * follow. Called without the pool's lock held.
 */
final class ConnectionEvents {

	// The pool's log category: the events are the pool's.
	private static final Log logger = LogFactory.getLog(ConnectionPool.class);

	private final Object source;

	private final URI gatewayUrl;

	private final Consumer<? super OllamaConnectionEvent> listener;

	/**
	 * A publisher of the events of one pool.
	 * @param source the events' source (the template)
	 * @param gatewayUrl the gateway's URL
	 * @param listener receives the events
	 */
	ConnectionEvents(Object source, URI gatewayUrl, Consumer<? super OllamaConnectionEvent> listener) {
		this.source = source;
		this.gatewayUrl = gatewayUrl;
		this.listener = listener;
	}

	/**
	 * A connection's WebSocket opened; authentication follows.
	 * @param connection the connection's name
	 */
	void connected(String connection) {
		publish(new OllamaConnectedEvent(this.source, connection, this.gatewayUrl));
	}

	/**
	 * A connection authenticated.
	 * @param connection the connection's name
	 * @param reconnected whether it replaces a connection or follows a failure, which
	 * also publishes {@link OllamaReconnectedEvent}
	 */
	void authenticated(String connection, boolean reconnected) {
		publish(new OllamaAuthenticatedEvent(this.source, connection, this.gatewayUrl));
		if (reconnected) {
			publish(new OllamaReconnectedEvent(this.source, connection, this.gatewayUrl));
		}
	}

	/**
	 * The gateway rejected the key.
	 * @param connection the connection's name
	 * @param rejection the rejection, with the attempts left or the gateway's
	 * {@code retryAfter} when it gave them
	 */
	void authenticationFailed(String connection, OllamaWsException rejection) {
		Integer remaining = (rejection instanceof AuthenticationException rejected
				&& rejected.remainingAttempts().isPresent()) ? rejected.remainingAttempts().getAsInt() : null;
		Duration retryAfter = (rejection instanceof RateLimitedException limited) ? limited.retryAfter() : null;
		publish(new OllamaAuthenticationFailedEvent(this.source, connection, this.gatewayUrl, rejection, remaining,
				retryAfter));
	}

	/**
	 * A connection closed.
	 * @param connection the connection's name
	 * @param code the close code
	 * @param reason the close reason
	 */
	void disconnected(String connection, int code, String reason) {
		publish(new OllamaDisconnectedEvent(this.source, connection, this.gatewayUrl, code, reason));
	}

	/**
	 * A connection attempt is scheduled.
	 * @param connection the connection's name, or the slot's
	 * @param attempt the attempt's number, from 1
	 * @param delay when it starts
	 */
	void reconnecting(String connection, int attempt, Duration delay) {
		publish(new OllamaReconnectingEvent(this.source, connection, this.gatewayUrl, attempt, delay));
	}

	private void publish(OllamaConnectionEvent event) {
		try {
			this.listener.accept(event);
		}
		catch (RuntimeException ex) {
			logger.warn("An ollama-ws event listener failed on " + event, ex);
		}
	}

}
