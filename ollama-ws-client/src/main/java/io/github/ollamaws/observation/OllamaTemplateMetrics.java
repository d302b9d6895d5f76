package io.github.ollamaws.observation;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToDoubleFunction;

import io.github.ollamaws.client.OllamaTemplate;
import io.github.ollamaws.core.GatewayUrls;
import io.github.ollamaws.core.RateLimitedException;
import io.github.ollamaws.event.OllamaAuthenticationFailedEvent;
import io.github.ollamaws.event.OllamaConnectionEvent;
import io.github.ollamaws.fleet.GatewayStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.context.ApplicationListener;

/**
 * Meters of an {@link OllamaTemplate}'s connections, read from
 * {@link OllamaTemplate#poolStatus()}:
 * <ul>
 * <li>{@value #CONNECTIONS}: a gauge of the connections by {@code state}: {@code open}
 * (the WebSocket is open) and {@code authenticated} (open and taking requests);</li>
 * <li>{@value #REQUESTS_ACTIVE}: a gauge of the requests in flight;</li>
 * <li>{@value #RECONNECTS}: a counter of the reconnections since the template
 * started;</li>
 * <li>{@value #AUTH_FAILURES}: a counter of the gateway's refusals, by {@code reason}:
 * {@code rejected} (the key was refused) and {@code rate_limited} (the client was
 * blocked), counted from the template's {@link OllamaAuthenticationFailedEvent}s.</li>
 * </ul>
 * and, for each gateway (one, or each of a fleet's, read from
 * {@link OllamaTemplate#gatewayStatuses()}), tagged with its {@code server.address} and
 * {@code server.port}:
 * <ul>
 * <li>{@value #GATEWAY_UP}: 1 while the gateway takes requests, 0 while it is down or
 * draining, no value once the template no longer has it;</li>
 * <li>{@value #GATEWAY_CONNECTIONS}: its authenticated connections;</li>
 * <li>{@value #GATEWAY_REQUESTS_ACTIVE}: the requests in flight on it.</li>
 * </ul>
 * A gateway's meters are registered when the metrics are bound, for the gateways the
 * template has then, and at the first connection event of a gateway added later (a
 * gateway source's, or any gateway of a template started after binding).
 *
 * <p>
 * Without Spring, pass the events on from the template's event listener:
 * {@code builder.eventListener(metrics::onApplicationEvent)}.
 */
public class OllamaTemplateMetrics implements MeterBinder, ApplicationListener<OllamaConnectionEvent> {

	/** The name of the connections gauge. */
	public static final String CONNECTIONS = "ollama.ws.connections";

	/** The name of the requests-in-flight gauge. */
	public static final String REQUESTS_ACTIVE = "ollama.ws.requests.active";

	/** The name of the reconnections counter. */
	public static final String RECONNECTS = "ollama.ws.reconnects";

	/** The name of the authentication failures counter. */
	public static final String AUTH_FAILURES = "ollama.ws.auth.failures";

	/** The name of the per-gateway up gauge. */
	public static final String GATEWAY_UP = "ollama.ws.gateway.up";

	/** The name of the per-gateway authenticated connections gauge. */
	public static final String GATEWAY_CONNECTIONS = "ollama.ws.gateway.connections";

	/** The name of the per-gateway requests-in-flight gauge. */
	public static final String GATEWAY_REQUESTS_ACTIVE = "ollama.ws.gateway.requests.active";

	private final OllamaTemplate template;

	// One pair per registry bound to: a binder may be bound to several.
	private final List<Counter> rejected = new CopyOnWriteArrayList<>();

	private final List<Counter> rateLimited = new CopyOnWriteArrayList<>();

	private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();

	// The gateways whose gauges are registered, per registry: registering them again on
	// every connection event would make Micrometer warn that they already are.
	private final Set<BoundGateway> boundGateways = ConcurrentHashMap.newKeySet();

