package io.github.ollamaws.health;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import io.github.ollamaws.client.OllamaTemplate;
import io.github.ollamaws.fleet.GatewayStatus;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The health of an {@link OllamaTemplate} over several gateways: UP or DOWN by a
 * {@link FleetHealthRule} (by default, UP while at least one gateway that serves the
 * default model is up), with one entry per gateway under {@code gateways}.
 *
 * <p>
 * Read from the template's own view of each gateway
 * ({@link OllamaTemplate#gatewayStatuses()}: authenticated connections, kept honest by
 * heartbeats), so a check sends nothing and returns at once however many gateways there
 * are.
 *
 * <p>
 * Details: {@code rule}, {@code defaultModel} (when set), {@code up} and {@code total}
 * (gateways up, gateways known), and {@code gateways}, keyed by each gateway's URL
 * (without user info or query): {@code status} ({@code UP}, {@code DOWN} or
 * {@code DRAINING}), {@code reason} (why it is down), {@code clientId}, {@code models}
 * (as last listed), {@code connections} ({@code open}, {@code authenticated}) and
 * {@code inFlight}. When DOWN, {@code reason}: {@value #NO_GATEWAYS},
 * {@value #NO_GATEWAY_UP}, {@value #DEFAULT_MODEL_NOT_SERVED} or
 * {@value #NOT_ALL_GATEWAYS_UP}. The private keys never appear.
 */
public class OllamaWsFleetHealthIndicator extends AbstractHealthIndicator {

	/** Reason: the template knows no gateway (none configured or discovered yet). */
	public static final String NO_GATEWAYS = "no_gateways";

	/** Reason: no gateway is up. */
	public static final String NO_GATEWAY_UP = "no_gateway_up";

	/** Reason: gateways are up, but none of them served the default model. */
	public static final String DEFAULT_MODEL_NOT_SERVED = "default_model_not_served";

	/** Reason: the rule is {@link FleetHealthRule#ALL} and a gateway is down. */
	public static final String NOT_ALL_GATEWAYS_UP = "not_all_gateways_up";

	private final OllamaTemplate template;

	private final FleetHealthRule rule;

	private final @Nullable String defaultModel;

	/**
	 * Creates an indicator of {@code template}'s gateways.
	 * @param template the template
	 * @param rule when the template is UP
	 * @param defaultModel the template's default model, or {@code null} for none
	 */
	public OllamaWsFleetHealthIndicator(OllamaTemplate template, FleetHealthRule rule, @Nullable String defaultModel) {
		super("Ollama WebSocket gateways health check failed");
		this.template = Objects.requireNonNull(template, "template must not be null");
		this.rule = Objects.requireNonNull(rule, "rule must not be null");
		this.defaultModel = defaultModel;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		List<GatewayStatus> statuses = this.template.gatewayStatuses();
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
		statuses.forEach(
				(status) -> gateways.put(OllamaWsHealthIndicator.displayUrl(status.endpoint().url()), details(status)));
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
