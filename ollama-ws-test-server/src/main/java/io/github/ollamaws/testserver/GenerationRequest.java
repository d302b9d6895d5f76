package io.github.ollamaws.testserver;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A generation the gateway asks its {@link ModelBackend} for.
 *
 * @param id the generation's id as the client sent it (ids are global across connections)
 * @param model the model to use: the request's model, or the server's default model
 * @param prompt the prompt, never empty
 * @param options the gateway's {@code options} object as the client sent it (empty when
 * none), in the client's order; the gateway interprets none of it
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
		// Order kept and JSON nulls allowed: the body Ollama receives is built from these
		// as they are.
		options = (options != null) ? Collections.unmodifiableMap(new LinkedHashMap<>(options)) : Map.of();
	}

	/**
	 * The body of the {@code POST /api/generate} that Ollama receives for this
	 * generation, built exactly as the real gateway builds it: {@code {model, prompt,
	 * stream: true, ...options}}. The gateway's {@code options} object is spread into the
	 * top level, nothing renamed or nested, and its keys win over the gateway's own (as a
	 * JavaScript spread does). So Ollama reads model parameters only if the client nests
	 * them in an {@code options} object of their own.
	 * @return a new JSON object
	 */
	public ObjectNode ollamaBody() {
		ObjectNode body = Frames.MAPPER.createObjectNode();
		body.put("model", this.model);
		body.put("prompt", this.prompt);
		body.put("stream", true);
		this.options.forEach((name, value) -> body.set(name, Frames.MAPPER.valueToTree(value)));
		return body;
	}

	/**
	 * {@link #ollamaBody()} as JSON text, as it goes over HTTP.
	 * @return the JSON text
	 */
	public String ollamaBodyJson() {
		try {
			return Frames.MAPPER.writeValueAsString(ollamaBody());
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("The request cannot be written as JSON", ex);
		}
	}

	@Override
	public String toString() {
		// The prompt may be private or huge: never printed whole.
		return "GenerationRequest[id=" + this.id + ", model=" + this.model + ", promptLength=" + this.prompt.length()
				+ ", options=" + this.options.keySet() + "]";
	}

}
