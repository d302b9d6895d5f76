package io.github.ollamaws.client;

import java.net.URI;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;

import javax.net.ssl.SSLContext;

import io.github.ollamaws.connection.AsyncFailures;
import io.github.ollamaws.connection.ClientSettings;
import io.github.ollamaws.connection.ConnectionFactory;
import io.github.ollamaws.connection.Deadlines;
import io.github.ollamaws.connection.GatewayConnection;
import io.github.ollamaws.connection.GenerationSpec;
import io.github.ollamaws.connection.StreamingGeneration;
import io.github.ollamaws.core.GatewayUrls;
import io.github.ollamaws.core.GenerateRequest;
import io.github.ollamaws.core.Generation;
import io.github.ollamaws.core.GenerationOptions;
import io.github.ollamaws.core.GenerationResult;
import io.github.ollamaws.core.InvalidSettingException;
import io.github.ollamaws.core.MessageTooLargeException;
import io.github.ollamaws.core.ModelInfo;
import io.github.ollamaws.core.OllamaClientObserver;
import io.github.ollamaws.core.OllamaTimeoutException;
import io.github.ollamaws.core.OllamaWsException;
import io.github.ollamaws.core.PoolStatus;
import io.github.ollamaws.core.TemplateClosedException;
import io.github.ollamaws.core.TokenHandler;
import io.github.ollamaws.event.OllamaConnectionEvent;
import io.github.ollamaws.fleet.FleetModelInfo;
import io.github.ollamaws.fleet.GatewayEndpoint;
import io.github.ollamaws.fleet.GatewayPing;
import io.github.ollamaws.fleet.GatewaySource;
import io.github.ollamaws.fleet.GatewayStatus;
import io.github.ollamaws.pool.ConnectionPool;
import io.github.ollamaws.routing.GatewayFleet;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * The client of an Ollama WebSocket gateway: generates text, streams tokens, stops
 * generations, lists models and pings, over a pool of authenticated WebSocket connections
 * that many requests share at once.
 *
 * <p>
 * With the starter, a bean of this type is configured from {@code ollama.ws.*}
 * properties. Without Spring:
 *
 * <pre>{@code
 * try (OllamaTemplate ollama = OllamaTemplate.builder()
 *         .url("ws://localhost:3000")
 *         .clientId("my-client")
 *         .privateKey(PrivateKeyLoader.load(pem, null))
 *         .build()) {
 *     System.out.println(ollama.generate("Why is the sky blue?").text());
 * }
 * }</pre>
 *
 * <p>
 * Thread-safe. Connections open on first use (or at {@link #start()} with eager warm-up);
 * a connection that is lost is replaced in the background.
 *
 * <p>
 * <strong>Several gateways.</strong> Built with {@link Builder#gateway(GatewayEndpoint)},
 * {@link Builder#gateways(List)} or a {@link Builder#discovery(Consumer) discovery}
 * source, one template spans a fleet of gateways, each with its own pool: a request goes
 * to the least loaded gateway that is up and serves its model; a gateway that fails
 * leaves the rotation (with its own backoff) until it works again; a request lost before
 * its first token is sent again once on another gateway; a {@code ModelNotFound} from a
 * gateway while another lists the model sends it there. A fleet connects to every gateway
 * when it starts (at {@link #start()} or first use), since routing needs each gateway's
 * models. See {@link #gatewayStatuses()}, {@link #listFleetModels()} and
 * {@link #pingAll()}.
 */
public class OllamaTemplate implements OllamaOperations, SmartLifecycle, AutoCloseable {

	/**
	 * The lifecycle phase: the template stops after the web server, so that requests a
	 * server is still finishing during graceful shutdown can complete their generations.
	 */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

	private static final Log logger = LogFactory.getLog(OllamaTemplate.class);

	/**
	 * Added to a blocking wait beyond the request's own limit, which the client enforces
	 * itself.
	 */
	private static final Duration WAIT_MARGIN = Duration.ofSeconds(5);

	private final ClientSettings settings;

	// The gateway's URL as shown (observations, getUrl()): without credentials.
	private final URI shownUrl;

	// The gateways of a fleet, or null for the one gateway of the settings.
	private final @Nullable GatewaySource gatewaySource;

	private final @Nullable Duration gatewayRefreshInterval;

	private final Object lifecycleMonitor = new Object();

	// Guarded by lifecycleMonitor; created on first use, discarded on stop.
	private @Nullable Runtime runtime;

	private volatile boolean running;

	private volatile boolean closed;

	OllamaTemplate(ClientSettings settings) {
		this(settings, null, null);
	}

	OllamaTemplate(ClientSettings settings, @Nullable GatewaySource gatewaySource,
			@Nullable Duration gatewayRefreshInterval) {
		this.settings = settings;
		this.shownUrl = GatewayUrls.withoutCredentials(settings.url());
		this.gatewaySource = gatewaySource;
		this.gatewayRefreshInterval = gatewayRefreshInterval;
	}

	/**
	 * A builder of a template.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * The gateway this template talks to. Over several gateways, the first gateway the
	 * builder was given (or {@code ws://localhost:3000} with a gateway source): see
	 * {@link #gatewayStatuses()} for them all. Shown as {@link GatewayUrls} shows it:
	 * without user info or query, which only the connections read.
	 * @return the gateway's WebSocket URL, without user info or query
	 */
	public URI getUrl() {
		return this.shownUrl;
	}

	/**
	 * The client id this template authenticates as. Over several gateways, the shared
	 * client id of those that name none ({@code null} if not set): see
	 * {@link #gatewayStatuses()} for each gateway's.
	 * @return the client id, {@code null} only over several gateways without a shared one
	 */
	public @Nullable String getClientId() {
		return this.settings.clientId();
	}

	/**
	 * The settings the template was built with. Not public: they hold the private key,
	 * and their type lives in an internal package; callers use {@link #getUrl()},
	 * {@link #getClientId()} and {@link #poolStatus()}.
	 * @return the settings
	 */
	ClientSettings settings() {
		return this.settings;
	}

	@Override
	public GenerationResult generate(String prompt) {
		return generate(GenerateRequest.of(prompt));
	}

	@Override
	public GenerationResult generate(String model, String prompt) {
		return generate(GenerateRequest.builder(prompt).model(model).build());
	}

	@Override
	public GenerationResult generate(GenerateRequest request) {
		Duration timeout = (request.timeout() != null) ? request.timeout() : this.settings.timeouts().request();
		return await(generateAsync(request), timeout, OllamaTimeoutException.Kind.REQUEST);
	}

	@Override
	public CompletableFuture<GenerationResult> generateAsync(GenerateRequest request) {
		return stream(request, NO_TOKEN_HANDLER).result();
	}

	@Override
	public Generation stream(GenerateRequest request, TokenHandler handler) {
		Objects.requireNonNull(request, "request must not be null");
		Objects.requireNonNull(handler, "handler must not be null");
		Runtime current = runtime();
		if (current != null && current.fleet != null) {
			return current.fleet.stream(spec(request), handler);
		}
		StreamingGeneration generation = new StreamingGeneration(spec(request), handler,
				this.settings.hooks().observer(), this.shownUrl, this.settings.retry().enabled());
		if (current == null) {
			generation.failBeforeSending(new TemplateClosedException());
			return generation;
		}
		ConnectionPool pool = current.pool;
		generation.retrier(pool::retry);
		pool.acquire(generation).whenComplete((connection, error) -> {
			if (error != null) {
				// Closed while it waited, among others: it never left, and ends typed.
				generation.failBeforeSending(error);
			}
			else if (!connection.dispatch(generation)) {
				pool.release(connection);
			}
		});
		return generation;
	}

	@Override
	public List<ModelInfo> listModels() {
		return await(listModelsAsync(), this.settings.pool().acquireTimeout().plus(this.settings.timeouts().request()),
				OllamaTimeoutException.Kind.REQUEST);
	}

	/**
	 * Lists the models. Over several gateways, asks every gateway that is not draining at
	 * once and returns the union, one {@link ModelInfo} per name (as the first gateway
	 * that lists it describes it), failing only if every gateway failed;
	 * {@link #listFleetModels()} says which gateways serve each.
	 * @return the models' future
	 */
	@Override
	public CompletableFuture<List<ModelInfo>> listModelsAsync() {
		Runtime current = runtime();
		if (current != null && current.fleet != null) {
			return current.fleet.listModels()
				.thenApply((models) -> models.stream().map(FleetModelInfo::model).toList());
		}
		return onConnection((connection) -> connection.models(this.settings.timeouts().request()));
	}

	/**
	 * Lists the models of every gateway, each with the gateways that serve it; the lists
	 * are also what routing uses from then on. With one gateway, each model has that
	 * gateway.
	 * @return the models, in the order the gateways list them
	 * @throws OllamaWsException if every gateway failed
	 */
	public List<FleetModelInfo> listFleetModels() {
		return await(listFleetModelsAsync(),
				this.settings.pool().acquireTimeout().plus(this.settings.timeouts().request()),
				OllamaTimeoutException.Kind.REQUEST);
	}

	/**
	 * Lists the models of every gateway without blocking; see {@link #listFleetModels()}.
	 * @return the models' future
	 */
	public CompletableFuture<List<FleetModelInfo>> listFleetModelsAsync() {
		Runtime current = runtime();
		if (current != null && current.fleet != null) {
			return current.fleet.listModels();
		}
		List<GatewayEndpoint> gateway = List.of(singleGateway());
		return listModelsAsync()
			.thenApply((models) -> models.stream().map((model) -> new FleetModelInfo(model, gateway)).toList());
	}

	@Override
	public Duration ping() {
		return await(pingAsync(), this.settings.pool().acquireTimeout().plus(this.settings.heartbeat().timeout()),
				OllamaTimeoutException.Kind.PING);
	}

	/**
	 * Sends a {@code ping} without blocking. Over several gateways, pings the gateway a
	 * request for the default model would go to now (the least loaded that is up);
	 * {@link #pingAll()} pings each.
	 * @return the round trip's future
	 */
	@Override
	public CompletableFuture<Duration> pingAsync() {
		Runtime current = runtime();
		CompletableFuture<Duration> ping = (current != null && current.fleet != null) ? current.fleet.ping()
				: onConnection((connection) -> connection.ping(this.settings.heartbeat().timeout()));
		return ping.thenApply((roundTrip) -> {
			this.settings.hooks().observer().pingCompleted(roundTrip);
			return roundTrip;
		});
	}

	/**
	 * Pings every gateway at once (the one gateway of a template built with a URL).
	 * @return each gateway's round trip, or why it could not be measured
	 * @throws OllamaWsException if the template is closed
	 */
	public List<GatewayPing> pingAll() {
		return await(pingAllAsync(), this.settings.pool().acquireTimeout().plus(this.settings.heartbeat().timeout()),
				OllamaTimeoutException.Kind.PING);
	}

	/**
	 * Pings every gateway at once without blocking; see {@link #pingAll()}.
	 * @return the pings' future
	 */
	public CompletableFuture<List<GatewayPing>> pingAllAsync() {
		Runtime current = runtime();
		if (current != null && current.fleet != null) {
			return current.fleet.pingAll();
		}
		GatewayEndpoint gateway = singleGateway();
		return pingAsync().handle((roundTrip, error) -> List
			.of(new GatewayPing(gateway, roundTrip, (error != null) ? asOllamaException(error) : null)));
	}

	/**
	 * A snapshot of the template's connections; over several gateways, those of every
	 * gateway added up.
	 * @return the status
	 */
	public PoolStatus poolStatus() {
		Runtime current = currentRuntime();
		if (current == null) {
			return new PoolStatus(this.settings.pool().size(), 0, 0, 0, 0, 0, null, null, this.closed);
		}
		return (current.fleet != null) ? current.fleet.poolStatus() : current.pool.status();
	}

	/**
	 * A snapshot of each gateway: whether it is up, down (and why) or draining, the
	 * models it served when last asked, its connections and requests in flight. With one
	 * gateway (a template built with a URL), one status, with no models (such a template
	 * routes nothing, so it keeps no model list); before the template first started or
	 * was used, none.
	 * @return the statuses
	 */
	public List<GatewayStatus> gatewayStatuses() {
		Runtime current = currentRuntime();
		if (current == null) {
			return List.of();
		}
		if (current.fleet != null) {
			return current.fleet.statuses();
		}
		PoolStatus pool = current.pool.status();
		GatewayStatus.State state = GatewayStatus.State.UP;
		String reason = null;
		if (pool.authenticated() == 0) {
			state = GatewayStatus.State.DOWN;
			reason = (pool.lastFailure() != null) ? pool.lastFailure().getMessage() : "not connected yet";
		}
		return List.of(new GatewayStatus(singleGateway(), state, reason, List.of(), null, pool.open(),
				pool.authenticated(), pool.inFlight()));
	}

	private GatewayEndpoint singleGateway() {
		return GatewayEndpoint.of(this.settings.url(), this.settings.clientId());
	}

	private @Nullable Runtime currentRuntime() {
		synchronized (this.lifecycleMonitor) {
			return this.runtime;
		}
	}

	/**
	 * Runs a one-frame request on a pooled connection: waiting for a slot is bounded by
	 * the acquire timeout, the request itself by its own limit once sent.
	 * @param <T> the type of the request's result
	 * @param call sends the request on the leased connection
	 * @return the request's result; failed if the template is closed or no connection is
	 * free in time
	 */
	private <T> CompletableFuture<T> onConnection(Function<GatewayConnection, CompletableFuture<T>> call) {
		Runtime current = runtime();
		if (current == null) {
			return CompletableFuture.failedFuture(new TemplateClosedException());
		}
		return current.pool
			.acquire(Deadlines.after(System.nanoTime(), this.settings.pool().acquireTimeout()),
					OllamaTimeoutException.Kind.ACQUIRE)
			.thenCompose(call);
	}

	private GenerationSpec spec(GenerateRequest request) {
		String model = (request.model() != null) ? request.model() : this.settings.defaults().model();
		Map<String, Object> options = request.gatewayOptions(this.settings.defaults().options(),
				this.settings.defaults().system(), this.settings.defaults().keepAlive());
		Duration timeout = (request.timeout() != null) ? request.timeout() : this.settings.timeouts().request();
		return new GenerationSpec(model, request.prompt(), options, timeout, this.settings.timeouts().idle());
	}

	@SuppressWarnings("NullAway") // get() fails with a cause
	private static <T> T await(CompletableFuture<T> future, Duration limit, OllamaTimeoutException.Kind kind) {
		try {
			// The client ends every request within its own limits; the margin only guards
			// against the unforeseen.
			return future.get(limit.plus(WAIT_MARGIN).toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			throw rethrow(ex.getCause());
		}
		catch (TimeoutException ex) {
			future.cancel(false);
			throw new OllamaTimeoutException(kind, limit, null);
		}
		catch (InterruptedException ex) {
			future.cancel(false);
			Thread.currentThread().interrupt();
			throw new OllamaWsException("Interrupted while waiting for the gateway", ex);
		}
		catch (CancellationException ex) {
			throw new OllamaWsException("The request was cancelled", ex);
		}
	}

	private static OllamaWsException asOllamaException(Throwable error) {
		RuntimeException cause = rethrow(error);
		return (cause instanceof OllamaWsException ollama) ? ollama
				: new OllamaWsException(String.valueOf(cause.getMessage()), cause);
	}

	private static RuntimeException rethrow(Throwable error) {
		Throwable cause = AsyncFailures.unwrap(error);
		if (cause instanceof RuntimeException runtimeException) {
			return runtimeException;
		}
		return new OllamaWsException(String.valueOf(cause.getMessage()), cause);
	}

	// A Runtime holds either a fleet, or a factory and a pool; a fleet's template was
	// built with a refresh interval (the builder's default if not set).
	@SuppressWarnings("NullAway")
	private @Nullable Runtime runtime() {
		synchronized (this.lifecycleMonitor) {
			if (this.closed) {
				return null;
			}
			if (this.runtime == null) {
				if (this.gatewaySource != null) {
					this.runtime = new Runtime(null, null,
							new GatewayFleet(this.settings, this.gatewaySource, this.gatewayRefreshInterval, this));
				}
				else {
					ConnectionFactory factory = new ConnectionFactory(this.settings);
					this.runtime = new Runtime(factory, new ConnectionPool(this.settings, factory, this), null);
				}
			}
			return this.runtime;
		}
	}

	/**
	 * Starts the template: with eager warm-up, opens the connections; with fail-fast,
	 * throws if the gateway cannot be reached or rejects the key. Otherwise connections
	 * open on first use.
	 */
	@Override
	public void start() {
		Runtime current = runtime();
		if (current == null) {
			throw new TemplateClosedException();
		}
		this.running = true;
		if (this.settings.pool().eagerWarmUp() || this.settings.failFast()) {
			Duration limit = this.settings.timeouts().connect().plus(this.settings.timeouts().auth());
			if (current.fleet != null) {
				// Fails only if no gateway can be reached; each failing one is logged.
				current.fleet.warmUp(limit, this.settings.failFast());
				return;
			}
			try {
				current.pool.warmUp(limit);
			}
			catch (OllamaWsException ex) {
				if (this.settings.failFast()) {
					throw ex;
				}
				logger.warn("Could not connect to the gateway at " + this.settings.url()
						+ " at startup; requests will try again: " + ex.getMessage());
			}
		}
	}

	/**
	 * Stops the template gracefully: refuses new requests, lets requests in flight finish
	 * for up to the shutdown timeout, cancels the rest (stopping them on the gateway) and
	 * closes every connection and thread. The template can be started again.
	 */
	@Override
	public void stop() {
		Runtime current;
		synchronized (this.lifecycleMonitor) {
			current = this.runtime;
			this.runtime = null;
			this.running = false;
		}
		if (current != null && current.fleet != null) {
			current.fleet.shutdown(this.settings.timeouts().shutdown());
		}
		else if (current != null) {
			try {
				current.pool.shutdown(this.settings.timeouts().shutdown());
			}
			finally {
				current.factory.close();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	/**
	 * Stops the template for good, as {@link #stop()} does; later requests fail.
	 */
	@Override
	public void close() {
		synchronized (this.lifecycleMonitor) {
			this.closed = true;
		}
		stop();
	}

	private static final TokenHandler NO_TOKEN_HANDLER = (token) -> {
	};

	/**
	 * What a started template runs on: a factory and a pool for one gateway, or a fleet.
	 */
	private record Runtime(ConnectionFactory factory, ConnectionPool pool, GatewayFleet fleet) {
	}

	/**
	 * Builds an {@link OllamaTemplate}. Only the URL, the client id and the private key
	 * are required.
	 * <p>
	 * The builder has the shape of the starter's {@code ollama.ws.*} properties: a
	 * setting at the top level there is a method here ({@code connect-timeout} is
	 * {@link #connectTimeout(Duration)}), and a group there is a group here, set through
	 * a function of the group ({@code pool.max-in-flight} is
	 * {@code pool((pool) -> pool.maxInFlight(256))}). So one path names each setting in
	 * the builder, in the properties and in {@link InvalidSettingException#setting()}.
	 * Groups are set through functions, as Spring Security's and WebClient's builders
	 * are, rather than built apart and passed in, as Lettuce's {@code ClientOptions} are:
	 * a function changes only the settings it names, so that an
	 * {@code OllamaTemplateCustomizer} can change one setting of a group configured from
	 * properties without copying the rest of it, and calling a group twice adds to it.
	 * <pre>{@code
	 * OllamaTemplate.builder()
	 *     .url("wss://gateway.example.com")
	 *     .clientId("my-client")
	 *     .privateKey(key)
	 *     .pool((pool) -> pool.size(4).maxInFlight(64))
	 *     .reconnect((reconnect) -> reconnect.maxDelay(Duration.ofSeconds(10)))
	 *     .heartbeat((heartbeat) -> heartbeat.enabled(false))
	 *     .build();
	 * }</pre> Every setting is checked once, by {@link #build()}.
	 */
	public static final class Builder {

		private URI url = URI.create("ws://localhost:3000");

		private boolean urlSet;

		private @Nullable List<GatewayEndpoint> gateways;

		private @Nullable String clientId;

		private @Nullable PrivateKey privateKey;

		private @Nullable String defaultModel;

		private GenerationOptions defaultOptions = GenerationOptions.empty();

		private @Nullable String defaultSystem;

		private @Nullable Duration keepAlive;

		private Duration connectTimeout = Duration.ofSeconds(10);

		private Duration authTimeout = Duration.ofSeconds(10);

		private Duration requestTimeout = Duration.ofMinutes(5);

		private Duration idleTimeout = Duration.ofMinutes(2);

		private long maxMessageSize = 16 * 1024 * 1024;

		private Duration sendTimeLimit = Duration.ofSeconds(10);

		private long sendBufferSizeLimit = 64 * 1024 * 1024;

		private boolean failFast;

		private Duration shutdownTimeout = Duration.ofSeconds(10);

		private final Pool pool = new Pool();

		private final Reconnect reconnect = new Reconnect();

		private final Heartbeat heartbeat = new Heartbeat();

		private final Retry retry = new Retry();

		private final Discovery discovery = new Discovery();

		private @Nullable SSLContext sslContext;

		private @Nullable ThreadFactory threadFactory;

		private Consumer<? super OllamaConnectionEvent> eventListener = (event) -> {
		};

		private OllamaClientObserver observer = OllamaClientObserver.NOOP;

		private Builder() {
		}

		/**
		 * The gateway's WebSocket URL ({@code ws://} or {@code wss://}); default
		 * {@code ws://localhost:3000}.
		 * @param url the URL
		 * @return this builder
		 */
		public Builder url(URI url) {
			this.url = Objects.requireNonNull(url, "url must not be null");
			this.urlSet = true;
			return this;
		}

		/**
		 * The gateway's WebSocket URL ({@code ws://} or {@code wss://}).
		 * @param url the URL
		 * @return this builder
		 */
		public Builder url(String url) {
			return url(URI.create(url));
		}

		/**
		 * Adds a gateway to the template's fleet: with more than one, requests are spread
		 * over them (see {@link OllamaTemplate}). Not with {@link #url(URI)} or a
		 * {@link Discovery#source(GatewaySource) discovery source}.
		 * @param gateway the gateway; its client id and key default to the builder's
		 * {@link #clientId(String)} and {@link #privateKey(PrivateKey)}
		 * @return this builder
		 */
		public Builder gateway(GatewayEndpoint gateway) {
			Objects.requireNonNull(gateway, "gateway must not be null");
			if (this.gateways == null) {
				this.gateways = new ArrayList<>();
			}
			this.gateways.add(gateway);
			return this;
		}

		/**
		 * The gateways of the template's fleet, replacing any added before. Not with
		 * {@link #url(URI)} or a {@link Discovery#source(GatewaySource) discovery
		 * source}.
		 * @param gateways the gateways, at least one, with distinct URLs
		 * @return this builder
		 */
		public Builder gateways(List<GatewayEndpoint> gateways) {
			Objects.requireNonNull(gateways, "gateways must not be null");
			this.gateways = new ArrayList<>(gateways);
			return this;
		}

		/**
		 * Where the template finds its gateways at runtime and how often it looks
		 * ({@code discovery.*}).
		 * @param discovery sets the discovery settings
		 * @return this builder
		 */
		public Builder discovery(Consumer<Discovery> discovery) {
			discovery.accept(this.discovery);
			return this;
		}

		/**
		 * The client id the gateway registered the public key under; over several
		 * gateways, the id of those that name none.
		 * @param clientId the client id
		 * @return this builder
		 */
		public Builder clientId(String clientId) {
			this.clientId = clientId;
			return this;
		}

		/**
		 * The private key (RSA or EC) that signs the gateway's challenges; over several
		 * gateways, the key of those that have none of their own.
		 * @param privateKey the key; see
		 * {@code io.github.ollamaws.client.PrivateKeyLoader} to read PEM
		 * @return this builder
		 */
		public Builder privateKey(PrivateKey privateKey) {
			this.privateKey = privateKey;
			return this;
		}

		/**
		 * The model of requests that name none; default none: the gateway's own default.
		 * @param defaultModel the model, or {@code null} for the gateway's default
		 * @return this builder
		 */
		public Builder defaultModel(@Nullable String defaultModel) {
			this.defaultModel = (defaultModel != null && !defaultModel.isBlank()) ? defaultModel : null;
			return this;
		}

		/**
		 * Options every request starts from (a request's own options win).
		 * @param defaultOptions the options
		 * @return this builder
		 */
		public Builder defaultOptions(@Nullable GenerationOptions defaultOptions) {
			this.defaultOptions = (defaultOptions != null) ? defaultOptions : GenerationOptions.empty();
			return this;
		}

		/**
		 * The system prompt of requests that set none (Ollama's {@code system}).
		 * @param defaultSystem the system prompt, or {@code null} for the model's own
		 * @return this builder
		 */
		public Builder defaultSystem(@Nullable String defaultSystem) {
			this.defaultSystem = (defaultSystem != null && !defaultSystem.isBlank()) ? defaultSystem : null;
			return this;
		}

		/**
		 * How long Ollama keeps a model loaded after requests that set no keep-alive of
		 * their own (Ollama's {@code keep_alive}): zero unloads it at once, a negative
		 * duration keeps it loaded.
		 * @param keepAlive the duration, or {@code null} for Ollama's default (5 minutes)
		 * @return this builder
		 */
		public Builder keepAlive(@Nullable Duration keepAlive) {
			this.keepAlive = keepAlive;
			return this;
		}

		/**
		 * Limit for opening a WebSocket connection; default 10 s.
		 * @param connectTimeout the limit
		 * @return this builder
		 */
		public Builder connectTimeout(Duration connectTimeout) {
			this.connectTimeout = connectTimeout;
			return this;
		}

		/**
		 * Limit for receiving the challenge and the authentication result; default 10 s.
		 * @param authTimeout the limit
		 * @return this builder
		 */
		public Builder authTimeout(Duration authTimeout) {
			this.authTimeout = authTimeout;
			return this;
		}

		/**
		 * Default limit for a whole request; default 5 min.
		 * @param requestTimeout the limit
		 * @return this builder
		 */
		public Builder requestTimeout(Duration requestTimeout) {
			this.requestTimeout = requestTimeout;
			return this;
		}

		/**
		 * Limit for the silence between two frames of a stream (a stream that goes silent
		 * fails and is stopped on the gateway); default 2 min, {@link Duration#ZERO} for
		 * none.
		 * @param idleTimeout the limit
		 * @return this builder
		 */
		public Builder idleTimeout(Duration idleTimeout) {
			this.idleTimeout = idleTimeout;
			return this;
		}

		/**
		 * The largest text frame accepted or sent, in UTF-8 bytes: at least 64 KB and
		 * less than 2 GB; default 16 MiB. A larger request fails with
		 * {@link MessageTooLargeException} and is not sent; a larger frame received
		 * replaces the connection.
		 * @param maxMessageSize the size in bytes
		 * @return this builder
		 */
		public Builder maxMessageSize(long maxMessageSize) {
			this.maxMessageSize = maxMessageSize;
			return this;
		}

		/**
		 * How long one send may take before the connection is deemed stuck and replaced;
		 * default 10 s.
		 * @param sendTimeLimit the limit
		 * @return this builder
		 */
		public Builder sendTimeLimit(Duration sendTimeLimit) {
			this.sendTimeLimit = sendTimeLimit;
			return this;
		}

		/**
		 * How many bytes may wait to be sent on one connection before it is deemed stuck
		 * and replaced (the requests it carries fail): at least the
		 * {@link #maxMessageSize(long) max message size} and less than 2 GB; default 64
		 * MiB.
		 * @param sendBufferSizeLimit the limit in bytes
		 * @return this builder
		 */
		public Builder sendBufferSizeLimit(long sendBufferSizeLimit) {
			this.sendBufferSizeLimit = sendBufferSizeLimit;
			return this;
		}

		/**
		 * Whether {@link OllamaTemplate#start()} fails when the gateway cannot be reached
		 * or rejects the key; default {@code false} (the first request reports it).
		 * @param failFast {@code true} to fail at start
		 * @return this builder
		 */
		public Builder failFast(boolean failFast) {
			this.failFast = failFast;
			return this;
		}

		/**
		 * How long {@link OllamaTemplate#stop()} and {@link OllamaTemplate#close()} let
		 * requests in flight finish before cancelling them; default 10 s.
		 * @param shutdownTimeout the limit
		 * @return this builder
		 */
		public Builder shutdownTimeout(Duration shutdownTimeout) {
			this.shutdownTimeout = shutdownTimeout;
			return this;
		}

		/**
		 * The connections kept per gateway and how requests wait for them
		 * ({@code pool.*}), for example {@code pool((pool) -> pool.size(4))}.
		 * @param pool sets the pool settings
		 * @return this builder
		 */
		public Builder pool(Consumer<Pool> pool) {
			pool.accept(this.pool);
			return this;
		}

		/**
		 * The backoff of reconnection ({@code reconnect.*}).
		 * @param reconnect sets the reconnection settings
		 * @return this builder
		 */
		public Builder reconnect(Consumer<Reconnect> reconnect) {
			reconnect.accept(this.reconnect);
			return this;
		}

		/**
		 * The pings of idle connections ({@code heartbeat.*}).
		 * @param heartbeat sets the heartbeat settings
		 * @return this builder
		 */
		public Builder heartbeat(Consumer<Heartbeat> heartbeat) {
			heartbeat.accept(this.heartbeat);
			return this;
		}

		/**
		 * Whether a request lost before its first token is sent again ({@code retry.*}).
		 * @param retry sets the retry settings
		 * @return this builder
		 */
		public Builder retry(Consumer<Retry> retry) {
			retry.accept(this.retry);
			return this;
		}

		/**
		 * The factory of the client's own threads: those that open connections and send
		 * frames, and the timer of timeouts, heartbeats and reconnection delays. For
		 * example virtual threads on Java 21+ (with the starter:
		 * {@code spring.threads.virtual.enabled=true}). The WebSocket container's I/O
		 * threads, which read frames and run {@link TokenHandler}s, are Tomcat's and stay
		 * as they are. Whatever the factory names its threads, the client names them by
		 * role: {@code ollama-ws-io-*} and {@code ollama-ws-scheduler-*}.
		 * @param threadFactory the factory, or {@code null} for daemon platform threads
		 * @return this builder
		 */
		public Builder threadFactory(@Nullable ThreadFactory threadFactory) {
			this.threadFactory = threadFactory;
			return this;
		}

		/**
		 * The TLS context of {@code wss://} connections, for a gateway whose certificate
		 * the JVM's default trust store does not trust (with the starter: an SSL bundle,
		 * {@code ssl.bundle}).
		 * @param sslContext the context, or {@code null} for the JVM's default
		 * @return this builder
		 */
		public Builder sslContext(@Nullable SSLContext sslContext) {
			this.sslContext = sslContext;
			return this;
		}

		/**
		 * Receives the connection lifecycle events.
		 * @param eventListener the listener
		 * @return this builder
		 */
		public Builder eventListener(Consumer<? super OllamaConnectionEvent> eventListener) {
			this.eventListener = Objects.requireNonNull(eventListener, "eventListener must not be null");
			return this;
		}

		/**
		 * Watches generations, pings and slot waits, for metrics and tracing.
		 * @param observer the observer
		 * @return this builder
		 */
		public Builder observer(OllamaClientObserver observer) {
			this.observer = Objects.requireNonNull(observer, "observer must not be null");
			return this;
		}

		/**
		 * The template. Validates the settings; opens no connection.
		 * @return the template
		 * @throws InvalidSettingException if a setting is missing or invalid, naming it
		 * by its path ({@code pool.size}, {@code gateways[1].url})
		 * @throws io.github.ollamaws.core.PrivateKeyException if the key cannot sign the
		 * gateway's challenges
		 */
		public OllamaTemplate build() {
			GatewaySource source = this.discovery.source;
			if (this.gateways == null && source == null) {
				return new OllamaTemplate(settings());
			}
			ClientSettings.require("url", GatewayUrls.redact(this.url), !this.urlSet,
					"unset when gateways are configured (use gateways[i].url)");
			ClientSettings.require("gateways", "(a list and a source)", this.gateways == null || source == null,
					"either a list or a discovery source, not both");
			ClientSettings.requirePositive("discovery.refresh-interval", this.discovery.refreshInterval);
			// The shared client id and key are the defaults of gateways that have none.
			ClientSettings shared;
			if (source == null) {
				List<GatewayEndpoint> fixed = List.copyOf(this.gateways);
				ClientSettings.require("gateways", fixed, !fixed.isEmpty(), "at least one gateway");
				shared = shared(fixed.get(0).url());
				Map<String, Integer> indexByAddress = new HashMap<>();
				for (int i = 0; i < fixed.size(); i++) {
					GatewayEndpoint gateway = fixed.get(i);
					ClientSettings gatewaySettings = GatewayFleet.settingsFor(shared, gateway, "gateways[" + i + "].");
					Integer first = indexByAddress.putIfAbsent(ClientSettings.address(gatewaySettings.url()), i);
					ClientSettings.require("gateways[" + i + "].url", GatewayUrls.redact(gateway.url()), first == null,
							"the URL of a gateway not listed before (gateways[" + first + "].url is the same)");
				}
				source = GatewaySource.of(fixed);
			}
			else {
				shared = shared(this.url);
			}
			return new OllamaTemplate(shared, source, this.discovery.refreshInterval);
		}

		ClientSettings settings() {
			return shared(this.url).forGateway("", this.url, this.clientId, this.privateKey);
		}

		private ClientSettings shared(URI url) {
			return new ClientSettings(url, this.clientId, this.privateKey,
					new ClientSettings.Defaults(this.defaultModel, this.defaultOptions, this.defaultSystem,
							this.keepAlive),
					new ClientSettings.Timeouts(this.connectTimeout, this.authTimeout, this.requestTimeout,
							this.idleTimeout, this.shutdownTimeout),
					ClientSettings.Messages.of(this.maxMessageSize, this.sendTimeLimit, this.sendBufferSizeLimit),
					this.pool.settings(), this.reconnect.settings(), this.heartbeat.settings(),
					new ClientSettings.Retry(this.retry.enabled), this.sslContext, this.failFast,
					new ClientSettings.Hooks(this.threadFactory, this.eventListener, this.observer));
		}

		/**
		 * The connections kept per gateway and how requests wait for them: the
		 * {@code pool.*} settings.
		 */
		public static final class Pool {

			private int size = 2;

			private int maxInFlight = 256;

			private Duration acquireTimeout = Duration.ofSeconds(30);

			private boolean waitForConnection = true;

			private boolean eagerWarmUp;

			private Pool() {
			}

			/**
			 * How many connections to keep per gateway; default 2.
			 * @param size the number of connections, at least 1
			 * @return this group
			 */
			public Pool size(int size) {
				this.size = size;
				return this;
			}

			/**
			 * How many requests one connection carries at once; default 256.
			 * @param maxInFlight the limit, at least 1
			 * @return this group
			 */
			public Pool maxInFlight(int maxInFlight) {
				this.maxInFlight = maxInFlight;
				return this;
			}

			/**
			 * How long a request waits for a free slot when every connection is busy;
			 * default 30 s.
			 * @param acquireTimeout the limit
			 * @return this group
			 */
			public Pool acquireTimeout(Duration acquireTimeout) {
				this.acquireTimeout = acquireTimeout;
				return this;
			}

			/**
			 * Whether a request issued while no connection to its gateway is
			 * authenticated (the gateway restarting, the network down, the pool
			 * reconnecting) waits for one within the {@link #acquireTimeout(Duration)
			 * acquire timeout}, rather than failing at once with the last connection
			 * failure; default {@code true}, as Lettuce queues commands while it
			 * reconnects and a JDBC pool waits for a connection: a restart of a second or
			 * two costs requests nothing. A request that waits in vain ends with an
			 * {@link OllamaTimeoutException} of kind
			 * {@link OllamaTimeoutException.Kind#ACQUIRE ACQUIRE}, caused by the last
			 * connection failure; a rejected key, an untrusted certificate or a gateway
			 * that broke the protocol fails at once either way (waiting cannot help), and
			 * so does {@link Builder#failFast(boolean) fail-fast} start. Over several
			 * gateways, a gateway that is up serves first; a request waits only when none
			 * is. Requests already sent when a connection is lost fail as ever: one that
			 * delivered a token is never sent again.
			 * @param waitForConnection {@code false} to fail requests at once while no
			 * connection is up
			 * @return this group
			 */
			public Pool waitForConnection(boolean waitForConnection) {
				this.waitForConnection = waitForConnection;
				return this;
			}

			/**
			 * Whether {@link OllamaTemplate#start()} opens every connection rather than
			 * waiting for the first request; default {@code false}.
			 * @param eagerWarmUp {@code true} to open connections at start
			 * @return this group
			 */
			public Pool eagerWarmUp(boolean eagerWarmUp) {
				this.eagerWarmUp = eagerWarmUp;
				return this;
			}

			private ClientSettings.Pool settings() {
				return new ClientSettings.Pool(this.size, this.maxInFlight, this.acquireTimeout, this.waitForConnection,
						this.eagerWarmUp);
			}

		}

		/**
		 * The backoff of reconnection: the {@code reconnect.*} settings.
		 */
		public static final class Reconnect {

			private Duration initialDelay = Duration.ofMillis(500);

			private double multiplier = 2.0;

			private Duration maxDelay = Duration.ofSeconds(30);

			private int maxAttempts = -1;

			private double jitter = 0.2;

			private Reconnect() {
			}

			/**
			 * The delay before the first reconnection attempt; default 500 ms.
			 * @param initialDelay the delay
			 * @return this group
			 */
			public Reconnect initialDelay(Duration initialDelay) {
				this.initialDelay = initialDelay;
				return this;
			}

			/**
			 * The factor applied to the delay after each failed attempt; default 2.
			 * @param multiplier the factor, at least 1
			 * @return this group
			 */
			public Reconnect multiplier(double multiplier) {
				this.multiplier = multiplier;
				return this;
			}

			/**
			 * The longest delay between two attempts (a rejected key always waits this
			 * long); default 30 s.
			 * @param maxDelay the delay
			 * @return this group
			 */
			public Reconnect maxDelay(Duration maxDelay) {
				this.maxDelay = maxDelay;
				return this;
			}

			/**
			 * The attempts before a connection is given up until the next request;
			 * default -1, no limit.
			 * @param maxAttempts the limit, or {@code -1}
			 * @return this group
			 */
			public Reconnect maxAttempts(int maxAttempts) {
				this.maxAttempts = maxAttempts;
				return this;
			}

			/**
			 * The random fraction by which each delay is varied; default 0.2.
			 * @param jitter the fraction, 0 to 1
			 * @return this group
			 */
			public Reconnect jitter(double jitter) {
				this.jitter = jitter;
				return this;
			}

			private ClientSettings.Reconnect settings() {
				return new ClientSettings.Reconnect(this.initialDelay, this.multiplier, this.maxDelay, this.maxAttempts,
						this.jitter);
			}

		}

		/**
		 * The pings of idle connections: the {@code heartbeat.*} settings. An idle
		 * connection is pinged every {@link #interval(Duration) interval} and replaced
		 * when its pong does not arrive within the {@link #timeout(Duration) timeout}.
		 */
		public static final class Heartbeat {

			private boolean enabled = true;

			private Duration interval = Duration.ofSeconds(30);

			private Duration timeout = Duration.ofSeconds(10);

			private Heartbeat() {
			}

			/**
			 * Whether idle connections are pinged, so that a dead or stalled connection
			 * is detected and replaced; default {@code true}.
			 * @param enabled {@code false} for no heartbeat
			 * @return this group
			 */
			public Heartbeat enabled(boolean enabled) {
				this.enabled = enabled;
				return this;
			}

			/**
			 * The idle time after which a connection is pinged; default 30 s.
			 * @param interval the idle time
			 * @return this group
			 */
			public Heartbeat interval(Duration interval) {
				this.interval = interval;
				return this;
			}

			/**
			 * How long a ping waits for its pong before the connection is deemed dead,
			 * also the limit of {@link OllamaTemplate#ping()}; default 10 s.
			 * @param timeout the limit
			 * @return this group
			 */
			public Heartbeat timeout(Duration timeout) {
				this.timeout = timeout;
				return this;
			}

			private ClientSettings.Heartbeat settings() {
				return new ClientSettings.Heartbeat(this.enabled, this.interval, this.timeout);
			}

		}

		/**
		 * Whether a request lost before its first token is sent again: the
		 * {@code retry.*} settings.
		 */
		public static final class Retry {

			private boolean enabled = true;

			private Retry() {
			}

			/**
			 * Whether a request lost with its connection before its first token is sent
			 * again, once, on another connection; default {@code true}. A request that
			 * delivered tokens is never retried.
			 * @param enabled {@code false} to fail such a request instead
			 * @return this group
			 */
			public Retry enabled(boolean enabled) {
				this.enabled = enabled;
				return this;
			}

		}

		/**
		 * Where the template finds its gateways at runtime: the {@code discovery.*}
		 * settings.
		 */
		public static final class Discovery {

			private @Nullable GatewaySource source;

			private Duration refreshInterval = Duration.ofSeconds(10);

			private Discovery() {
			}

			/**
			 * Where the template finds its gateways at runtime (for example a discovery
			 * client), polled every {@link #refreshInterval(Duration) refresh interval}:
			 * gateways it adds are used without a restart, gateways it removes are
			 * drained. Not with {@link Builder#url(URI)} or
			 * {@link Builder#gateways(List)}.
			 * @param source the source
			 * @return this group
			 */
			public Discovery source(GatewaySource source) {
				this.source = Objects.requireNonNull(source, "source must not be null");
				return this;
			}

			/**
			 * How often a template over several gateways polls its source and refreshes
			 * each gateway's model list (listed gateways' too); default 10 s.
			 * @param refreshInterval the interval
			 * @return this group
			 */
			public Discovery refreshInterval(Duration refreshInterval) {
				this.refreshInterval = refreshInterval;
				return this;
			}

		}

	}

}
