package io.github.ollamaws.routing;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

import io.github.ollamaws.connection.ClientSettings;
import io.github.ollamaws.connection.ConnectionFactory;
import io.github.ollamaws.connection.Deadlines;
import io.github.ollamaws.connection.GatewayConnection;
import io.github.ollamaws.core.GatewayUrls;
import io.github.ollamaws.core.ModelInfo;
import io.github.ollamaws.core.OllamaTimeoutException;
import io.github.ollamaws.core.PoolStatus;
import io.github.ollamaws.event.OllamaConnectionEvent;
import io.github.ollamaws.fleet.GatewayEndpoint;
import io.github.ollamaws.fleet.GatewayStatus;
import io.github.ollamaws.pool.ConnectionPool;

/**
 * One gateway of a fleet: its own settings, connection factory and pool (so its own
 * backoff and rejected-key gate), the requests routed to it, whether it is up, and the
 * models it listed when last asked.
 */
final class FleetGateway {

	private final GatewayEndpoint endpoint;

	private final ClientSettings settings;

	private final URI shownUrl;

	private final ConnectionFactory factory;

	private final ConnectionPool pool;

	/** Requests routed here and not ended or moved elsewhere. */
	private final AtomicInteger load = new AtomicInteger();

	private final AtomicBoolean fetchingModels = new AtomicBoolean();

	private final AtomicBoolean closed = new AtomicBoolean();

	private volatile boolean up;

	private volatile boolean draining;

	private volatile long drainDeadlineNanos;

	private volatile Models models = Models.NONE;

	/**
	 * A gateway whose pool opens nothing yet.
	 * @param endpoint the gateway
	 * @param settings its settings (URL, client id, key)
	 * @param eventSource the source of its events (the template)
	 * @param stateChanged told when the gateway may have changed state, after its
	 * connection events
	 */
	FleetGateway(GatewayEndpoint endpoint, ClientSettings settings, Object eventSource,
			Consumer<FleetGateway> stateChanged) {
		this.endpoint = endpoint;
		Consumer<? super OllamaConnectionEvent> listener = settings.hooks().eventListener();
		// The pool's events go to the application as they are (they name the gateway's
		// URL), and tell the fleet that this gateway may have come up or gone down.
		this.settings = settings.withEventListener((event) -> {
			stateChanged.accept(this);
			listener.accept(event);
		});
		this.shownUrl = GatewayUrls.withoutCredentials(this.settings.url());
		this.factory = new ConnectionFactory(this.settings);
		this.pool = new ConnectionPool(this.settings, this.factory, eventSource);
	}

	GatewayEndpoint endpoint() {
		return this.endpoint;
	}

	URI url() {
		return this.settings.url();
	}

	/**
	 * The URL to show (in observations, logs): without user info or query.
	 * @return the URL without credentials
	 */
	URI shownUrl() {
		return this.shownUrl;
	}

	ConnectionPool pool() {
		return this.pool;
	}

	AtomicInteger load() {
		return this.load;
	}

	boolean isUp() {
		return this.up;
	}

	boolean isDraining() {
		return this.draining;
	}

	/**
	 * Whether the gateway listed the model when last asked.
	 * @param model the model's name
	 * @return {@code true} if listed
	 */
	boolean serves(String model) {
		return GatewayStatus.lists(this.models.names(), model);
	}

	/**
	 * Notes that the gateway said it does not have a model after all, so that the next
	 * requests for it go elsewhere until its models are fetched again.
	 * @param model the model's name
	 */
	void forget(String model) {
		Models current = this.models;
		this.models = current.without(model);
	}

	/**
	 * Reads whether the gateway is up from its pool.
	 * @return {@code true} if it just came up (its models are then worth fetching)
	 */
	synchronized boolean updateState() {
		boolean wasUp = this.up;
		this.up = !this.draining && this.pool.status().authenticated() > 0;
		return this.up && !wasUp;
	}