	/**
	 * Creates the meters of {@code template}.
	 * @param template the template
	 */
	public OllamaTemplateMetrics(OllamaTemplate template) {
		this.template = Objects.requireNonNull(template, "template must not be null");
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder(CONNECTIONS, this.template, (template) -> template.poolStatus().open())
			.description("Connections to the gateway whose WebSocket is open")
			.tag("state", "open")
			.register(registry);
		Gauge.builder(CONNECTIONS, this.template, (template) -> template.poolStatus().authenticated())
			.description("Connections to the gateway that are authenticated and take requests")
			.tag("state", "authenticated")
			.register(registry);
		Gauge.builder(REQUESTS_ACTIVE, this.template, (template) -> template.poolStatus().inFlight())
			.description("Requests in flight on all connections")
			.register(registry);
		FunctionCounter.builder(RECONNECTS, this.template, (template) -> template.poolStatus().reconnects())
			.description("Reconnections to the gateway since the client started")
			.register(registry);
		this.rejected.add(authFailures(registry, "rejected", "Authentications the gateway rejected"));
		this.rateLimited.add(authFailures(registry, "rate_limited",
				"Authentications refused because the gateway blocked the client"));
		this.registries.add(registry);
		for (GatewayStatus status : this.template.gatewayStatuses()) {
			bindGateway(registry, GatewayUrls.withoutCredentials(status.endpoint().url()));
		}
	}

	private void bindGateway(MeterRegistry registry, URI url) {
		if (!this.boundGateways.add(new BoundGateway(registry, url))) {
			return;
		}
		Tags tags = Tags.of("server.address", ServerAddress.host(url), "server.port", ServerAddress.port(url));
		Gauge.builder(GATEWAY_UP, this.template, gateway(url, (status) -> status.isUp() ? 1 : 0))
			.description("Whether the gateway takes requests (1) or is down or draining (0)")
			.tags(tags)
			.register(registry);
		Gauge.builder(GATEWAY_CONNECTIONS, this.template, gateway(url, GatewayStatus::authenticatedConnections))
			.description("Connections to the gateway that are authenticated and take requests")
			.tags(tags)
			.register(registry);
		Gauge.builder(GATEWAY_REQUESTS_ACTIVE, this.template, gateway(url, GatewayStatus::inFlight))
			.description("Requests in flight on the gateway")
			.tags(tags)
			.register(registry);
	}

	/**
	 * Reads one value of the gateway with this URL: its status in rotation, else a
	 * draining one, else none.
	 * @param url the gateway's URL
	 * @param value what to read of its status
	 * @return the gauge's function of the template
	 */
	private static ToDoubleFunction<OllamaTemplate> gateway(URI url, ToDoubleFunction<GatewayStatus> value) {
		return (template) -> {
			GatewayStatus draining = null;
			for (GatewayStatus status : template.gatewayStatuses()) {
				// Events carry the URL without credentials.
				if (GatewayUrls.withoutCredentials(status.endpoint().url()).equals(url)) {
					if (status.state() != GatewayStatus.State.DRAINING) {
						return value.applyAsDouble(status);
					}
					draining = status;
				}
			}
			return (draining != null) ? value.applyAsDouble(draining) : Double.NaN;
		};
	}

	private static Counter authFailures(MeterRegistry registry, String reason, String description) {
		return Counter.builder(AUTH_FAILURES).description(description).tag("reason", reason).register(registry);
	}

	/**
	 * Counts an authentication failure of this metrics' template, and registers the
	 * meters of a gateway seen for the first time (events of other templates are
	 * ignored).
	 * @param event the event
	 */
	@Override
	public void onApplicationEvent(OllamaConnectionEvent event) {
		if (event.getSource() != this.template) {
			return;
		}
		if (event.getGatewayUrl() != null) {
			for (MeterRegistry registry : this.registries) {
				bindGateway(registry, event.getGatewayUrl());
			}
		}
		if (!(event instanceof OllamaAuthenticationFailedEvent failed)) {
			return;
		}
		List<Counter> counters = (failed.getError() instanceof RateLimitedException) ? this.rateLimited : this.rejected;
		counters.forEach(Counter::increment);
	}

	private record BoundGateway(MeterRegistry registry, URI url) {
	}

}
