package io.github.ollamaws.sample.chat;

import java.util.Map;

/**
 * A prompt to generate a reply to, as the REST API takes it.
 *
 * @param prompt the prompt, not blank
 * @param model the model, or {@code null} for the configured default
 * @param system the system prompt, or {@code null} for the configured default
 * @param options Ollama's model parameters under Ollama's names ({@code temperature},
 * {@code num_predict}, ...), or {@code null}
 * @param json whether the reply must be JSON (Ollama's JSON mode), or {@code null} for
 * free text
 */
public record ChatRequest(String prompt, String model, String system, Map<String, Object> options, Boolean json) {

	/**
	 * A request for {@code prompt} with {@code model}, and nothing else set.
	 * @param prompt the prompt
	 * @param model the model, or {@code null}
	 * @return the request
	 */
	public static ChatRequest of(String prompt, String model) {
		return new ChatRequest(prompt, model, null, null, null);
	}

}