	/**
	 * Takes the gateway out of rotation for good: it takes no new request.
	 * @param deadlineNanos when requests still in flight stop being waited for
	 */
	synchronized void startDraining(long deadlineNanos) {
		this.drainDeadlineNanos = deadlineNanos;
		this.draining = true;
		this.up = false;
	}

	/**
	 * Whether a draining gateway has waited long enough for its requests.
	 * @param nowNanos the current {@link System#nanoTime()}
	 * @return {@code true} if it should close now
	 */
	boolean drainOverdue(long nowNanos) {
		return this.draining && nowNanos - this.drainDeadlineNanos >= 0;
	}

	/**
	 * Runs a one-frame request on one of this gateway's connections, waiting for a slot
	 * at most the acquire timeout.
	 * @param <T> the result's type
	 * @param call the request
	 * @return its result
	 */
	<T> CompletableFuture<T> onConnection(Function<GatewayConnection, CompletableFuture<T>> call) {
		return this.pool
			.acquire(Deadlines.after(System.nanoTime(), this.settings.pool().acquireTimeout()),
					OllamaTimeoutException.Kind.ACQUIRE)
			.thenCompose(call);
	}

	/**
	 * Lists the gateway's models and keeps them for routing.
	 * @return the models
	 */
	CompletableFuture<List<ModelInfo>> fetchModels() {
		return onConnection((connection) -> connection.models(this.settings.timeouts().request()))
			.thenApply((listed) -> {
				this.models = Models.of(listed);
				return listed;
			});
	}

	/**
	 * Fetches the models in the background unless a fetch is under way; asking also makes
	 * the pool connect (within its backoff) if it has no connection.
	 */
	void refreshModels() {
		if (this.closed.get() || !this.fetchingModels.compareAndSet(false, true)) {
			return;
		}
		fetchModels().whenComplete((listed, error) -> this.fetchingModels.set(false));
	}

	/**
	 * The gateway as seen now.
	 * @param reason why it is down when its pool knows no failure
	 * @return the status
	 */
	GatewayStatus status(String reason) {
		PoolStatus pool = this.pool.status();
		GatewayStatus.State state = GatewayStatus.State.UP;
		String why = null;
		if (this.draining) {
			state = GatewayStatus.State.DRAINING;
		}
		else if (pool.authenticated() == 0) {
			state = GatewayStatus.State.DOWN;
			why = (pool.lastFailure() != null) ? pool.lastFailure().getMessage() : reason;
		}
		Models known = this.models;
		return new GatewayStatus(this.endpoint, state, why, known.list(), known.fetchedAt(), pool.open(),
				pool.authenticated(), pool.inFlight());
	}

	/**
	 * Shuts the pool down (requests in flight get up to {@code timeout}) and closes the
	 * factory, once.
	 * @param timeout how long requests in flight may go on
	 */
	void close(Duration timeout) {
		if (this.closed.compareAndSet(false, true)) {
			try {
				this.pool.shutdown(timeout);
			}
			finally {
				this.factory.close();
			}
		}
	}

	@Override
	public String toString() {
		return "FleetGateway[" + GatewayUrls.redact(this.endpoint.url()) + ", up=" + this.up + ", draining="
				+ this.draining + ", load=" + this.load.get() + "]";
	}

	/**
	 * The models a gateway listed, and when.
	 */
	private record Models(List<String> list, Set<String> names, Instant fetchedAt) {

		static final Models NONE = new Models(List.of(), Set.of(), null);

		static Models of(List<ModelInfo> models) {
			List<String> list = models.stream().map(ModelInfo::name).distinct().toList();
			return new Models(list, Set.copyOf(list), Instant.now());
		}

		Models without(String model) {
			if (!GatewayStatus.lists(this.names, model)) {
				return this;
			}
			List<String> kept = this.list.stream()
				.filter((name) -> !name.equals(model) && !name.equals(model + ":latest"))
				.toList();
			return new Models(kept, Set.copyOf(kept), this.fetchedAt);
		}

	}

}
