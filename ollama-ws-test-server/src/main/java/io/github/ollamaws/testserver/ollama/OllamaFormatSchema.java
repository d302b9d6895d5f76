package io.github.ollamaws.testserver.ollama;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Ollama's {@code format} as a JSON Schema, judged as Ollama judges it: Ollama hands the
 * schema to llama.cpp's {@code json_schema_to_grammar} (through cgo up to Ollama 0.12,
 * then through llama-server's {@code json_schema} field), which fails the request on what
 * it cannot convert and ignores the keywords it does not know. So:
 * <ul>
 * <li>{@link #violations(JsonNode)}: what Ollama would refuse (an unknown {@code type}, a
 * schema that is not an object, a {@code pattern} not anchored with {@code ^...$}, a
 * {@code $ref} it cannot resolve, a keyword of the wrong JSON type), plus a remote
 * {@code $ref}, which Ollama fetches as nothing and so constrains nothing (stricter than
 * Ollama on purpose: a test fails where production would silently lose the
 * constraint);</li>
 * <li>{@link #mismatches(JsonNode, JsonNode)}: whether a reply is one the grammar could
 * have produced, checking only what the grammar enforces, in the converter's order of
 * keywords (an object without {@code additionalProperties} allows no other property; a
 * schema without type or keywords is any object).</li>
 * </ul>
 * Written from llama.cpp's {@code common/json-schema-to-grammar.cpp} (at
 * {@code ec98e2002}, as vendored by Ollama), apart from the client's own checks on
 * purpose.
 */
public final class OllamaFormatSchema {

	private static final Set<String> PRIMITIVES = Set.of("string", "number", "integer", "boolean", "object", "array",
			"null");

	private static final List<String> NUMBERS = List.of("minLength", "maxLength", "minItems", "maxItems", "minimum",
			"maximum", "exclusiveMinimum", "exclusiveMaximum");

	private static final JsonNode TRUE = BooleanNode.TRUE;

	private OllamaFormatSchema() {
	}

	/**
	 * What Ollama would refuse in {@code format}.
	 * @param format the {@code format} field, a JSON object
	 * @return the violations, one sentence each; empty if Ollama takes it
	 */
	public static List<String> violations(JsonNode format) {
		List<String> violations = new ArrayList<>();
		checkRefs(format, format, "", violations);
		checkSchema(format, "", violations);
		return violations;
	}

