package io.github.ollamaws.connection;

import io.github.ollamaws.core.ConnectionLostException;
import io.github.ollamaws.protocol.ServerMessage;

/**
 * A request sent on a {@link GatewayConnection} and waiting for its answer frames,
 * registered under its wire id. Frames are delivered one at a time, on the connection's
 * I/O thread.
 */
abstract class PendingRequest {

	/**
	 * A frame for this request arrived.
	 * @param message the frame
	 */
	abstract void onMessage(ServerMessage message);

	/**
	 * The connection closed before the request ended.
	 * @param error the loss
	 */
	abstract void onConnectionLost(ConnectionLostException error);

	/**
	 * The connection closed before the request was sent: nothing reached the gateway.
	 * @param error the loss
	 */
	void onNotSent(ConnectionLostException error) {
		onConnectionLost(error);
	}

	/**
	 * Checks the request's time limits; called periodically.
	 * @param nowNanos the current {@link System#nanoTime()}
	 */
	abstract void checkTimeout(long nowNanos);

	/**
	 * Whether this request holds one of the connection's request slots (a stop's answer
	 * does not).
	 * @return {@code true} for generations, model listings and pings
	 */
	boolean holdsSlot() {
		return true;
	}

}
