package io.github.ollamaws.routing;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.ollamaws.connection.AsyncFailures;
import io.github.ollamaws.connection.ClientSettings;
import io.github.ollamaws.connection.ConnectionFactory;
import io.github.ollamaws.connection.Deadlines;
import io.github.ollamaws.connection.GenerationSpec;
import io.github.ollamaws.connection.StreamingGeneration;
import io.github.ollamaws.core.GatewayUnavailableException;
import io.github.ollamaws.core.GatewayUrls;
import io.github.ollamaws.core.InvalidSettingException;
import io.github.ollamaws.core.ModelInfo;
import io.github.ollamaws.core.OllamaWsException;
import io.github.ollamaws.core.PoolStatus;
import io.github.ollamaws.core.TemplateClosedException;
import io.github.ollamaws.core.TokenHandler;
import io.github.ollamaws.fleet.FleetModelInfo;
import io.github.ollamaws.fleet.GatewayEndpoint;
import io.github.ollamaws.fleet.GatewayPing;
import io.github.ollamaws.fleet.GatewaySource;
import io.github.ollamaws.fleet.GatewayStatus;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * What a template over several gateways runs on: a {@link FleetGateway} (its own pool)
 * per gateway its source lists, the routing of each request to the least loaded gateway
 * that is up and serves its model, and a timer that polls the source, adds and drains
 * gateways, and refreshes their model lists.
 *
 * <p>
 * Routing is per request: it reads each gateway's state and load (a volatile and an
 * atomic counter), never its pool's lock, and nothing of it runs per token.
 */
public final class GatewayFleet {

	private static final Log logger = LogFactory.getLog(GatewayFleet.class);

	/** Why a gateway is down before its first connection attempt ended. */
	private static final String NOT_CONNECTED = "not connected yet";

	private final ClientSettings settings;

	private final GatewaySource source;

	private final Object eventSource;

	private final ScheduledExecutorService timer;

	private final ExecutorService executor;

	private final AtomicInteger rotation = new AtomicInteger();

	private final Object monitor = new Object();

	// Replaced as a whole under monitor; read without a lock by routing.
	private volatile FleetGateway[] gateways = new FleetGateway[0];

	private volatile boolean closed;

	// Guarded by monitor: endpoints of the source already reported as invalid.
	private final Set<GatewayEndpoint> reportedInvalid = new HashSet<>();

	/**
	 * A fleet that polls its source now, starts connecting to every gateway it lists, and
	 * then polls it every {@code refreshInterval}.
	 * @param settings the template's settings, shared by every gateway but for the URL,
	 * client id and key
	 * @param source the gateways
	 * @param refreshInterval how often the source is polled and model lists refreshed
	 * @param eventSource the source of the events the gateways' pools publish
	 */
	public GatewayFleet(ClientSettings settings, GatewaySource source, Duration refreshInterval, Object eventSource) {
		this.settings = settings;
		this.source = source;
		this.eventSource = eventSource;
		ThreadFactory custom = settings.hooks().threadFactory();
		this.timer = Executors.newSingleThreadScheduledExecutor(
				(custom != null) ? custom : ConnectionFactory.threadFactory("ollama-ws-fleet-timer-"));
		this.executor = Executors
			.newCachedThreadPool((custom != null) ? custom : ConnectionFactory.threadFactory("ollama-ws-fleet-"));
		refresh();
		long period = refreshInterval.toNanos();
		this.timer.scheduleWithFixedDelay(this::refresh, period, period, TimeUnit.NANOSECONDS);
	}

