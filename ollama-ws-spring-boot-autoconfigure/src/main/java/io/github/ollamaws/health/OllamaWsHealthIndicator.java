package io.github.ollamaws.health;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
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
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The health of an {@link OllamaTemplate}'s gateway, checked by a live {@code ping} round
 * trip through the template's pool (like any request: a health check never opens
 * connections of its own).
 *
 * <p>
 * The check waits for the pong at most {@code timeout}, however long the template's own
 * limits are (the ping itself ends within the template's heartbeat timeout). A ping still
 * running when a check gives up is not repeated: the next check waits for the same ping,
 * so a stalled gateway never accumulates pings.
 *
 * <p>
 * Details, always: {@code url} (the gateway's URL without user info or query) and
 * {@code clientId}; {@code connections} ({@code size}, {@code open},
 * {@code authenticated}) and {@code requests} ({@code inFlight}, {@code waiting}). When
 * UP: {@code pingLatencyMs}. When DOWN: {@code reason}, one of {@value #UNREACHABLE},
 * {@value #KEY_REJECTED} (with {@code remainingAttempts} when the gateway said),
 * {@value #RATE_LIMITED} (with {@code retryAfterMs}), {@value #PING_TIMEOUT} (with
 * {@code timeoutMs}) or {@value #CLOSED}, and {@code error} (the exception's type and
 * message). The private key never appears.
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

	private final OllamaTemplate template;

	private final Duration timeout;

	private final AtomicReference<@Nullable CompletableFuture<Duration>> ping = new AtomicReference<>();

	/**
	 * Creates an indicator of {@code template}'s gateway.
	 * @param template the template
	 * @param timeout the longest a check waits for the pong
	 */
	public OllamaWsHealthIndicator(OllamaTemplate template, Duration timeout) {
		super("Ollama WebSocket gateway health check failed");
		this.template = Objects.requireNonNull(template, "template must not be null");
		Objects.requireNonNull(timeout, "timeout must not be null");
		if (timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("timeout must be positive");
		}
		this.timeout = timeout;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) throws Exception {
		builder.withDetail("url", displayUrl(this.template.getUrl()))
			.withDetail("clientId", Objects.requireNonNullElse(this.template.getClientId(), "(none)"));
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

	// User info or a query could carry a credential: never shown.
	static String displayUrl(URI url) {
		return GatewayUrls.redact(url);
	}

}
