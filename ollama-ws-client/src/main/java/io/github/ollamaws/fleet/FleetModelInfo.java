package io.github.ollamaws.fleet;

import java.util.List;

import io.github.ollamaws.core.ModelInfo;

/**
 * A model of a template's fleet and the gateways that serve it
 * ({@code OllamaTemplate.listFleetModels()}). {@code listModels()} returns the same union
 * as plain {@link ModelInfo}s, one per name, so that existing callers are unchanged.
 *
 * @param model the model, as the first gateway that lists it describes it
 * @param gateways the gateways that list it, in the template's order
 */
public record FleetModelInfo(ModelInfo model, List<GatewayEndpoint> gateways) {

	/**
	 * The model's name.
	 * @return the name, as used in a request
	 */
	public String name() {
		return this.model.name();
	}

}
