package io.github.ollamaws.autoconfigure.health;

import java.time.Duration;

import io.github.ollamaws.health.FleetHealthRule;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the {@code ollama-ws} health indicator.
 */
@ConfigurationProperties("management.health.ollama-ws")
public class OllamaWsHealthProperties {

	/**
	 * Longest a health check waits for the gateway's pong before reporting DOWN. The
	 * health endpoint never waits longer, whatever the client's own timeouts.
	 */
	private Duration timeout = Duration.ofSeconds(2);

	/**
	 * When a template over several gateways is UP: 'any-serving-default-model' (at least
	 * one gateway is up and served 'ollama.ws.default-model' when last asked; 'any'
	 * without a default model), 'any' (at least one gateway is up) or 'all' (every
	 * gateway that is not draining is up).
	 */
	private FleetHealthRule fleetRule = FleetHealthRule.ANY_SERVING_DEFAULT_MODEL;

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

	public FleetHealthRule getFleetRule() {
		return this.fleetRule;
	}

	public void setFleetRule(FleetHealthRule fleetRule) {
		this.fleetRule = fleetRule;
	}

}