	/**
	 * The settings of one gateway: the template's, with the endpoint's URL, its client id
	 * (else the template's) and its key (else the template's shared key). One set of
	 * rules for the builder's gateways and those a source lists at runtime.
	 * @param settings the template's settings
	 * @param endpoint the gateway
	 * @param path the path of the gateway's settings in a failure, for example
	 * {@code gateways[1].}
	 * @return the gateway's settings
	 * @throws InvalidSettingException if the URL, the client id or the key is missing or
	 * invalid
	 * @throws io.github.ollamaws.core.PrivateKeyException if the key cannot sign the
	 * gateway's challenges
	 */
	public static ClientSettings settingsFor(ClientSettings settings, GatewayEndpoint endpoint, String path) {
		return settings.forGateway(path, endpoint.url(), endpoint.clientId(), endpoint.privateKey());
	}

	/**
	 * Routes a generation and sends it.
	 * @param spec what to generate
	 * @param handler receives tokens and the outcome
	 * @return the generation
	 */
	public StreamingGeneration stream(GenerationSpec spec, TokenHandler handler) {
		FleetGateway gateway = choose(spec.model(), false, List.of());
		StreamingGeneration generation = new StreamingGeneration(spec, handler, this.settings.hooks().observer(),
				(gateway != null) ? gateway.shownUrl() : null, this.settings.retry().enabled());
		if (this.closed) {
			generation.failBeforeSending(new TemplateClosedException());
			return generation;
		}
		if (gateway == null) {
			generation.failBeforeSending(noGateway());
			return generation;
		}
		FleetRequest request = new FleetRequest(this, generation);
		generation.retrier(request);
		generation.rerouter(request);
		generation.result().whenComplete((result, error) -> request.ended());
		request.send(gateway, null);
		return generation;
	}

	/**
	 * Lists the models of every gateway that is not draining, at once, and keeps each
	 * list for routing.
	 * @return the union, in the order of the gateways, each model with the gateways that
	 * list it; fails only if every gateway failed
	 */
	public CompletableFuture<List<FleetModelInfo>> listModels() {
		List<FleetGateway> asked = active();
		if (asked.isEmpty()) {
			return CompletableFuture.failedFuture(noGateway());
		}
		List<CompletableFuture<Listing>> listings = asked.stream()
			.map((gateway) -> gateway.fetchModels()
				.handle((models, error) -> new Listing(gateway.endpoint(), models, error)))
			.toList();
		return CompletableFuture.allOf(listings.toArray(new CompletableFuture<?>[0]))
			.thenApply((done) -> union(listings.stream().map(CompletableFuture::join).toList()));
	}

	private static List<FleetModelInfo> union(List<Listing> listings) {
		Map<String, ModelInfo> models = new LinkedHashMap<>();
		Map<String, List<GatewayEndpoint>> servedBy = new LinkedHashMap<>();
		Throwable firstError = null;
		boolean anyListed = false;
		for (Listing listing : listings) {
			if (listing.models() == null) {
				firstError = (firstError != null) ? firstError : listing.error();
				continue;
			}
			anyListed = true;
			for (ModelInfo model : listing.models()) {
				models.putIfAbsent(model.name(), model);
				List<GatewayEndpoint> gateways = servedBy.computeIfAbsent(model.name(), (name) -> new ArrayList<>());
				if (!gateways.contains(listing.gateway())) {
					gateways.add(listing.gateway());
				}
			}
		}
		if (!anyListed) {
			throw AsyncFailures.asOllamaException(firstError);
		}
		return models.values()
			.stream()
			.map((model) -> new FleetModelInfo(model, List.copyOf(servedBy.get(model.name()))))
			.toList();
	}

	/**
	 * Pings the gateway a request for the default model would go to now.
	 * @return the round trip
	 */
	public CompletableFuture<Duration> ping() {
		FleetGateway gateway = choose(this.settings.defaults().model(), false, List.of());
		if (gateway == null) {
			return CompletableFuture.failedFuture(noGateway());
		}
		return gateway.onConnection((connection) -> connection.ping(this.settings.heartbeat().timeout()));
	}

