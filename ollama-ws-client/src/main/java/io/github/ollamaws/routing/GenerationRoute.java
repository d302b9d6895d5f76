package io.github.ollamaws.routing;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import io.github.ollamaws.connection.AsyncFailures;
import io.github.ollamaws.connection.ClientSettings;
import io.github.ollamaws.connection.GenerationSpec;
import io.github.ollamaws.connection.StreamingGeneration;
import io.github.ollamaws.core.ConnectionLostException;
import io.github.ollamaws.core.ModelNotFoundException;
import io.github.ollamaws.core.OllamaTimeoutException;
import io.github.ollamaws.core.TemplateClosedException;
import io.github.ollamaws.core.TokenHandler;
import io.github.ollamaws.pool.ConnectionPool;
import org.jspecify.annotations.Nullable;

/**
 * The one send path of a generation, and the one place one is made. A generation goes to
 * the destination its router chooses: it takes a slot on one of that gateway's
 * connections and is sent there, or gives the slot back if it ended meanwhile. It moves,
 * as its router allows, when a gateway cannot take it (failover), when its connection is
 * lost before the first token (the one retry, on the same gateway if no other will do),
 * and when the gateway does not have its model while another lists it (reroute). While it
 * is on a destination it counts in that destination's load.
 */
final class GenerationRoute implements StreamingGeneration.Retrier, StreamingGeneration.Rerouter {

	private final GatewayRouter router;

	private final StreamingGeneration generation;

	// Guarded by this. One destination in almost every case: grown only when it moves.
	private List<Destination> tried = List.of();

	private @Nullable Destination current;

	private boolean ended;

	private GenerationRoute(GatewayRouter router, StreamingGeneration generation) {
		this.router = router;
		this.generation = generation;
	}

	/**
	 * Makes a generation and sends it where the router chooses.
	 * @param router chooses the destinations
	 * @param settings the template's settings
	 * @param spec what to generate
	 * @param handler receives tokens and the outcome
	 * @return the generation
	 */
	static StreamingGeneration start(GatewayRouter router, ClientSettings settings, GenerationSpec spec,
			TokenHandler handler) {
		Destination first = router.choose(spec.model(), false, List.of());
		StreamingGeneration generation = create(settings, spec, handler, (first != null) ? first.shownUrl() : null);
		if (router.isClosed()) {
			generation.failBeforeSending(new TemplateClosedException());
			return generation;
		}
		if (first == null) {
			generation.failBeforeSending(GatewayRouter.noGateway());
			return generation;
		}
		GenerationRoute route = new GenerationRoute(router, generation);
		generation.retrier(route);
		generation.rerouter(route);
		route.send(first, null);
		return generation;
	}

	/**
	 * Makes a generation that is sent nowhere: it ends at once.
	 * @param settings the template's settings
	 * @param spec what to generate
	 * @param handler receives the outcome
	 * @param gatewayUrl the gateway to name in its observation
	 * @param error why it is not sent
	 * @return the generation, failed
	 */
	static StreamingGeneration refused(ClientSettings settings, GenerationSpec spec, TokenHandler handler,
			URI gatewayUrl, Throwable error) {
		StreamingGeneration generation = create(settings, spec, handler, gatewayUrl);
		generation.failBeforeSending(error);
		return generation;
	}

	@SuppressWarnings("NullAway") // a fleet without gateways names none
	private static StreamingGeneration create(ClientSettings settings, GenerationSpec spec, TokenHandler handler,
			@Nullable URI gatewayUrl) {
		return new StreamingGeneration(spec, handler, settings.hooks().observer(), gatewayUrl,
				settings.retry().enabled());
	}

	/**
	 * Sends the generation to a destination: takes a slot on one of its connections and
	 * sends it there; gives the slot back if it was not sent (it ended meanwhile, or is
	 * too large).
	 * @param destination the gateway
	 * @param loss the loss that made it move, to report if it cannot be sent anywhere, or
	 * {@code null} for its first send
	 */
	private void send(Destination destination, @Nullable ConnectionLostException loss) {
		if (!moveTo(destination)) {
			return;
		}
		ConnectionPool pool = destination.pool();
		pool.acquire(this.generation).whenComplete((connection, error) -> {
			if (error != null) {
				refused(AsyncFailures.unwrap(error), loss);
			}
			else if (!connection.dispatch(this.generation)) {
				pool.release(connection);
			}
		});
	}

	/**
	 * A destination could not take the generation: tries the next that can, else fails
	 * it, with the loss that made this a retry if it was one.
	 * @param error why it could not
	 * @param loss the connection loss that made this a retry, or {@code null}
	 */
	private void refused(Throwable error, @Nullable ConnectionLostException loss) {
		// Out of time, or shut down while waiting for a slot: no other gateway will do.
		boolean last = (error instanceof OllamaTimeoutException)
				|| (error instanceof TemplateClosedException && this.router.isClosed());
		Destination next = last ? null : next(null);
		if (next != null) {
			send(next, loss);
		}
		else {
			this.generation.failBeforeSending((loss != null) ? loss : error);
		}
	}

	@Override
	public void retry(StreamingGeneration generation, ConnectionLostException loss) {
		Destination lost;
		synchronized (this) {
			lost = this.current;
			// A new chance on every gateway but the one that failed.
			this.tried = (lost != null) ? List.of(lost) : List.of();
		}
		Destination next = next(null);
		if (next == null && lost != null && !lost.isDraining()) {
			// No other gateway: its replacement connection.
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
		Destination from;
		synchronized (this) {
			from = this.current;
		}
		if (from != null) {
			from.forget(model);
		}
		Destination next = next(model);
		if (next != null) {
			send(next, null);
		}
		else {
			generation.failBeforeSending(error);
		}
	}

	/**
	 * The generation ended: it no longer counts in its destination's load.
	 */
	@Override
	public void ended(StreamingGeneration generation) {
		Destination last;
		synchronized (this) {
			this.ended = true;
			last = this.current;
			this.current = null;
		}
		if (last != null) {
			last.leave();
		}
	}

	/**
	 * The destination the router chooses among those not tried yet: among those that list
	 * {@code model}, or among all if {@code model} is {@code null}.
	 * @param model the model the gateway must list, or {@code null} when any will do
	 * @return the destination, or {@code null} if none is left
	 */
	private @Nullable Destination next(@Nullable String model) {
		synchronized (this) {
			return this.router.choose(this.generation.spec().model(), model != null, this.tried);
		}
	}

	private boolean moveTo(Destination destination) {
		Destination previous;
		synchronized (this) {
			if (this.ended) {
				return false;
			}
			previous = this.current;
			this.current = destination;
			if (this.tried.isEmpty()) {
				this.tried = List.of(destination);
			}
			else if (!this.tried.contains(destination)) {
				List<Destination> grown = new ArrayList<>(this.tried.size() + 1);
				grown.addAll(this.tried);
				grown.add(destination);
				this.tried = grown;
			}
			destination.enter();
		}
		if (previous != null) {
			previous.leave();
		}
		return true;
	}

}