	private static void checkRefs(JsonNode root, JsonNode node, String at, List<String> violations) {
		if (node.isObject() && node.has("$ref")) {
			JsonNode ref = node.get("$ref");
			if (!ref.isTextual()) {
				violations.add("'format' " + at + "/$ref is not a string");
			}
			else if (!ref.asText().startsWith("#/")) {
				violations.add("'format' " + at + "/$ref " + ref.asText()
						+ " is not a local reference: Ollama rejects it, or resolves a remote one to nothing");
			}
			else if (resolve(root, ref.asText()) == null) {
				violations.add("'format' " + at + "/$ref " + ref.asText() + " cannot be resolved");
			}
			return;
		}
		if (node.isContainerNode()) {
			int index = 0;
			for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
				Map.Entry<String, JsonNode> field = fields.next();
				checkRefs(root, field.getValue(), at + "/" + field.getKey(), violations);
			}
			if (node.isArray()) {
				for (JsonNode item : node) {
					checkRefs(root, item, at + "/" + index++, violations);
				}
			}
		}
	}

	private static JsonNode resolve(JsonNode root, String ref) {
		JsonNode node = root;
		for (String token : ref.substring(2).split("/")) {
			node = (node.isArray() && token.matches("[0-9]+")) ? node.get(Integer.parseInt(token)) : node.get(token);
			if (node == null) {
				return null;
			}
		}
		return node;
	}

	private static void checkSchema(JsonNode schema, String at, List<String> violations) {
		if (!schema.isObject()) {
			violations.add("'format' " + at + " is not a schema object: " + schema);
			return;
		}
		if (schema.has("$ref")) {
			return;
		}
		JsonNode type = schema.path("type");
		for (JsonNode each : type.isArray() ? type : List.of(type)) {
			if (!each.isMissingNode() && !PRIMITIVES.contains(each.asText(""))) {
				violations.add("'format' " + at + "/type " + each + " is not a type Ollama knows");
			}
		}
		if (schema.has("format") && !schema.get("format").isTextual()) {
			violations.add("'format' " + at + "/format is not a string");
		}
		for (String keyword : NUMBERS) {
			if (schema.has(keyword) && !schema.get(keyword).isNumber()) {
				violations.add("'format' " + at + "/" + keyword + " is not a number");
			}
		}
		boolean stringish = type.isMissingNode() || "string".equals(type.asText());
		if (stringish && schema.has("pattern")) {
			String pattern = schema.get("pattern").asText("");
			if (pattern.length() < 2 || !pattern.startsWith("^") || !pattern.endsWith("$")) {
				violations.add("'format' " + at + "/pattern must start with '^' and end with '$'");
			}
		}
		if (type.isMissingNode() && !schema.isEmpty() && !recognizedWithoutType(schema)) {
			violations.add("'format' " + at + " has no type and nothing else Ollama converts (llama.cpp:"
					+ " \"Unrecognized schema\"): " + schema);
		}
		for (String keyword : List.of("anyOf", "oneOf", "allOf", "prefixItems")) {
			if (schema.has(keyword)) {
				if (!schema.get(keyword).isArray()) {
					violations.add("'format' " + at + "/" + keyword + " is not an array");
					continue;
				}
				int index = 0;
				for (JsonNode alternative : schema.get(keyword)) {
					checkSchema(alternative, at + "/" + keyword + "/" + index++, violations);
				}
			}
		}
		if (schema.has("properties")) {
			schema.get("properties")
				.fields()
				.forEachRemaining(
						(field) -> checkSchema(field.getValue(), at + "/properties/" + field.getKey(), violations));
		}
		if (schema.path("items").isArray()) {
			int index = 0;
			for (JsonNode item : schema.get("items")) {
				checkSchema(item, at + "/items/" + index++, violations);
			}
		}
		else if (schema.has("items")) {
			checkSchema(schema.get("items"), at + "/items", violations);
		}
		if (schema.path("additionalProperties").isObject()) {
			checkSchema(schema.get("additionalProperties"), at + "/additionalProperties", violations);
		}
	}

	// The converter's branches that need no type (json-schema-to-grammar.cpp, visit()).
	private static boolean recognizedWithoutType(JsonNode schema) {
		for (String keyword : List.of("$ref", "anyOf", "oneOf", "const", "enum", "properties", "allOf", "items",
				"prefixItems", "pattern")) {
			if (schema.has(keyword)) {
				return true;
			}
		}
		if (schema.has("additionalProperties") && !schema.get("additionalProperties").equals(TRUE)) {
			return true;
		}
		return schema.path("format").asText("").matches("date|time|date-time|uuid[1-5]?");
	}

	/**
	 * Why {@code value} is not a reply the grammar of {@code format} could produce.
	 * @param format the schema, one Ollama takes
	 * @param value the reply, parsed
	 * @return the mismatches; empty if the grammar allows the reply
	 */
	public static List<String> mismatches(JsonNode format, JsonNode value) {
		List<String> mismatches = new ArrayList<>();
		match(format, format, value, "", mismatches);
		return mismatches;
	}

	private static void match(JsonNode root, JsonNode schema, JsonNode value, String at, List<String> out) {
		JsonNode type = schema.path("type");
		if (schema.has("$ref")) {
			match(root, resolve(root, schema.get("$ref").asText()), value, at, out);
		}
		else if (schema.has("anyOf") || schema.has("oneOf")) {
			JsonNode alternatives = schema.has("anyOf") ? schema.get("anyOf") : schema.get("oneOf");
			for (JsonNode alternative : alternatives) {
				List<String> tried = new ArrayList<>();
				match(root, alternative, value, at, tried);
				if (tried.isEmpty()) {
					return;
				}
			}
			out.add(at + ": matches none of the alternatives");
		}
		else if (type.isArray()) {
			for (JsonNode each : type) {
				List<String> tried = new ArrayList<>();
				match(root, ((ObjectNode) schema.deepCopy()).put("type", each.asText()), value, at, tried);
				if (tried.isEmpty()) {
					return;
				}
			}
			out.add(at + ": matches none of the types " + type);
		}
		else if (schema.has("const")) {
			expect(schema.get("const").equals(value), at + ": is not " + schema.get("const"), out);
		}
		else if (schema.has("enum")) {
			boolean found = false;
			for (JsonNode option : schema.get("enum")) {
				found = found || option.equals(value);
			}
			expect(found, at + ": is not one of " + schema.get("enum"), out);
		}
		else if ((type.isMissingNode() || "object".equals(type.asText())) && (schema.has("properties")
				|| (schema.has("additionalProperties") && !schema.get("additionalProperties").equals(TRUE)))) {
			matchObject(root, schema, value, at, out);
		}
		else if ((type.isMissingNode() || "array".equals(type.asText()))
				&& (schema.has("items") || schema.has("prefixItems"))) {
			matchArray(root, schema, value, at, out);
		}
		else if (schema.has("pattern") && (type.isMissingNode() || "string".equals(type.asText()))) {
			expect(value.isTextual() && matches(schema.get("pattern").asText(), value.asText()),
					at + ": does not match " + schema.get("pattern"), out);
		}
		else if (schema.isEmpty() || "object".equals(type.asText())) {
			expect(value.isObject(), at + ": is not an object", out);
		}
		else {
			matchPrimitive(schema, type.asText(), value, at, out);
		}
	}

	private static void matchObject(JsonNode root, JsonNode schema, JsonNode value, String at, List<String> out) {
		if (!value.isObject()) {
			out.add(at + ": is not an object");
			return;
		}
		JsonNode properties = schema.path("properties");
		for (JsonNode required : schema.path("required")) {
			expect(value.has(required.asText()) || !properties.has(required.asText()),
					at + ": misses '" + required.asText() + "'", out);
		}
		JsonNode additional = schema.path("additionalProperties");
		value.fields().forEachRemaining((field) -> {
			if (properties.has(field.getKey())) {
				match(root, properties.get(field.getKey()), field.getValue(), at + "/" + field.getKey(), out);
			}
			else if (additional.isObject()) {
				match(root, additional, field.getValue(), at + "/" + field.getKey(), out);
			}
			else {
				expect(additional.equals(TRUE), at + ": has '" + field.getKey() + "', which the schema does not allow",
						out);
			}
		});
	}

	private static void matchArray(JsonNode root, JsonNode schema, JsonNode value, String at, List<String> out) {
		if (!value.isArray()) {
			out.add(at + ": is not an array");
			return;
		}
		JsonNode items = schema.has("items") ? schema.get("items") : schema.get("prefixItems");
		if (items.isArray()) {
			expect(value.size() == items.size(), at + ": has not " + items.size() + " items", out);
			for (int i = 0; i < Math.min(value.size(), items.size()); i++) {
				match(root, items.get(i), value.get(i), at + "/" + i, out);
			}
			return;
		}
		expect(value.size() >= schema.path("minItems").asInt(0), at + ": has too few items", out);
		expect(value.size() <= schema.path("maxItems").asInt(Integer.MAX_VALUE), at + ": has too many items", out);
		for (int i = 0; i < value.size(); i++) {
			match(root, items, value.get(i), at + "/" + i, out);
		}
	}

	private static void matchPrimitive(JsonNode schema, String type, JsonNode value, String at, List<String> out) {
		switch (type) {
			case "string" -> {
				expect(value.isTextual(), at + ": is not a string", out);
				int length = value.asText().codePointCount(0, value.asText().length());
				expect(length >= schema.path("minLength").asInt(0), at + ": is too short", out);
				expect(length <= schema.path("maxLength").asInt(Integer.MAX_VALUE), at + ": is too long", out);
			}
			case "integer" -> {
				expect(value.isIntegralNumber(), at + ": is not an integer", out);
				expect(value.asLong() >= bound(schema, "minimum", "exclusiveMinimum", 1, Long.MIN_VALUE)
						&& value.asLong() <= bound(schema, "maximum", "exclusiveMaximum", -1, Long.MAX_VALUE),
						at + ": is out of range", out);
			}
			case "number" -> expect(value.isNumber(), at + ": is not a number", out);
			case "boolean" -> expect(value.isBoolean(), at + ": is not a boolean", out);
			case "null" -> expect(value.isNull(), at + ": is not null", out);
			default -> out.add(at + ": the schema has no type Ollama knows");
		}
	}

	private static long bound(JsonNode schema, String inclusive, String exclusive, int step, long none) {
		if (schema.has(inclusive)) {
			return schema.get(inclusive).asLong();
		}
		return schema.has(exclusive) ? schema.get(exclusive).asLong() + step : none;
	}

	private static boolean matches(String pattern, String text) {
		try {
			return Pattern.compile(pattern).matcher(text).matches();
		}
		catch (PatternSyntaxException ex) {
			return false;
		}
	}

	private static void expect(boolean condition, String mismatch, List<String> out) {
		if (!condition) {
			out.add(mismatch);
		}
	}

}