	/**
	 * Pings every gateway that is not draining, at once.
	 * @return each gateway's round trip or failure, in the order of the gateways
	 */
	public CompletableFuture<List<GatewayPing>> pingAll() {
		List<CompletableFuture<GatewayPing>> pings = active().stream()
			.map((gateway) -> gateway.onConnection((connection) -> connection.ping(this.settings.heartbeat().timeout()))
				.handle((roundTrip, error) -> new GatewayPing(gateway.endpoint(), roundTrip,
						(error != null) ? AsyncFailures.asOllamaException(error) : null)))
			.toList();
		return CompletableFuture.allOf(pings.toArray(new CompletableFuture<?>[0]))
			.thenApply((done) -> pings.stream().map(CompletableFuture::join).toList());
	}

	/**
	 * A snapshot of every gateway, draining ones included.
	 * @return the statuses, in the order the gateways were added
	 */
	public List<GatewayStatus> statuses() {
		List<GatewayStatus> statuses = new ArrayList<>();
		for (FleetGateway gateway : this.gateways) {
			statuses.add(gateway.status(NOT_CONNECTED));
		}
		return statuses;
	}

	/**
	 * The connections of every gateway, added up.
	 * @return the status; its last failure is that of a gateway that is down
	 */
	public PoolStatus poolStatus() {
		int size = 0;
		int open = 0;
		int authenticated = 0;
		int inFlight = 0;
		int waiting = 0;
		long reconnects = 0;
		OllamaWsException lastFailure = null;
		Instant lastFailureAt = null;
		for (FleetGateway gateway : this.gateways) {
			PoolStatus pool = gateway.pool().status();
			size += pool.size();
			open += pool.open();
			authenticated += pool.authenticated();
			inFlight += pool.inFlight();
			waiting += pool.waiting();
			reconnects += pool.reconnects();
			if (pool.lastFailureAt() != null
					&& (lastFailureAt == null || pool.lastFailureAt().isAfter(lastFailureAt))) {
				lastFailure = pool.lastFailure();
				lastFailureAt = pool.lastFailureAt();
			}
		}
		return new PoolStatus(size, open, authenticated, inFlight, waiting, reconnects, lastFailure, lastFailureAt,
				this.closed);
	}

	/**
	 * Opens the connections of every gateway at once and waits for each gateway's first
	 * to authenticate or fail.
	 * @param limit the longest wait
	 * @param failFast whether to throw if no gateway could be reached
	 * @throws OllamaWsException if {@code failFast} and every gateway failed (the first
	 * gateway's failure)
	 */
	public void warmUp(Duration limit, boolean failFast) {
		List<FleetGateway> all = active();
		if (all.isEmpty()) {
			if (failFast) {
				throw noGateway();
			}
			return;
		}
		List<CompletableFuture<OllamaWsException>> attempts = all.stream()
			.map((gateway) -> CompletableFuture.supplyAsync(() -> warmUp(gateway, limit), this.executor))
			.toList();
		List<OllamaWsException> failures = new ArrayList<>();
		for (int i = 0; i < all.size(); i++) {
			OllamaWsException failure = attempts.get(i).join();
			if (failure != null) {
				failures.add(failure);
				logger.warn("Could not connect to the gateway at " + GatewayUrls.redact(all.get(i).url())
						+ " at startup; it stays out of " + "rotation until it can: " + failure.getMessage());
			}
			stateChanged(all.get(i));
		}
		if (failFast && failures.size() == all.size()) {
			throw failures.get(0);
		}
	}

	private static OllamaWsException warmUp(FleetGateway gateway, Duration limit) {
		try {
			gateway.pool().warmUp(limit);
			return null;
		}
		catch (OllamaWsException ex) {
			return ex;
		}
	}

