package io.github.ollamaws.testserver;

/**
 * Fault injection for resilience tests, reached through
 * {@link OllamaWsTestServer#faults()}. Every fault lasts until undone or {@link #clear()
 * cleared}.
 */
public final class ServerFaults {

	/** A frame that is not JSON. */
	public static final String MALFORMED_JSON = "{\"type\":\"stream_token\",";

	/** A frame of a type the protocol does not have. */
	public static final String UNKNOWN_TYPE = "{\"type\":\"mystery\",\"payload\":42}";

	private final OllamaWsTestServer server;

	private final Gateway gateway;

	ServerFaults(OllamaWsTestServer server, Gateway gateway) {
		this.server = server;
		this.gateway = gateway;
	}

	/**
	 * Drops every connection abruptly, without a close frame (clients see 1006), ending
	 * their generations. The server keeps accepting new connections.
	 */
	public void dropAllConnections() {
		this.gateway.dropAll();
	}

	/**
	 * Drops one connection abruptly, without a close frame (its client sees 1006), ending
	 * its generations.
	 * @param connectionId the connection's id, as in {@link ReceivedFrame#connectionId()}
	 * @return whether such a connection was open
	 */
	public boolean dropConnection(String connectionId) {
		return this.gateway.drop(connectionId);
	}

	/**
	 * Stops the server like a killed process and starts it again on the same port.
	 */
	public void restart() {
		this.server.restart();
	}

	/**
	 * Sends a raw text frame to every open connection, authenticated or not.
	 * @param frame the frame's text, sent as is
	 */
	public void sendToAll(String frame) {
		this.gateway.sendToAll(frame);
	}

	/**
	 * Sends {@link #MALFORMED_JSON} to every connection.
	 */
	public void sendMalformedJsonToAll() {
		sendToAll(MALFORMED_JSON);
	}

	/**
	 * Sends {@link #UNKNOWN_TYPE} to every connection.
	 */
	public void sendUnknownTypeToAll() {
		sendToAll(UNKNOWN_TYPE);
	}

	/**
	 * Sends a {@code stream_token} for a generation id nobody asked for to every
	 * connection.
	 */
	public void sendTokenForUnknownIdToAll() {
		sendToAll("{\"type\":\"stream_token\",\"id\":\"unknown-generation\",\"token\":\"stray\",\"timestamp\":"
				+ System.currentTimeMillis() + "}");
	}

	/**
	 * Sends a valid but oversized {@code stream_token} frame (for an unknown id) of about
	 * the given length to every connection, to exercise a client's message size limit.
	 * @param length the frame's length in characters
	 */
	public void sendOversizedFrameToAll(int length) {
		String prefix = "{\"type\":\"stream_token\",\"id\":\"oversized\",\"token\":\"";
		String suffix = "\",\"timestamp\":" + System.currentTimeMillis() + "}";
		int padding = Math.max(0, length - prefix.length() - suffix.length());
		sendToAll(prefix + "x".repeat(padding) + suffix);
	}

	/**
	 * Stalls the server: connections are still accepted, but nothing is sent any more (no
	 * challenge, no token, no auth timeout) and every request is ignored.
	 */
	public void stall() {
		this.gateway.stalled(true);
	}

	/**
	 * Ends a stall: new connections and requests are served again (frames dropped during
	 * the stall are lost, and connections opened during it never get a challenge).
	 */
	public void endStall() {
		this.gateway.stalled(false);
	}

	/**
	 * Stops answering {@code ping} while answering everything else.
	 */
	public void ignorePings() {
		this.gateway.ignoringPings(true);
	}

	/**
	 * Answers {@code ping} again.
	 */
	public void answerPings() {
		this.gateway.ignoringPings(false);
	}

	/**
	 * Makes model listing fail with {@code "Failed to list models: <reason>"}.
	 * @param reason the failure, for example {@code fetch failed}
	 */
	public void failModelListing(String reason) {
		this.gateway.modelListingFailure(reason);
	}

	/**
	 * Makes model listing work again.
	 */
	public void restoreModelListing() {
		this.gateway.modelListingFailure(null);
	}

	/**
	 * Holds back every stream frame (tokens and ends) of every generation: streams go
	 * silent while generations continue upstream.
	 */
	public void pauseStreams() {
		this.gateway.pauseStreams();
	}

	/**
	 * Sends the held back stream frames in order and streams normally again.
	 */
	public void resumeStreams() {
		this.gateway.resumeStreams();
	}

	/**
	 * Undoes every lasting fault: stall, ignored pings, failing model listing, paused
	 * streams.
	 */
	public void clear() {
		endStall();
		answerPings();
		restoreModelListing();
		resumeStreams();
	}

}
