package io.github.ollamaws.health;

import java.util.List;

import io.github.ollamaws.fleet.GatewayStatus;
import org.jspecify.annotations.Nullable;

/**
 * When a template over several gateways is UP, given each gateway's status
 * ({@code management.health.ollama-ws.fleet-rule}).
 */
public enum FleetHealthRule {

	/**
	 * UP while at least one gateway is up and served the default model when last asked (a
	 * name without a tag also matches its {@code :latest} form). With no default model
	 * configured, the same as {@link #ANY}. The default: the template can serve a request
	 * that names no model.
	 */
	ANY_SERVING_DEFAULT_MODEL,

	/**
	 * UP while at least one gateway is up, whatever it serves.
	 */
	ANY,

	/**
	 * UP while every gateway is up (a draining gateway does not count), and there is at
	 * least one.
	 */
	ALL;

	/**
	 * Whether a template whose gateways have these statuses is UP.
	 * @param statuses the gateways' statuses
	 * @param defaultModel the template's default model, or {@code null} for none
	 * @return {@code true} if UP
	 */
	public boolean isUp(List<GatewayStatus> statuses, @Nullable String defaultModel) {
		return switch (this) {
			case ANY_SERVING_DEFAULT_MODEL -> (defaultModel != null)
					? statuses.stream().anyMatch((status) -> status.isUp() && status.serves(defaultModel))
					: ANY.isUp(statuses, null);
			case ANY -> statuses.stream().anyMatch(GatewayStatus::isUp);
			case ALL -> {
				List<GatewayStatus> serving = statuses.stream()
					.filter((status) -> status.state() != GatewayStatus.State.DRAINING)
					.toList();
				yield !serving.isEmpty() && serving.stream().allMatch(GatewayStatus::isUp);
			}
		};
	}

}
