package io.github.ollamaws.routing;

import java.util.ArrayList;
import java.util.List;

import io.github.ollamaws.connection.AsyncFailures;
import io.github.ollamaws.connection.StreamingGeneration;
import io.github.ollamaws.core.ConnectionLostException;
import io.github.ollamaws.core.ModelNotFoundException;
import io.github.ollamaws.core.OllamaTimeoutException;
import io.github.ollamaws.core.TemplateClosedException;

/**
 * Where one generation of a fleet goes: the gateway it is on (counted in that gateway's
 * load until it ends or moves), the gateways it was tried on, and the moves to another
 * gateway: when a gateway cannot take it before it is sent (failover), when its
 * connection is lost before the first token (the one retry), and when the gateway does
 * not have its model while another lists it (reroute).
 */
final class FleetRequest implements StreamingGeneration.Retrier, StreamingGeneration.Rerouter {

	private final GatewayFleet fleet;

	private final StreamingGeneration generation;

	// Guarded by this.
	private final List<FleetGateway> tried = new ArrayList<>(2);

	private FleetGateway current;

	private boolean ended;

	FleetRequest(GatewayFleet fleet, StreamingGeneration generation) {
		this.fleet = fleet;
		this.generation = generation;
	}

	/**
	 * Sends the generation to a gateway.
	 * @param gateway the gateway
	 * @param loss the loss that made it move, to report if it cannot be sent anywhere, or
	 * {@code null} for its first send
	 */
	void send(FleetGateway gateway, ConnectionLostException loss) {
		if (!moveTo(gateway)) {
			return;
		}
		gateway.pool().acquire(this.generation).whenComplete((connection, error) -> {
			if (error != null) {
				failover(gateway, AsyncFailures.unwrap(error), loss);
			}
			else if (!connection.dispatch(this.generation)) {
				gateway.pool().release(connection);
			}
		});
	}

	/**
	 * The gateway could not take the generation: tries the next that can, else fails it.
	 * @param gateway the gateway that could not take it
	 * @param error why it could not
	 * @param loss the connection loss that made this a retry, or {@code null}
	 */
	private void failover(FleetGateway gateway, Throwable error, ConnectionLostException loss) {
		if (error instanceof TemplateClosedException && this.fleet.isClosed()) {
			// Shut down while waiting for a slot: the request never left, and ends typed.
			this.generation.failBeforeSending(error);
			return;
		}
		FleetGateway next = (error instanceof OllamaTimeoutException) ? null : next(null);
		if (next != null) {
			send(next, loss);
		}
		else {
			this.generation.failBeforeSending((loss != null) ? loss : error);
		}
	}

	@Override
	public void retry(StreamingGeneration generation, ConnectionLostException loss) {
		FleetGateway lost;
		synchronized (this) {
			lost = this.current;
			// A new chance on every gateway but the one that failed.
			this.tried.clear();
			if (lost != null) {
				this.tried.add(lost);
			}
		}
		FleetGateway next = next(null);
		if (next == null && lost != null && !lost.isDraining()) {
			// The only gateway: its replacement connection, as with one gateway.
			next = lost;
		}
		if (next != null) {
			send(next, loss);
		}
		else {
			generation.failBeforeSending(loss);
		}
	}

	@Override
	public boolean canReroute(StreamingGeneration generation) {
		return next(generation.spec().model()) != null;
	}

	@Override
	public void reroute(StreamingGeneration generation, ModelNotFoundException error) {
		String model = generation.spec().model();
		FleetGateway from;
		synchronized (this) {
			from = this.current;
		}
		if (from != null) {
			from.forget(model);
		}
		FleetGateway next = next(model);
		if (next != null) {
			send(next, null);
		}
		else {
			generation.failBeforeSending(error);
		}
	}

	/**
	 * The generation ended: it no longer counts in its gateway's load.
	 */
	void ended() {
		FleetGateway last;
		synchronized (this) {
			this.ended = true;
			last = this.current;
			this.current = null;
		}
		if (last != null) {
			leave(last);
		}
	}

	/**
	 * The least loaded gateway not tried yet, among those that list {@code model}, or
	 * among all if {@code model} is {@code null}.
	 * @param model the model the gateway must list, or {@code null} when any will do
	 * @return the gateway, or {@code null} if none is left
	 */
	private FleetGateway next(String model) {
		synchronized (this) {
			return this.fleet.choose(this.generation.spec().model(), model != null, this.tried);
		}
	}

	private boolean moveTo(FleetGateway gateway) {
		FleetGateway previous;
		synchronized (this) {
			if (this.ended) {
				return false;
			}
			previous = this.current;
			this.current = gateway;
			if (!this.tried.contains(gateway)) {
				this.tried.add(gateway);
			}
			gateway.load().incrementAndGet();
		}
		if (previous != null) {
			leave(previous);
		}
		return true;
	}

	private void leave(FleetGateway gateway) {
		if (gateway.load().decrementAndGet() == 0 && gateway.isDraining()) {
			this.fleet.drained(gateway);
		}
	}

}
