package io.github.ollamaws.routing;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.github.ollamaws.connection.ClientSettings;
import io.github.ollamaws.connection.ConnectionFactory;
import io.github.ollamaws.connection.Deadlines;
import io.github.ollamaws.connection.GatewayConnection;
import io.github.ollamaws.core.GatewayUrls;
import io.github.ollamaws.core.ModelInfo;
import io.github.ollamaws.core.OllamaTimeoutException;
import io.github.ollamaws.pool.ConnectionPool;

/**
 * One gateway that requests are sent to: its settings, its connection factory and pool
 * (so its own backoff and rejected-key gate), and the requests routed to it. The one
 * gateway of a {@link SingleGatewayRouter}; a {@link FleetMember} adds what a fleet knows
 * of each of its gateways.
 */
class Destination {

	private final ClientSettings settings;

	private final URI shownUrl;

	private final ConnectionFactory factory;

	private final ConnectionPool pool;

	/** Requests routed here and not ended or moved elsewhere. */
	private final AtomicInteger load = new AtomicInteger();

	private final AtomicBoolean closed = new AtomicBoolean();

	/**
	 * A gateway whose pool opens nothing yet.
	 * @param settings its settings (URL, client id, key)
	 * @param eventSource the source of the events its pool publishes (the template)
	 */
	Destination(ClientSettings settings, Object eventSource) {
		this.settings = settings;
		this.shownUrl = GatewayUrls.withoutCredentials(settings.url());
		this.factory = new ConnectionFactory(settings);
		this.pool = new ConnectionPool(settings, this.factory, eventSource);
	}

	final ClientSettings settings() {
		return this.settings;
	}

	final URI url() {
		return this.settings.url();
	}

	/**
	 * The URL to show (in observations, logs): without user info or query.
	 * @return the URL without credentials
	 */
	final URI shownUrl() {
		return this.shownUrl;
	}

	final ConnectionPool pool() {
		return this.pool;
	}

	/**
	 * The requests routed here and not ended or moved elsewhere.
	 * @return the count
	 */
	final int load() {
		return this.load.get();
	}

	/**
	 * A request was routed here.
	 */
	final void enter() {
		this.load.incrementAndGet();
	}

	/**
	 * A request routed here ended or moved elsewhere.
	 * @return the requests still routed here
	 */
	int leave() {
		return this.load.decrementAndGet();
	}

	/**
	 * Whether the gateway takes no new request any more.
	 * @return {@code false}: only a fleet drains its gateways
	 */
	boolean isDraining() {
		return false;
	}

	/**
	 * The gateway said it does not have a model after all.
	 * @param model the model's name
	 */
	void forget(String model) {
		// Nothing to forget: only a fleet keeps model lists.
	}

	/**
	 * Runs a one-frame request on one of this gateway's connections: waiting for a slot
	 * is bounded by the acquire timeout, the request itself by its own limit once sent.
	 * @param <T> the result's type
	 * @param call sends the request on the leased connection
	 * @return its result; failed if the pool is closed or no slot is free in time
	 */
	final <T> CompletableFuture<T> onConnection(Function<GatewayConnection, CompletableFuture<T>> call) {
		return this.pool
			.acquire(Deadlines.after(System.nanoTime(), this.settings.pool().acquireTimeout()),
					OllamaTimeoutException.Kind.ACQUIRE)
			.thenCompose(call);
	}

	/**
	 * Lists the gateway's models.
	 * @return the models
	 */
	CompletableFuture<List<ModelInfo>> models() {
		return onConnection((connection) -> connection.models(this.settings.timeouts().request()));
	}

	/**
	 * Pings the gateway.
	 * @return the round trip
	 */
	final CompletableFuture<Duration> ping() {
		return onConnection((connection) -> connection.ping(this.settings.heartbeat().timeout()));
	}

	final boolean isClosed() {
		return this.closed.get();
	}

	/**
	 * Shuts the pool down (requests in flight get up to {@code timeout}) and closes the
	 * factory, once.
	 * @param timeout how long requests in flight may go on
	 */
	final void close(Duration timeout) {
		if (this.closed.compareAndSet(false, true)) {
			try {
				this.pool.shutdown(timeout);
			}
			finally {
				this.factory.close();
			}
		}
	}

}