	/**
	 * Shuts every gateway down at once: refuses new requests, lets those in flight finish
	 * for up to {@code timeout}, cancels the rest, and stops the fleet's threads.
	 * @param timeout how long requests in flight may go on
	 */
	public void shutdown(Duration timeout) {
		FleetGateway[] all;
		synchronized (this.monitor) {
			if (this.closed) {
				return;
			}
			this.closed = true;
			all = this.gateways;
		}
		this.timer.shutdownNow();
		List<CompletableFuture<Void>> closing = new ArrayList<>();
		for (FleetGateway gateway : all) {
			closing.add(CompletableFuture.runAsync(() -> gateway.close(timeout), this.executor));
		}
		for (CompletableFuture<Void> each : closing) {
			try {
				each.join();
			}
			catch (RuntimeException ex) {
				logger.warn("Failed to close a gateway's connections", ex);
			}
		}
		this.executor.shutdown();
		try {
			// Drains under way end within their own shutdown timeout.
			if (!this.executor.awaitTermination(timeout.plusSeconds(5).toNanos(), TimeUnit.NANOSECONDS)) {
				this.executor.shutdownNow();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.executor.shutdownNow();
		}
	}

	/**
	 * The gateway a request for the model would go to now, as {@link #stream} chooses it.
	 * @param model the model, or {@code null} for the gateway's default
	 * @return the gateway's URL without user info or query, or {@code null} if there is
	 * none
	 */
	public URI route(String model) {
		FleetGateway gateway = choose(model, false, List.of());
		return (gateway != null) ? gateway.shownUrl() : null;
	}

	boolean isClosed() {
		return this.closed;
	}

	/**
	 * The gateway for a request: among those not draining and not excluded, the least
	 * loaded that is up and lists the model; else (with {@code mustServe} false) the
	 * least loaded that is up, for a model no gateway lists (lists may be stale) or for
	 * the gateway's default model; else the least loaded of the rest, whose pool then
	 * connects or fails. Ties go round the gateways, so that equal loads spread evenly.
	 * @param model the model, or {@code null} for the gateway's default
	 * @param mustServe whether only a gateway that is up and lists the model will do
	 * @param excluded gateways already tried
	 * @return the gateway, or {@code null} if none will do
	 */
	FleetGateway choose(String model, boolean mustServe, List<FleetGateway> excluded) {
		FleetGateway[] all = this.gateways;
		int count = all.length;
		if (count == 0) {
			return null;
		}
		int start = (count == 1) ? 0 : Math.floorMod(this.rotation.getAndIncrement(), count);
		FleetGateway serving = null;
		FleetGateway up = null;
		FleetGateway any = null;
		int servingLoad = Integer.MAX_VALUE;
		int upLoad = Integer.MAX_VALUE;
		int anyLoad = Integer.MAX_VALUE;
		for (int i = 0; i < count; i++) {
			FleetGateway gateway = all[(start + i) % count];
			if (gateway.isDraining() || (!excluded.isEmpty() && excluded.contains(gateway))) {
				continue;
			}
			int load = gateway.load().get();
			if (gateway.isUp()) {
				if (load < servingLoad && model != null && gateway.serves(model)) {
					serving = gateway;
					servingLoad = load;
				}
				if (load < upLoad) {
					up = gateway;
					upLoad = load;
				}
			}
			if (load < anyLoad) {
				any = gateway;
				anyLoad = load;
			}
		}
		if (mustServe || serving != null) {
			return serving;
		}
		return (up != null) ? up : any;
	}

	/**
	 * A draining gateway has nothing in flight any more (or waited long enough): closes
	 * it, off the caller's thread, and forgets it.
	 * @param gateway the drained gateway
	 */
	void drained(FleetGateway gateway) {
		try {
			this.executor.execute(() -> {
				gateway.close(this.settings.timeouts().shutdown());
				synchronized (this.monitor) {
					List<FleetGateway> kept = new ArrayList<>(List.of(this.gateways));
					kept.remove(gateway);
					this.gateways = kept.toArray(new FleetGateway[0]);
				}
				logger.info("Gateway " + gateway.shownUrl() + " drained and closed");
			});
		}
		catch (RejectedExecutionException ex) {
			// Shut down: shutdown() closes it.
		}
	}

	/**
	 * A gateway's connection changed: reads whether it is up, and fetches its models when
	 * it just came up.
	 * @param gateway the gateway whose connection changed
	 */
	private void stateChanged(FleetGateway gateway) {
		if (gateway.updateState()) {
			gateway.refreshModels();
		}
	}

	private void refresh() {
		try {
			if (this.closed) {
				return;
			}
			List<GatewayEndpoint> listed = null;
			try {
				listed = this.source.gateways();
			}
			catch (RuntimeException ex) {
				logger.warn("The gateway source failed; keeping the gateways known: " + ex);
			}
			if (listed != null) {
				reconcile(listed);
			}
			long now = System.nanoTime();
			for (FleetGateway gateway : this.gateways) {
				if (gateway.drainOverdue(now)) {
					drained(gateway);
				}
				else if (!gateway.isDraining()) {
					gateway.updateState();
					gateway.refreshModels();
				}
			}
		}
		catch (RuntimeException ex) {
			logger.error("Refreshing the gateways failed", ex);
		}
	}

	/**
	 * Adds the gateways the source lists anew, and drains those it no longer lists.
	 * @param listed the gateways the source lists now
	 */
	private void reconcile(List<GatewayEndpoint> listed) {
		List<FleetGateway> added = new ArrayList<>();
		List<FleetGateway> idle = new ArrayList<>();
		synchronized (this.monitor) {
			if (this.closed) {
				return;
			}
			Set<GatewayEndpoint> wanted = new LinkedHashSet<>(listed);
			wanted.remove(null);
			List<FleetGateway> next = new ArrayList<>(List.of(this.gateways));
			Set<GatewayEndpoint> present = new HashSet<>();
			for (FleetGateway gateway : next) {
				if (gateway.isDraining()) {
					continue;
				}
				if (wanted.contains(gateway.endpoint())) {
					present.add(gateway.endpoint());
				}
				else {
					// Its generations in flight get their own time limit to finish.
					gateway.startDraining(Deadlines.after(System.nanoTime(), this.settings.timeouts().request()));
					logger.info("Gateway " + gateway.shownUrl() + " is no longer listed; draining it");
					if (gateway.load().get() == 0) {
						idle.add(gateway);
					}
				}
			}
			for (GatewayEndpoint endpoint : wanted) {
				if (present.contains(endpoint)) {
					continue;
				}
				ClientSettings gatewaySettings = validSettings(endpoint);
				if (gatewaySettings != null) {
					FleetGateway gateway = new FleetGateway(endpoint, gatewaySettings, this.eventSource,
							this::stateChanged);
					next.add(gateway);
					added.add(gateway);
				}
			}
			this.gateways = next.toArray(new FleetGateway[0]);
		}
		for (FleetGateway gateway : added) {
			logger.debug("Gateway " + gateway.shownUrl() + " added");
			gateway.refreshModels();
		}
		idle.forEach(this::drained);
	}

	private ClientSettings validSettings(GatewayEndpoint endpoint) {
		try {
			ClientSettings gatewaySettings = settingsFor(this.settings, endpoint, "gateways[].");
			this.reportedInvalid.remove(endpoint);
			return gatewaySettings;
		}
		catch (OllamaWsException | IllegalArgumentException ex) {
			if (this.reportedInvalid.add(endpoint)) {
				logger.warn("Ignoring " + endpoint + " from the gateway source: " + ex.getMessage());
			}
			return null;
		}
	}

	private List<FleetGateway> active() {
		List<FleetGateway> active = new ArrayList<>();
		for (FleetGateway gateway : this.gateways) {
			if (!gateway.isDraining()) {
				active.add(gateway);
			}
		}
		return active;
	}

	private static GatewayUnavailableException noGateway() {
		return new GatewayUnavailableException("No gateway to send the request to: the gateway source lists none",
				null);
	}

	/** One gateway's answer to a models request: its models, or its failure. */
	private record Listing(GatewayEndpoint gateway, List<ModelInfo> models, Throwable error) {
	}

}
