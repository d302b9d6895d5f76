package io.github.ollamaws.routing;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import io.github.ollamaws.connection.ClientSettings;
import io.github.ollamaws.core.GatewayUrls;
import io.github.ollamaws.core.ModelInfo;
import io.github.ollamaws.core.PoolStatus;
import io.github.ollamaws.event.OllamaConnectionEvent;
import io.github.ollamaws.fleet.GatewayEndpoint;
import io.github.ollamaws.fleet.GatewayStatus;

/**
 * One gateway of a {@link FleetRouter fleet}: a {@link Destination} that is up or not,
 * may be draining, and keeps the models it listed when last asked.
 */
final class FleetMember extends Destination {

	private final GatewayEndpoint endpoint;

	private final FleetRouter fleet;

	private final AtomicBoolean fetchingModels = new AtomicBoolean();

	private volatile boolean up;

	private volatile boolean draining;

	private volatile long drainDeadlineNanos;

	private volatile Models models = Models.NONE;

	/**
	 * A gateway whose pool opens nothing yet.
	 * @param endpoint the gateway
	 * @param settings its settings (URL, client id, key)
	 * @param eventSource the source of its events (the template)
	 * @param fleet told when the gateway may have changed state (after its connection
	 * events) and when it has drained
	 */
	FleetMember(GatewayEndpoint endpoint, ClientSettings settings, Object eventSource, FleetRouter fleet) {
		this(endpoint, new StateWatch(settings.hooks().eventListener()), settings, eventSource, fleet);
	}

	private FleetMember(GatewayEndpoint endpoint, StateWatch watch, ClientSettings settings, Object eventSource,
			FleetRouter fleet) {
		// The pool's events go to the application as they are (they name the gateway's
		// URL), and tell the fleet that this gateway may have come up or gone down.
		super(settings.withEventListener(watch), eventSource);
		this.endpoint = endpoint;
		this.fleet = fleet;
		watch.member = this;
	}

	GatewayEndpoint endpoint() {
		return this.endpoint;
	}

	boolean isUp() {
		return this.up;
	}

	@Override
	boolean isDraining() {
		return this.draining;
	}

	@Override
	int leave() {
		int left = super.leave();
		if (left == 0 && this.draining) {
			this.fleet.drained(this);
		}
		return left;
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
	@Override
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
		this.up = !this.draining && pool().status().authenticated() > 0;
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
	 * Lists the gateway's models and keeps them for routing.
	 * @return the models
	 */
	@Override
	CompletableFuture<List<ModelInfo>> models() {
		return super.models().thenApply((listed) -> {
			this.models = Models.of(listed);
			return listed;
		});
	}

	/**
	 * Fetches the models in the background unless a fetch is under way; asking also makes
	 * the pool connect (within its backoff) if it has no connection.
	 */
	void refreshModels() {
		if (isClosed() || !this.fetchingModels.compareAndSet(false, true)) {
			return;
		}
		models().whenComplete((listed, error) -> this.fetchingModels.set(false));
	}

	/**
	 * The gateway as seen now.
	 * @param reason why it is down when its pool knows no failure
	 * @return the status
	 */
	GatewayStatus status(String reason) {
		PoolStatus pool = pool().status();
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

	@Override
	public String toString() {
		return "FleetMember[" + GatewayUrls.redact(this.endpoint.url()) + ", up=" + this.up + ", draining="
				+ this.draining + ", load=" + load() + "]";
	}

	/**
	 * The application's event listener, told first that the member's connections changed;
	 * it knows its member once the member is made (the pool opens nothing, and so
	 * publishes nothing, before).
	 */
	private static final class StateWatch implements Consumer<OllamaConnectionEvent> {

		private final Consumer<? super OllamaConnectionEvent> application;

		private volatile FleetMember member;

		StateWatch(Consumer<? super OllamaConnectionEvent> application) {
			this.application = application;
		}

		@Override
		public void accept(OllamaConnectionEvent event) {
			this.member.fleet.stateChanged(this.member);
			this.application.accept(event);
		}

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
