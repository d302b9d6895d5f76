package io.github.ollamaws.observation;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.ollamaws.client.OllamaTemplate;
import io.github.ollamaws.client.RateLimitedException;
import io.github.ollamaws.event.OllamaAuthenticationFailedEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
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
 *
 * <p>
 * Without Spring, pass the failures on from the template's event listener:
 * {@code builder.eventListener((event) -> { if (event instanceof
 * OllamaAuthenticationFailedEvent failed) metrics.onApplicationEvent(failed); })}.
 */
public class OllamaTemplateMetrics implements MeterBinder, ApplicationListener<OllamaAuthenticationFailedEvent> {

	/** The name of the connections gauge. */
	public static final String CONNECTIONS = "ollama.ws.connections";

	/** The name of the requests-in-flight gauge. */
	public static final String REQUESTS_ACTIVE = "ollama.ws.requests.active";

	/** The name of the reconnections counter. */
	public static final String RECONNECTS = "ollama.ws.reconnects";

	/** The name of the authentication failures counter. */
	public static final String AUTH_FAILURES = "ollama.ws.auth.failures";

	private final OllamaTemplate template;

	// One pair per registry bound to: a binder may be bound to several.
	private final List<Counter> rejected = new CopyOnWriteArrayList<>();

	private final List<Counter> rateLimited = new CopyOnWriteArrayList<>();

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
	}

	private static Counter authFailures(MeterRegistry registry, String reason, String description) {
		return Counter.builder(AUTH_FAILURES).description(description).tag("reason", reason).register(registry);
	}

	/**
	 * Counts an authentication failure of this metrics' template (events of other
	 * templates are ignored).
	 * @param event the failure
	 */
	@Override
	public void onApplicationEvent(OllamaAuthenticationFailedEvent event) {
		if (event.getSource() != this.template) {
			return;
		}
		List<Counter> counters = (event.getError() instanceof RateLimitedException) ? this.rateLimited : this.rejected;
		counters.forEach(Counter::increment);
	}

}
