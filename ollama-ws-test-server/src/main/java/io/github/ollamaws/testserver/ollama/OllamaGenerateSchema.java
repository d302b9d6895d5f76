package io.github.ollamaws.testserver.ollama;

import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Checks a {@code POST /api/generate} body against Ollama's request schema
 * ({@code GenerateRequest} and {@code ModelOptions} in Ollama's API documentation and Go
 * types), strictly: where a real Ollama silently ignores a field it does not know (an
 * unknown top-level field, a model parameter at the top level, an unknown model
 * parameter), this reports it, so that a test fails where production would silently lose
 * a setting. Wrong types, which Ollama rejects, are reported too, and so is a
 * {@code format} schema that Ollama cannot turn into a grammar
 * ({@link OllamaFormatSchema}).
 *
 * <p>
 * Written apart from the client's own tables on purpose: it is the oracle the client is
 * tested against.
 */
public final class OllamaGenerateSchema {

	private static final Predicate<JsonNode> STRING = JsonNode::isTextual;

	private static final Predicate<JsonNode> BOOLEAN = JsonNode::isBoolean;

	private static final Predicate<JsonNode> INTEGER = (value) -> value.isIntegralNumber()
			|| (value.isNumber() && value.asDouble() == Math.rint(value.asDouble()));

	private static final Predicate<JsonNode> NUMBER = JsonNode::isNumber;

	private static final Predicate<JsonNode> STRING_ARRAY = (value) -> value.isArray()
			&& allMatch(value, JsonNode::isTextual);

	/** Go's {@code time.ParseDuration} syntax, or a bare number of seconds as text. */
	private static final Pattern GO_DURATION = Pattern
		.compile("-?(0|[0-9]+(\\.[0-9]*)?|\\.[0-9]+)|-?(([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(ns|us|µs|ms|s|m|h))+");

	private static final Map<String, Predicate<JsonNode>> REQUEST_FIELDS = Map.ofEntries(Map.entry("model", STRING),
			Map.entry("prompt", STRING), Map.entry("suffix", STRING), Map.entry("system", STRING),
			Map.entry("template", STRING),
			Map.entry("context", (value) -> value.isArray() && allMatch(value, JsonNode::isIntegralNumber)),
			Map.entry("stream", BOOLEAN), Map.entry("raw", BOOLEAN),
			Map.entry("format", (value) -> value.isObject() || (value.isTextual() && "json".equals(value.asText()))),
			Map.entry("keep_alive",
					(value) -> value.isNumber()
							|| (value.isTextual() && GO_DURATION.matcher(value.asText()).matches())),
			Map.entry("images", (value) -> value.isArray() && allMatch(value, OllamaGenerateSchema::isBase64)),
			Map.entry("options", JsonNode::isObject),
			Map.entry("think",
					(value) -> value.isBoolean()
							|| (value.isTextual() && Set.of("high", "medium", "low").contains(value.asText()))),
			Map.entry("truncate", BOOLEAN), Map.entry("shift", BOOLEAN), Map.entry("logprobs", BOOLEAN),
			Map.entry("top_logprobs", INTEGER));

	private static final Map<String, Predicate<JsonNode>> MODEL_OPTIONS = Map.ofEntries(Map.entry("num_keep", INTEGER),
			Map.entry("seed", INTEGER), Map.entry("num_predict", INTEGER), Map.entry("top_k", INTEGER),
			Map.entry("top_p", NUMBER), Map.entry("min_p", NUMBER), Map.entry("typical_p", NUMBER),
			Map.entry("repeat_last_n", INTEGER), Map.entry("temperature", NUMBER), Map.entry("repeat_penalty", NUMBER),
			Map.entry("presence_penalty", NUMBER), Map.entry("frequency_penalty", NUMBER),
			Map.entry("stop", STRING_ARRAY), Map.entry("num_ctx", INTEGER), Map.entry("num_batch", INTEGER),
			Map.entry("num_gpu", INTEGER), Map.entry("main_gpu", INTEGER), Map.entry("use_mmap", BOOLEAN),
			Map.entry("num_thread", INTEGER));

	private OllamaGenerateSchema() {
	}

	/**
	 * What is wrong with {@code body} as an Ollama generate request.
	 * @param body the request body
	 * @return the violations, one sentence each; empty if the body is valid
	 */
	public static List<String> violations(JsonNode body) {
		List<String> violations = new ArrayList<>();
		if (body == null || !body.isObject()) {
			violations.add("the body is not a JSON object");
			return violations;
		}
		if (!body.path("model").isTextual() || body.path("model").asText().isEmpty()) {
			violations.add("'model' is missing");
		}
		for (Iterator<Map.Entry<String, JsonNode>> fields = body.fields(); fields.hasNext();) {
			Map.Entry<String, JsonNode> field = fields.next();
			String name = field.getKey();
			Predicate<JsonNode> type = REQUEST_FIELDS.get(name);
			if (type == null) {
				violations.add(unknownTopLevel(name));
			}
			else if (!field.getValue().isNull() && !type.test(field.getValue())) {
				violations.add("'" + name + "' has the wrong type or form: " + field.getValue());
			}
		}
		if (body.path("format").isObject()) {
			violations.addAll(OllamaFormatSchema.violations(body.get("format")));
		}
		JsonNode options = body.path("options");
		if (options.isObject()) {
			for (Iterator<Map.Entry<String, JsonNode>> fields = options.fields(); fields.hasNext();) {
				Map.Entry<String, JsonNode> field = fields.next();
				String name = field.getKey();
				Predicate<JsonNode> type = MODEL_OPTIONS.get(name);
				if (type == null) {
					violations.add("'options." + name + "' is not an Ollama model parameter: Ollama ignores it"
							+ ("max_tokens".equals(name) ? " (its token limit is 'num_predict')" : ""));
				}
				else if (!field.getValue().isNull() && !type.test(field.getValue())) {
					violations.add("'options." + name + "' has the wrong type: " + field.getValue());
				}
			}
		}
		return violations;
	}

	private static String unknownTopLevel(String name) {
		if (MODEL_OPTIONS.containsKey(name)) {
			return "model parameter '" + name + "' at the top level: Ollama reads it only inside 'options'";
		}
		if ("max_tokens".equals(name)) {
			return "'max_tokens' at the top level: Ollama has no such field (its token limit is options.num_predict)";
		}
		return "unknown field '" + name + "': Ollama ignores it";
	}

	private static boolean isBase64(JsonNode value) {
		if (!value.isTextual()) {
			return false;
		}
		try {
			Base64.getDecoder().decode(value.asText());
			return true;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	private static boolean allMatch(JsonNode array, Predicate<JsonNode> element) {
		for (JsonNode item : array) {
			if (!element.test(item)) {
				return false;
			}
		}
		return true;
	}

}
