package io.github.ollamaws.testserver;

import java.util.Map;

/**
 * A generation the gateway asks its {@link ModelBackend} for.
 *
 * @param id the generation's id as the client sent it (ids are global across connections)
 * @param model the model to use: the request's model, or the server's default model
 * @param prompt the prompt, never empty
 * @param options the generation options as the client sent them (empty when none), passed through as
 * given
 */
public record GenerationRequest(String id, String model, String prompt, Map<String, Object> options) {

	/**
	 * Creates a request, copying the options.
	 * @param id the generation's id
	 * @param model the model to use
	 * @param prompt the prompt
	 * @param options the options, or {@code null} for none
	 */
	public GenerationRequest {
		options = (options != null) ? Map.copyOf(options) : Map.of();
	}

}
