package io.github.ollamaws.client;

import java.net.URI;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;

import javax.net.ssl.SSLContext;

import io.github.ollamaws.auth.ChallengeSigner;
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
import org.springframework.lang.Contract;

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
 * {@link Builder#gateways(List)} or {@link Builder#gatewaySource(GatewaySource)}, one
 * template spans a fleet of gateways, each with its own pool: a request goes to the least
 * loaded gateway that is up and serves its model; a gateway that fails leaves the
 * rotation (with its own backoff) until it works again; a request lost before its first
 * token is sent again once on another gateway; a {@code ModelNotFound} from a gateway
 * while another lists the model sends it there. A fleet connects to every gateway when it
 * starts (at {@link #start()} or first use), since routing needs each gateway's models.
 * See {@link #gatewayStatuses()}, {@link #listFleetModels()} and {@link #pingAll()}.
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
		Duration timeout = (request.timeout() != null) ? request.timeout() : this.settings.requestTimeout();
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
		StreamingGeneration generation = new StreamingGeneration(spec(request), handler, this.settings.observer(),
				this.shownUrl, this.settings.retryBeforeFirstToken());
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
		return await(listModelsAsync(), this.settings.acquireTimeout().plus(this.settings.requestTimeout()),
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
		return onConnection((connection) -> connection.models(this.settings.requestTimeout()));
	}

	/**
	 * Lists the models of every gateway, each with the gateways that serve it; the lists
	 * are also what routing uses from then on. With one gateway, each model has that
	 * gateway.
	 * @return the models, in the order the gateways list them
	 * @throws OllamaWsException if every gateway failed
	 */
	public List<FleetModelInfo> listFleetModels() {
		return await(listFleetModelsAsync(), this.settings.acquireTimeout().plus(this.settings.requestTimeout()),
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
		return await(pingAsync(), this.settings.acquireTimeout().plus(this.settings.heartbeatTimeout()),
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
				: onConnection((connection) -> connection.ping(this.settings.heartbeatTimeout()));
		return ping.thenApply((roundTrip) -> {
			this.settings.observer().pingCompleted(roundTrip);
			return roundTrip;
		});
	}

	/**
	 * Pings every gateway at once (the one gateway of a template built with a URL).
	 * @return each gateway's round trip, or why it could not be measured
	 * @throws OllamaWsException if the template is closed
	 */
	public List<GatewayPing> pingAll() {
		return await(pingAllAsync(), this.settings.acquireTimeout().plus(this.settings.heartbeatTimeout()),
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
			return new PoolStatus(this.settings.poolSize(), 0, 0, 0, 0, 0, null, null, this.closed);
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
			.acquire(Deadlines.after(System.nanoTime(), this.settings.acquireTimeout()),
					OllamaTimeoutException.Kind.ACQUIRE)
			.thenCompose(call);
	}

	private GenerationSpec spec(GenerateRequest request) {
		String model = (request.model() != null) ? request.model() : this.settings.defaultModel();
		Map<String, Object> options = request.gatewayOptions(this.settings.defaultOptions(),
				this.settings.defaultSystem(), this.settings.defaultKeepAlive());
		Duration timeout = (request.timeout() != null) ? request.timeout() : this.settings.requestTimeout();
		return new GenerationSpec(model, request.prompt(), options, timeout, this.settings.idleTimeout());
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
		if (this.settings.eagerWarmUp() || this.settings.failFast()) {
			Duration limit = this.settings.connectTimeout().plus(this.settings.authTimeout());
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
			current.fleet.shutdown(this.settings.shutdownTimeout());
		}
		else if (current != null) {
			try {
				current.pool.shutdown(this.settings.shutdownTimeout());
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
	 */
	public static final class Builder {

		private URI url = URI.create("ws://localhost:3000");

		private boolean urlSet;

		private @Nullable List<GatewayEndpoint> gateways;

		private @Nullable GatewaySource gatewaySource;

		private Duration gatewayRefreshInterval = Duration.ofSeconds(10);

		private @Nullable String clientId;

		private @Nullable PrivateKey privateKey;

		private @Nullable String defaultModel;

		private GenerationOptions defaultOptions = GenerationOptions.empty();

		private @Nullable String defaultSystem;

		private @Nullable Duration defaultKeepAlive;

		private Duration connectTimeout = Duration.ofSeconds(10);

		private Duration authTimeout = Duration.ofSeconds(10);

		private Duration requestTimeout = Duration.ofMinutes(5);

		private Duration idleTimeout = Duration.ofMinutes(2);

		private int maxMessageSize = 16 * 1024 * 1024;

		private Duration sendTimeLimit = Duration.ofSeconds(10);

		private int sendBufferSizeLimit = 64 * 1024 * 1024;

		private int poolSize = 2;

		private int maxInFlightPerConnection = 256;

		private Duration acquireTimeout = Duration.ofSeconds(30);

		private boolean waitForConnection = true;

		private boolean eagerWarmUp;

		private boolean failFast;

		private Duration reconnectInitialDelay = Duration.ofMillis(500);

		private double reconnectMultiplier = 2.0;

		private Duration reconnectMaxDelay = Duration.ofSeconds(30);

		private int reconnectMaxAttempts = -1;

		private double reconnectJitter = 0.2;

		private Duration heartbeatInterval = Duration.ofSeconds(30);

		private Duration heartbeatTimeout = Duration.ofSeconds(10);

		private boolean retryBeforeFirstToken = true;

		private Duration shutdownTimeout = Duration.ofSeconds(10);

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
		 * over them (see {@link OllamaTemplate}). Not with {@link #url(URI)} or
		 * {@link #gatewaySource(GatewaySource)}.
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
		 * {@link #url(URI)} or {@link #gatewaySource(GatewaySource)}.
		 * @param gateways the gateways, at least one, with distinct URLs
		 * @return this builder
		 */
		public Builder gateways(List<GatewayEndpoint> gateways) {
			Objects.requireNonNull(gateways, "gateways must not be null");
			this.gateways = new ArrayList<>(gateways);
			return this;
		}

		/**
		 * Where the template finds its gateways at runtime (for example a discovery
		 * client), polled every {@link #gatewayRefreshInterval(Duration)}: gateways it
		 * adds are used without a restart, gateways it removes are drained. Not with
		 * {@link #url(URI)} or {@link #gateways(List)}.
		 * @param gatewaySource the source
		 * @return this builder
		 */
		public Builder gatewaySource(GatewaySource gatewaySource) {
			this.gatewaySource = Objects.requireNonNull(gatewaySource, "gatewaySource must not be null");
			return this;
		}

		/**
		 * How often a template over several gateways polls its gateway source and
		 * refreshes each gateway's model list; default 10 s.
		 * @param gatewayRefreshInterval the interval
		 * @return this builder
		 */
		public Builder gatewayRefreshInterval(Duration gatewayRefreshInterval) {
			this.gatewayRefreshInterval = gatewayRefreshInterval;
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
		 * The model of requests that name none; default {@code llama2}, {@code null} for
		 * the gateway's own default.
		 * @param defaultModel the model
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
		 * @param defaultKeepAlive the duration, or {@code null} for Ollama's default (5
		 * minutes)
		 * @return this builder
		 */
		public Builder defaultKeepAlive(@Nullable Duration defaultKeepAlive) {
			this.defaultKeepAlive = defaultKeepAlive;
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
		 * The largest text frame accepted or sent, in UTF-8 bytes; default 16 MiB. A
		 * larger request fails with {@link MessageTooLargeException} and is not sent; a
		 * larger frame received replaces the connection.
		 * @param maxMessageSize the size in bytes
		 * @return this builder
		 */
		public Builder maxMessageSize(int maxMessageSize) {
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
		 * and replaced (the requests it carries fail); default 64 MiB.
		 * @param sendBufferSizeLimit the limit in bytes
		 * @return this builder
		 */
		public Builder sendBufferSizeLimit(int sendBufferSizeLimit) {
			this.sendBufferSizeLimit = sendBufferSizeLimit;
			return this;
		}

		/**
		 * How many connections to keep; default 2.
		 * @param poolSize the number of connections
		 * @return this builder
		 */
		public Builder poolSize(int poolSize) {
			this.poolSize = poolSize;
			return this;
		}

		/**
		 * How many requests one connection carries at once; default 256.
		 * @param maxInFlightPerConnection the limit
		 * @return this builder
		 */
		public Builder maxInFlightPerConnection(int maxInFlightPerConnection) {
			this.maxInFlightPerConnection = maxInFlightPerConnection;
			return this;
		}

		/**
		 * How long a request waits for a free slot when every connection is busy; default
		 * 30 s.
		 * @param acquireTimeout the limit
		 * @return this builder
		 */
		public Builder acquireTimeout(Duration acquireTimeout) {
			this.acquireTimeout = acquireTimeout;
			return this;
		}

		/**
		 * Whether a request issued while no connection to its gateway is authenticated
		 * (the gateway restarting, the network down, the pool reconnecting) waits for one
		 * within the {@link #acquireTimeout(Duration) acquire timeout}, rather than
		 * failing at once with the last connection failure; default {@code true}, as
		 * Lettuce queues commands while it reconnects and a JDBC pool waits for a
		 * connection: a restart of a second or two costs requests nothing. A request that
		 * waits in vain ends with an {@link OllamaTimeoutException} of kind
		 * {@link OllamaTimeoutException.Kind#ACQUIRE ACQUIRE}, caused by the last
		 * connection failure; a rejected key, an untrusted certificate or a gateway that
		 * broke the protocol fails at once either way (waiting cannot help), and so does
		 * {@link #failFast(boolean) fail-fast} start. Over several gateways, a gateway
		 * that is up serves first; a request waits only when none is. Requests already
		 * sent when a connection is lost fail as ever: one that delivered a token is
		 * never sent again.
		 * @param waitForConnection {@code false} to fail requests at once while no
		 * connection is up
		 * @return this builder
		 */
		public Builder waitForConnection(boolean waitForConnection) {
			this.waitForConnection = waitForConnection;
			return this;
		}

		/**
		 * Whether {@link OllamaTemplate#start()} opens every connection rather than
		 * waiting for the first request; default {@code false}.
		 * @param eagerWarmUp {@code true} to open connections at start
		 * @return this builder
		 */
		public Builder eagerWarmUp(boolean eagerWarmUp) {
			this.eagerWarmUp = eagerWarmUp;
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
		 * Reconnection backoff: the first delay, the factor applied after each failed
		 * attempt, the longest delay, the attempts before a connection is given up until
		 * the next request ({@code -1} for no limit) and the random fraction by which
		 * each delay is varied. Defaults: 500 ms, 2.0, 30 s, -1, 0.2.
		 * @param initialDelay the first delay
		 * @param multiplier the growth factor
		 * @param maxDelay the longest delay
		 * @param maxAttempts the attempt limit, or {@code -1}
		 * @param jitter the jitter fraction, 0 to 1
		 * @return this builder
		 */
		public Builder reconnect(Duration initialDelay, double multiplier, Duration maxDelay, int maxAttempts,
				double jitter) {
			this.reconnectInitialDelay = initialDelay;
			this.reconnectMultiplier = multiplier;
			this.reconnectMaxDelay = maxDelay;
			this.reconnectMaxAttempts = maxAttempts;
			this.reconnectJitter = jitter;
			return this;
		}

		/**
		 * Heartbeats: an idle connection is pinged every {@code interval} and replaced
		 * when its pong does not arrive within {@code timeout}. Defaults: 30 s and 10 s;
		 * an interval of {@link Duration#ZERO} turns heartbeats off.
		 * @param interval the idle time before a ping
		 * @param timeout the wait for the pong
		 * @return this builder
		 */
		public Builder heartbeat(Duration interval, Duration timeout) {
			this.heartbeatInterval = interval;
			this.heartbeatTimeout = timeout;
			return this;
		}

		/**
		 * Whether a request lost with its connection before its first token is sent
		 * again, once, on another connection; default {@code true}. A request that
		 * delivered tokens is never retried.
		 * @param retryBeforeFirstToken {@code true} to retry
		 * @return this builder
		 */
		public Builder retryBeforeFirstToken(boolean retryBeforeFirstToken) {
			this.retryBeforeFirstToken = retryBeforeFirstToken;
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
		 * the JVM's default trust store does not trust (with the starter:
		 * {@code ollama.ws.ssl.bundle}).
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
		 * @throws InvalidSettingException if a setting is missing or invalid
		 * @throws io.github.ollamaws.core.PrivateKeyException if the key cannot sign the
		 * gateway's challenges
		 */
		public OllamaTemplate build() {
			if (this.gateways == null && this.gatewaySource == null) {
				return new OllamaTemplate(settings());
			}
			ClientSettings shared = fleetSettings();
			GatewaySource source = this.gatewaySource;
			if (source == null) {
				List<GatewayEndpoint> fixed = List.copyOf(this.gateways);
				for (int i = 0; i < fixed.size(); i++) {
					GatewayFleet.settingsFor(shared, fixed.get(i), "gateways[" + i + "]");
				}
				source = GatewaySource.of(fixed);
			}
			return new OllamaTemplate(shared, source, this.gatewayRefreshInterval);
		}

		/**
		 * The settings every gateway of a fleet shares: the URL, client id and key of the
		 * first gateway the builder was given, when each gateway has its own.
		 * @return the shared settings
		 */
		private ClientSettings fleetSettings() {
			require("url", GatewayUrls.redact(this.url), !this.urlSet,
					"unset when gateways are configured (use gateways[i].url)");
			require("gateways", "(a list and a source)", this.gateways == null || this.gatewaySource == null,
					"either a list or a gateway source, not both");
			requirePositive("gateway-refresh-interval", this.gatewayRefreshInterval);
			if (this.gateways != null) {
				require("gateways", this.gateways, !this.gateways.isEmpty(), "at least one gateway");
				Set<URI> urls = new HashSet<>();
				for (int i = 0; i < this.gateways.size(); i++) {
					URI gatewayUrl = this.gateways.get(i).url();
					require("gateways[" + i + "].url", GatewayUrls.redact(gatewayUrl), urls.add(gatewayUrl),
							"distinct from the other gateways' URLs");
				}
			}
			// The shared client id and key are the defaults of gateways that have none.
			URI firstUrl = (this.gateways != null) ? this.gateways.get(0).url() : this.url;
			return settings(firstUrl, this.clientId, this.privateKey, false);
		}

		ClientSettings settings() {
			return settings(this.url, this.clientId, this.privateKey, true);
		}

		private ClientSettings settings(URI url, @Nullable String clientId, @Nullable PrivateKey privateKey,
				boolean oneGateway) {
			if (oneGateway) {
				validateGateway(url, clientId, privateKey);
			}
			validateShared();
			return new ClientSettings(url, clientId, privateKey, this.defaultModel, this.defaultOptions,
					this.defaultSystem, this.defaultKeepAlive, this.connectTimeout, this.authTimeout,
					this.requestTimeout, this.idleTimeout, this.maxMessageSize, this.sendTimeLimit,
					this.sendBufferSizeLimit, this.poolSize, this.maxInFlightPerConnection, this.acquireTimeout,
					this.waitForConnection, this.eagerWarmUp, this.failFast, this.reconnectInitialDelay,
					this.reconnectMultiplier, this.reconnectMaxDelay, this.reconnectMaxAttempts, this.reconnectJitter,
					this.heartbeatInterval, this.heartbeatTimeout, this.retryBeforeFirstToken, this.shutdownTimeout,
					this.sslContext, this.threadFactory, this.eventListener, this.observer);
		}

		private void validateGateway(URI url, @Nullable String clientId, @Nullable PrivateKey privateKey) {
			String scheme = url.getScheme();
			require("url", GatewayUrls.redact(url), "ws".equalsIgnoreCase(scheme) || "wss".equalsIgnoreCase(scheme),
					"a ws:// or wss:// URL");
			require("url", GatewayUrls.redact(url), url.getHost() != null, "a URL that names a host");
			require("client-id", clientId, clientId != null && !clientId.isBlank(), "set");
			require("private-key", "(none)", privateKey != null, "set");
			// Refuses keys the gateway cannot verify (Ed25519, RSA-PSS, ...) now rather
			// than at the first request.
			new ChallengeSigner(privateKey);
		}

		private void validateShared() {
			requirePositive("connect-timeout", this.connectTimeout);
			requirePositive("auth-timeout", this.authTimeout);
			requirePositive("request-timeout", this.requestTimeout);
			requireNotNegative("idle-timeout", this.idleTimeout);
			require("max-message-size", this.maxMessageSize, this.maxMessageSize >= 64 * 1024,
					"at least 64KB and less than 2GB");
			requirePositive("send-time-limit", this.sendTimeLimit);
			require("send-buffer-size-limit", this.sendBufferSizeLimit, this.sendBufferSizeLimit >= this.maxMessageSize,
					"at least max-message-size (" + this.maxMessageSize + "B)");
			require("pool.size", this.poolSize, this.poolSize >= 1, "at least 1");
			require("pool.max-in-flight", this.maxInFlightPerConnection, this.maxInFlightPerConnection >= 1,
					"at least 1");
			requirePositive("pool.acquire-timeout", this.acquireTimeout);
			requirePositive("reconnect.initial-delay", this.reconnectInitialDelay);
			require("reconnect.multiplier", this.reconnectMultiplier, this.reconnectMultiplier >= 1.0, "at least 1");
			requirePositive("reconnect.max-delay", this.reconnectMaxDelay);
			require("reconnect.max-attempts", this.reconnectMaxAttempts,
					this.reconnectMaxAttempts == -1 || this.reconnectMaxAttempts >= 1, "-1 (no limit) or at least 1");
			require("reconnect.jitter", this.reconnectJitter, this.reconnectJitter >= 0 && this.reconnectJitter <= 1,
					"between 0 and 1");
			requireNotNegative("heartbeat.interval", this.heartbeatInterval);
			// Also the limit of ping(): checked whether heartbeats are on or not.
			requirePositive("heartbeat.timeout", this.heartbeatTimeout);
			requireNotNegative("shutdown-timeout", this.shutdownTimeout);
		}

		@Contract("_, _, false, _ -> fail")
		private static void require(String setting, @Nullable Object value, boolean valid, String requirement) {
			if (!valid) {
				throw new InvalidSettingException(setting, value, requirement);
			}
		}

		private static void requirePositive(String setting, @Nullable Duration duration) {
			require(setting, duration, duration != null && !duration.isNegative() && !duration.isZero(),
					"a positive duration");
		}

		private static void requireNotNegative(String setting, @Nullable Duration duration) {
			require(setting, duration, duration != null && !duration.isNegative(), "zero or a positive duration");
		}

	}

}
