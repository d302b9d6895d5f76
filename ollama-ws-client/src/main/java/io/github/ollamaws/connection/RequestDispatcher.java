package io.github.ollamaws.connection;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.ollamaws.core.ConnectionLostException;
import io.github.ollamaws.protocol.ServerMessage;
import io.github.ollamaws.protocol.ServerMessageType;
import io.github.ollamaws.protocol.StreamTokenReader;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The requests in flight on one connection, registered under their wire ids, and the
 * routing of the gateway's frames to them: by {@code requestId} when the frame has one
 * (newer gateways put it on stream frames), else by {@code id} (see
 * {@code docs/protocol.md}, "Requests and correlation"). A frame for a request that
 * already ended (timed out, cancelled) is expected and dropped quietly.
 *
 * <p>
 * Frames are dispatched on the connection's receiving thread, one at a time; requests are
 * registered and forgotten from any thread.
 */
final class RequestDispatcher {

	// The connection's log category: what is logged is about the connection.
	private static final Log logger = LogFactory.getLog(GatewayConnection.class);

	private final String connectionName;

	private final Map<String, PendingRequest> pending = new ConcurrentHashMap<>();

	/**
	 * A dispatcher with no request.
	 * @param connectionName the connection's name, for logs
	 */
	RequestDispatcher(String connectionName) {
		this.connectionName = connectionName;
	}

	/**
	 * Registers a request about to be sent.
	 * @param id its wire id
	 * @param request the request
	 */
	void register(String id, PendingRequest request) {
		this.pending.put(id, request);
	}

	/**
	 * Forgets a request, if it is still registered under that id.
	 * @param id its wire id
	 * @param request the request
	 * @return {@code true} if it was registered and is no longer
	 */
	boolean remove(String id, PendingRequest request) {
		return this.pending.remove(id, request);
	}

	/**
	 * Delivers the {@code stream_token} frame the reader has just read, on the hot path:
	 * no {@link ServerMessage}, no id string.
	 * @param frame the reader holding the frame
	 * @return {@code false} if the frame is for a request that is no generation (the
	 * general path then handles it)
	 */
	boolean deliverToken(StreamTokenReader frame) {
		PendingRequest request = this.pending.get(frame.correlationKey());
		if (request == null && frame.hasRequestId() && frame.hasId()) {
			request = this.pending.get(frame.idKey());
		}
		if (request instanceof StreamingGeneration generation) {
			generation.onToken(frame.token());
			return true;
		}
		if (request == null) {
			if (logger.isDebugEnabled()) {
				logger.debug("Gateway connection " + this.connectionName
						+ " ignored a 'stream_token' frame for unknown request " + frame.correlationId());
			}
			return true;
		}
		return false;
	}

	/**
	 * Delivers a frame to the request it answers.
	 * @param frame a frame received on the authenticated connection
	 * @return {@code false} if the frame is addressed to no request: an error without an
	 * id, or a frame of another type than a request's answers (the caller handles it)
	 */
	boolean dispatch(ServerMessage frame) {
		switch (frame.type()) {
			case STREAM_TOKEN, STREAM_START, STREAM_END -> deliver(frame, frame.streamCorrelationId(), frame.id());
			case PONG, MODELS_RESULT, ACK -> deliver(frame, frame.id(), frame.requestId());
			case ERROR -> {
				if (frame.id() == null && frame.requestId() == null) {
					return false;
				}
				deliver(frame, frame.id(), frame.requestId());
			}
			default -> {
				return false;
			}
		}
		return true;
	}

	private void deliver(ServerMessage frame, String primaryId, String secondaryId) {
		PendingRequest request = (primaryId != null) ? this.pending.get(primaryId) : null;
		if (request == null && secondaryId != null) {
			request = this.pending.get(secondaryId);
		}
		if (request != null) {
			request.onMessage(frame);
		}
		else if (frame.type() != ServerMessageType.ERROR && frame.type() != ServerMessageType.ACK) {
			// Late frames of a request that already ended (timed out, cancelled) are
			// expected; log quietly.
			if (logger.isDebugEnabled()) {
				logger.debug("Gateway connection " + this.connectionName + " ignored a '" + frame.rawType()
						+ "' frame for unknown request " + primaryId);
			}
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("Gateway connection " + this.connectionName + " ignored a '" + frame.rawType()
					+ "' frame for an ended request: " + frame.error());
		}
	}

	/**
	 * Checks every request's time limits.
	 * @param nowNanos the current {@link System#nanoTime()}
	 */
	void checkTimeouts(long nowNanos) {
		for (PendingRequest request : this.pending.values()) {
			request.checkTimeout(nowNanos);
		}
	}

	/**
	 * Ends every request with the loss of the connection, and forgets it.
	 * @param loss what happened to the connection
	 */
	void connectionLost(ConnectionLostException loss) {
		Iterator<Map.Entry<String, PendingRequest>> entries = this.pending.entrySet().iterator();
		while (entries.hasNext()) {
			PendingRequest request = entries.next().getValue();
			entries.remove();
			try {
				request.onConnectionLost(loss);
			}
			catch (RuntimeException ex) {
				logger.warn("Failed to end a request of lost connection " + this.connectionName, ex);
			}
		}
	}

	/**
	 * The requests in flight that are generations.
	 * @return a snapshot
	 */
	List<StreamingGeneration> generations() {
		return this.pending.values()
			.stream()
			.filter(StreamingGeneration.class::isInstance)
			.map(StreamingGeneration.class::cast)
			.toList();
	}

	/**
	 * The number of requests in flight, stops included.
	 * @return the count
	 */
	int size() {
		return this.pending.size();
	}

}
