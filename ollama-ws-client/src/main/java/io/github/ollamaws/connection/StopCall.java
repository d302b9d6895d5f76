package io.github.ollamaws.connection;

import io.github.ollamaws.core.ConnectionLostException;
import io.github.ollamaws.protocol.ServerMessage;
import io.github.ollamaws.protocol.ServerMessageType;

/**
 * A {@code stop} sent for a generation, registered under the stop's own id so that its
 * {@code ack} or error is never mistaken for an answer to anything else. An error ("No
 * active generation with that ID") means the generation is not running on the gateway any
 * more: the generation then ends as cancelled if it has not ended already.
 */
final class StopCall extends PendingRequest {

	private final GatewayConnection connection;

	private final String stopId;

	private final StreamingGeneration generation;

	private final long deadlineNanos;

	StopCall(GatewayConnection connection, String stopId, StreamingGeneration generation, long deadlineNanos) {
		this.connection = connection;
		this.stopId = stopId;
		this.generation = generation;
		this.deadlineNanos = deadlineNanos;
	}

	@Override
	void onMessage(ServerMessage message) {
		this.connection.forget(this.stopId, this);
		if (message.type() == ServerMessageType.ERROR) {
			this.generation.stopRefused();
		}
	}

	@Override
	void onConnectionLost(ConnectionLostException error) {
	}

	@Override
	void checkTimeout(long nowNanos) {
		if (nowNanos - this.deadlineNanos >= 0) {
			this.connection.forget(this.stopId, this);
		}
	}

	@Override
	boolean holdsSlot() {
		return false;
	}

}
