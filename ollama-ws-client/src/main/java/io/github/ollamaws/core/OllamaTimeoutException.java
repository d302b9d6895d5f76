package io.github.ollamaws.core;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * A request did not end within one of its time limits. {@link #kind()} says which limit
 * ran out, and {@link #partialText()} keeps any text a stream had received.
 */
public class OllamaTimeoutException extends OllamaWsException {

	private static final long serialVersionUID = 1L;

	private final Kind kind;

	private final Duration limit;

	private final String partialText;

	public OllamaTimeoutException(Kind kind, Duration limit, @Nullable String partialText) {
		super(kind.description + " timed out after " + limit.toMillis() + " ms (" + kind.setting + ")");
		this.kind = kind;
		this.limit = limit;
		this.partialText = (partialText != null) ? partialText : "";
	}

	/**
	 * Which time limit ran out.
	 * @return the kind of timeout
	 */
	public Kind kind() {
		return this.kind;
	}

	/**
	 * The limit that ran out.
	 * @return the configured limit
	 */
	public Duration limit() {
		return this.limit;
	}

	/**
	 * The text a stream had received before the timeout.
	 * @return the partial text, empty for other requests
	 */
	public String partialText() {
		return this.partialText;
	}

	/**
	 * The time limits of a request.
	 */
	public enum Kind {

		/** Opening the WebSocket connection. */
		CONNECT("Connecting to the gateway", "connect-timeout"),

		/** Receiving the challenge and the authentication result. */
		AUTH("Authenticating with the gateway", "auth-timeout"),

		/** Waiting for a free slot on a pooled connection. */
		ACQUIRE("Waiting for a free connection slot", "pool.acquire-timeout"),

		/** The whole request, from being sent to its last frame. */
		REQUEST("The request", "request-timeout"),

		/** The silence between two frames of one stream. */
		IDLE("Waiting for the next token", "idle-timeout"),

		/** A ping's round trip. */
		PING("The ping", "heartbeat.timeout");

		private final String description;

		private final String setting;

		Kind(String description, String setting) {
			this.description = description;
			this.setting = setting;
		}

		/**
		 * The setting of this limit, by its path: the builder's method (in its group) and
		 * the starter's property under its prefix.
		 * @return the setting's path, for example {@code pool.acquire-timeout}
		 */
		public String setting() {
			return this.setting;
		}

	}

}
