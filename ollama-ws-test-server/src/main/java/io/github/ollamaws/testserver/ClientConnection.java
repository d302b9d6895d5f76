package io.github.ollamaws.testserver;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;

import jakarta.websocket.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's side of one client's connection: its authentication state, its
 * generations and its serialised sends.
 */
final class ClientConnection {

	private static final Logger logger = LoggerFactory.getLogger(ClientConnection.class);

	private final Session session;

	private final Gateway gateway;

	private final Set<ActiveGeneration> generations = ConcurrentHashMap.newKeySet();

	private final Object sendLock = new Object();

	private final StringBuilder partialMessage = new StringBuilder();

	private volatile String challenge;

	private volatile boolean authenticated;

	private volatile String clientId;

	private volatile ScheduledFuture<?> authTimeout;

	ClientConnection(Session session, Gateway gateway) {
		this.session = session;
		this.gateway = gateway;
	}

	String id() {
		return this.session.getId();
	}

	Session session() {
		return this.session;
	}

	boolean isAuthenticated() {
		return this.authenticated;
	}

	String clientId() {
		return this.clientId;
	}

	/**
	 * Takes the challenge: it is single use, so a second attempt finds none.
	 * @return the challenge sent on this connection, or {@code null} if none is left
	 */
	synchronized String takeChallenge() {
		String current = this.challenge;
		this.challenge = null;
		return current;
	}

	void challenge(String challenge) {
		this.challenge = challenge;
	}

	void authenticated(String clientId) {
		this.clientId = clientId;
		this.authenticated = true;
		cancelAuthTimeout();
	}

	void authTimeout(ScheduledFuture<?> authTimeout) {
		this.authTimeout = authTimeout;
	}

	void cancelAuthTimeout() {
		ScheduledFuture<?> timeout = this.authTimeout;
		if (timeout != null) {
			timeout.cancel(false);
		}
	}

	Set<ActiveGeneration> generations() {
		return this.generations;
	}

	/**
	 * Appends a part of a text message.
	 * @param part the text received
	 * @param last whether it is the message's last part
	 * @param maxLength the most characters a whole message may have
	 * @return the whole message when this was the last part, else {@code null}
	 * @throws IllegalStateException if the message grows past the limit
	 */
	String appendPart(String part, boolean last, int maxLength) {
		if (this.partialMessage.length() + part.length() > maxLength) {
			this.partialMessage.setLength(0);
			throw new IllegalStateException("Message larger than " + maxLength + " characters");
		}
		if (last && this.partialMessage.length() == 0) {
			return part;
		}
		this.partialMessage.append(part);
		if (!last) {
			return null;
		}
		String message = this.partialMessage.toString();
		this.partialMessage.setLength(0);
		return message;
	}

	/**
	 * Sends a frame unless the server is stalled. Sends are serialised: JSR-356 forbids
	 * concurrent sends on one session and generations stream from several threads.
	 * @param frame the frame as JSON
	 */
	void send(String frame) {
		if (this.gateway.isStalled()) {
			return;
		}
		synchronized (this.sendLock) {
			if (!this.session.isOpen()) {
				return;
			}
			try {
				this.session.getBasicRemote().sendText(frame);
			}
			catch (IOException | IllegalStateException ex) {
				logger.debug("Sending to connection {} failed: {}", id(), ex.getMessage());
			}
		}
	}

	@Override
	public String toString() {
		return "ClientConnection[" + id() + "]";
	}

}
