package io.github.ollamaws.event;

import java.net.URI;
import java.time.Duration;

/**
 * A connection will be attempted again after a delay.
 */
public class OllamaReconnectingEvent extends OllamaConnectionEvent {

	private static final long serialVersionUID = 1L;

	private final int attempt;

	private final Duration delay;

	public OllamaReconnectingEvent(Object source, String connectionId, URI gatewayUrl, int attempt, Duration delay) {
		super(source, connectionId, gatewayUrl);
		this.attempt = attempt;
		this.delay = delay;
	}

	/**
	 * The attempt about to be made, counting from 1 since the last success.
	 * @return the attempt number
	 */
	public int getAttempt() {
		return this.attempt;
	}

	/**
	 * The wait before the attempt.
	 * @return the delay
	 */
	public Duration getDelay() {
		return this.delay;
	}

}
