package io.github.ollamaws.health;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import io.github.ollamaws.client.OllamaTemplate;
import io.github.ollamaws.core.AuthenticationException;
import io.github.ollamaws.core.GatewayUrls;
import io.github.ollamaws.core.OllamaTimeoutException;
import io.github.ollamaws.core.PoolStatus;
import io.github.ollamaws.core.RateLimitedException;
import io.github.ollamaws.core.TemplateClosedException;
import io.github.ollamaws.fleet.GatewayStatus;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The health of an {@link OllamaTemplate}, judged by how many gateways the template has
 * when checked ({@link OllamaTemplate#gatewayStatuses()}), however it was built: one
 * gateway by a live {@code ping}, several (or none, as from a gateway source that lists
 * none) by a {@link FleetHealthRule} over each gateway's status.
 *
 * <p>
 * <b>One gateway.</b> A live {@code ping} round trip through the template's pool (like
 * any request: a health check never opens connections of its own). The check waits for
 * the pong at most {@code timeout}, however long the template's own limits are (the ping
 * itself ends within the template's heartbeat timeout). A ping still running when a check
 * gives up is not repeated: the next check waits for the same ping, so a stalled gateway
 * never accumulates pings. Details, always: {@code url} (the gateway's URL without user
 * info or query) and {@code clientId}; {@code connections} ({@code size}, {@code open},
 * {@code authenticated}) and {@code requests} ({@code inFlight}, {@code waiting}). When
 * UP: {@code pingLatencyMs}. When DOWN: {@code reason}, one of {@value #UNREACHABLE},
 * {@value #KEY_REJECTED} (with {@code remainingAttempts} when the gateway said),
 * {@value #RATE_LIMITED} (with {@code retryAfterMs}), {@value #PING_TIMEOUT} (with
 * {@code timeoutMs}) or {@value #CLOSED} (also for a closed template of several
 * gateways), and {@code error} (the exception's type and message).
 *
 * <p>
 * <b>Several gateways.</b> UP or DOWN by the rule (by default, UP while at least one
 * gateway that serves the default model is up), read from the template's own view of each
 * gateway (authenticated connections, kept honest by heartbeats), so a check sends
 * nothing and returns at once however many gateways there are. Details: {@code rule},
 * {@code defaultModel} (when set), {@code up} and {@code total} (gateways up, gateways
 * known), and {@code gateways}, keyed by each gateway's URL (without user info or query):
 * {@code status} ({@code UP}, {@code DOWN} or {@code DRAINING}), {@code reason} (why it
 * is down), {@code clientId}, {@code models} (as last listed), {@code connections}
 * ({@code open}, {@code authenticated}) and {@code inFlight}. When DOWN, {@code reason}:
 * {@value #NO_GATEWAYS}, {@value #NO_GATEWAY_UP}, {@value #DEFAULT_MODEL_NOT_SERVED} or
 * {@value #NOT_ALL_GATEWAYS_UP}.
 *
 * <p>
 * The private keys never appear.
 */
public class OllamaWsHealthIndicator extends AbstractHealthIndicator {

	/** Reason: the gateway cannot be reached, or the connection to it fails. */
	public static final String UNREACHABLE = "unreachable";

	/** Reason: the gateway rejected the client's key. */
	public static final String KEY_REJECTED = "key_rejected";

	/** Reason: the gateway blocked the client after too many failed attempts. */
	public static final String RATE_LIMITED = "rate_limited";

	/** Reason: no pong arrived within the health check's timeout. */
	public static final String PING_TIMEOUT = "ping_timeout";

	/** Reason: the template is closed. */
	public static final String CLOSED = "closed";

	/** Reason: the template knows no gateway (none discovered yet). */
	public static final String NO_GATEWAYS = "no_gateways";

	/** Reason: of several gateways, none is up. */
	public static final String NO_GATEWAY_UP = "no_gateway_up";

	/** Reason: gateways are up, but none of them served the default model. */
	public static final String DEFAULT_MODEL_NOT_SERVED = "default_model_not_served";

	/** Reason: the rule is {@link FleetHealthRule#ALL} and a gateway is down. */
	public static final String NOT_ALL_GATEWAYS_UP = "not_all_gateways_up";

	private final OllamaTemplate template;

	private final Duration timeout;

	private final FleetHealthRule rule;

	private final @Nullable String defaultModel;

	private final AtomicReference<@Nullable CompletableFuture<Duration>> ping = new AtomicReference<>();

	/**
	 * Creates an indicator of {@code template} that judges several gateways by the
	 * default rule, {@link FleetHealthRule#ANY_SERVING_DEFAULT_MODEL}, without a default
	 * model (so as {@link FleetHealthRule#ANY}).
	 * @param template the template
	 * @param timeout the longest a check of one gateway waits for the pong
	 */
	public OllamaWsHealthIndicator(OllamaTemplate template, Duration timeout) {
		this(template, timeout, FleetHealthRule.ANY_SERVING_DEFAULT_MODEL, null);
	}

	/**
	 * Creates an indicator of {@code template}.
	 * @param template the template
	 * @param timeout the longest a check of one gateway waits for the pong
	 * @param rule when a template of several gateways is UP
	 * @param defaultModel the template's default model, which the rule may look for, or
	 * {@code null} for none
	 */
	public OllamaWsHealthIndicator(OllamaTemplate template, Duration timeout, FleetHealthRule rule,
			@Nullable String defaultModel) {
		super("Ollama WebSocket gateway health check failed");
		this.template = Objects.requireNonNull(template, "template must not be null");
		Objects.requireNonNull(timeout, "timeout must not be null");
		if (timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("timeout must be positive");
		}
		this.timeout = timeout;
		this.rule = Objects.requireNonNull(rule, "rule must not be null");
		this.defaultModel = defaultModel;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) throws Exception {
		List<GatewayStatus> statuses = this.template.gatewayStatuses();
		boolean closed = this.template.poolStatus().closed();
		if (statuses.isEmpty() && !closed) {
			// Not used yet: the ping opens the gateway of a template built with a URL, as
			// any request would; a gateway source that lists none still has none after.
			ping();
			statuses = this.template.gatewayStatuses();
		}
		if (statuses.size() == 1) {
			URI url = statuses.get(0).endpoint().url();
			String clientId = statuses.get(0).endpoint().clientId();
			checkGateway(builder, url, (clientId != null) ? clientId : this.template.getClientId());
		}
		else if (closed) {
			checkGateway(builder, this.template.getUrl(), this.template.getClientId());
		}
		else {
			checkGateways(builder, statuses);
		}
	}

	private void checkGateway(Health.Builder builder, URI url, @Nullable String clientId) throws Exception {
		builder.withDetail("url", GatewayUrls.redact(url))
			.withDetail("clientId", Objects.requireNonNullElse(clientId, "(none)"));
		PoolStatus before = this.template.poolStatus();
		CompletableFuture<Duration> ping = ping();
		if (before.authenticated() == 0 && before.lastFailure() != null && !ping.isDone()) {
			// Down, and the ping waits for a connection
			// (ollama.ws.pool.wait-for-connection): report the last failure at once; the
			// ping goes on, and the next check sees its result.
			down(builder, null);
			addPoolDetails(builder, this.template.poolStatus());
			return;
		}
		try {
			Duration latency = ping.get(this.timeout.toNanos(), TimeUnit.NANOSECONDS);
			builder.up().withDetail("pingLatencyMs", latency.toMillis());
		}
		catch (TimeoutException ex) {
			down(builder, null);
		}
		catch (ExecutionException ex) {
			down(builder, ex.getCause());
		}
		addPoolDetails(builder, this.template.poolStatus());
	}

	// One ping at a time: a check that finds one running waits for it instead of another.
	@SuppressWarnings("NullAway") // set by the check that won the race
	private CompletableFuture<Duration> ping() {
		CompletableFuture<Duration> running = this.ping.get();
		if (running != null && !running.isDone()) {
			return running;
		}
		CompletableFuture<Duration> next = this.template.pingAsync();
		return this.ping.compareAndSet(running, next) ? next : this.ping.get();
	}

	/**
	 * Reports DOWN with the most telling reason: a closed template, a refusal of the key
	 * (by the ping or by the pool's last attempt to connect), a ping that did not end in
	 * time, else an unreachable gateway.
	 * @param builder the health
	 * @param error the ping's failure, or {@code null} when the check gave up waiting for
	 * it
	 */
	private void down(Health.Builder builder, @Nullable Throwable error) {
		Throwable lastFailure = this.template.poolStatus().lastFailure();
		Throwable failure = (error != null) ? error : lastFailure;
		Throwable refusal = authenticationFailure(error);
		if (refusal == null) {
			refusal = authenticationFailure(lastFailure);
		}
		if (failure != null) {
			builder.down(failure);
		}
		else {
			builder.down();
		}
		if (failure instanceof TemplateClosedException) {
			builder.withDetail("reason", CLOSED);
		}
		else if (refusal instanceof RateLimitedException rateLimited) {
			builder.withDetail("reason", RATE_LIMITED).withDetail("retryAfterMs", rateLimited.retryAfter().toMillis());
		}
		else if (refusal instanceof AuthenticationException rejected) {
			builder.withDetail("reason", KEY_REJECTED);
			rejected.remainingAttempts().ifPresent((attempts) -> builder.withDetail("remainingAttempts", attempts));
		}
		else if (failure == null) {
			builder.withDetail("reason", PING_TIMEOUT).withDetail("timeoutMs", this.timeout.toMillis());
		}
		else if (failure instanceof OllamaTimeoutException timedOut) {
			builder.withDetail("reason", PING_TIMEOUT).withDetail("timeoutMs", timedOut.limit().toMillis());
		}
		else {
			builder.withDetail("reason", UNREACHABLE);
		}
	}

	private static @Nullable Throwable authenticationFailure(@Nullable Throwable error) {
		for (Throwable candidate = error; candidate != null; candidate = candidate.getCause()) {
			if (candidate instanceof AuthenticationException || candidate instanceof RateLimitedException) {
				return candidate;
			}
		}
		return null;
	}

	private static void addPoolDetails(Health.Builder builder, PoolStatus status) {
		Map<String, Object> connections = new LinkedHashMap<>();
		connections.put("size", status.size());
		connections.put("open", status.open());
		connections.put("authenticated", status.authenticated());
		Map<String, Object> requests = new LinkedHashMap<>();
		requests.put("inFlight", status.inFlight());
		requests.put("waiting", status.waiting());
		builder.withDetail("connections", connections).withDetail("requests", requests);
	}

	private void checkGateways(Health.Builder builder, List<GatewayStatus> statuses) {
		long up = statuses.stream().filter(GatewayStatus::isUp).count();
		if (this.rule.isUp(statuses, this.defaultModel)) {
			builder.up();
		}
		else {
			builder.down().withDetail("reason", reason(statuses, up));
		}
		builder.withDetail("rule", this.rule.name().toLowerCase(Locale.ROOT).replace('_', '-'));
		if (this.defaultModel != null) {
			builder.withDetail("defaultModel", this.defaultModel);
		}
		builder.withDetail("up", up).withDetail("total", statuses.size());
		Map<String, Object> gateways = new LinkedHashMap<>();
		statuses.forEach((status) -> gateways.put(GatewayUrls.redact(status.endpoint().url()), details(status)));
		builder.withDetail("gateways", gateways);
	}

	private String reason(List<GatewayStatus> statuses, long up) {
		if (statuses.isEmpty()) {
			return NO_GATEWAYS;
		}
		if (up == 0) {
			return NO_GATEWAY_UP;
		}
		return (this.rule == FleetHealthRule.ALL) ? NOT_ALL_GATEWAYS_UP : DEFAULT_MODEL_NOT_SERVED;
	}

	private static Map<String, Object> details(GatewayStatus status) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("status", status.state().name());
		if (status.reason() != null) {
			details.put("reason", status.reason());
		}
		details.put("clientId", status.endpoint().clientId());
		details.put("models", status.models());
		Map<String, Object> connections = new LinkedHashMap<>();
		connections.put("open", status.openConnections());
		connections.put("authenticated", status.authenticatedConnections());
		details.put("connections", connections);
		details.put("inFlight", status.inFlight());
		return details;
	}

}
