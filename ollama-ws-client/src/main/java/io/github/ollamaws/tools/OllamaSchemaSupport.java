package io.github.ollamaws.tools;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * What Ollama's {@code format} can take of a JSON Schema, and a tool's input schema made
 * to fit it.
 *
 * <p>
 * Ollama turns a {@code format} schema into a grammar with llama.cpp's
 * {@code json_schema_to_grammar} ({@code common/json-schema-to-grammar.cpp}): through cgo
 * up to Ollama 0.12 ({@code llama.SchemaToGrammar}, failing the request with "invalid
 * JSON schema in format"), and since Ollama's runner became llama-server (ollama/ollama
 * {@code llm/llama_server.go}: "JSON schemas are passed directly to llama-server via its
 * json_schema field") by llama-server itself, which runs the same converter. That
 * converter (read at llama.cpp {@code ec98e2002}, the copy Ollama vendored before the
 * switch) takes {@code type} (one of {@code string}, {@code number}, {@code integer},
 * {@code boolean}, {@code object}, {@code array}, {@code null}, or a list of them),
 * {@code properties}, {@code required}, {@code additionalProperties} (absent means
 * <em>none</em>), {@code items}, {@code prefixItems}, {@code minItems}/{@code maxItems},
 * {@code anyOf}, {@code oneOf} (as {@code anyOf}), {@code allOf} (merging properties),
 * {@code const}, {@code enum}, {@code minLength}/{@code maxLength},
 * {@code minimum}/{@code maximum}/{@code exclusiveMinimum}/{@code exclusiveMaximum} on
 * integers only, {@code pattern} only anchored as {@code ^...$}, {@code format} of
 * {@code date}, {@code time}, {@code date-time} and {@code uuid}, and local {@code $ref}s
 * ({@code #/...}, for example to {@code $defs}). It fails on an unknown {@code type}, a
 * schema that is not an object, an unanchored {@code pattern}, a {@code $ref} it cannot
 * resolve, and a keyword of the wrong JSON type; a remote {@code $ref} it resolves to
 * "any object". Everything else ({@code not}, {@code if}/{@code then}/{@code else},
 * {@code multipleOf}, {@code uniqueItems}, {@code minimum} on numbers, other
 * {@code format}s, {@code patternProperties}, {@code minProperties}...) it ignores: the
 * model is not held to it, so the tool must still check its arguments.
 *
 * <p>
 * So a tool's schema is: refused with an {@link UnsupportedSchemaException} where Ollama
 * would fail or silently constrain nothing (unknown type, remote or unresolvable
 * {@code $ref}, boolean schemas, keywords of the wrong type); simplified where dropping a
 * keyword only loosens it (an unanchored {@code pattern} is dropped; a schema with no
 * type that Ollama cannot convert gets every type but {@code integer} listed, which means
 * any value; both noted); and its local {@code $ref}s are rewritten to where the schema
 * sits inside the tool-calling format, so that they still resolve.
 */
public final class OllamaSchemaSupport {

	private static final Set<String> TYPES = Set.of("string", "number", "integer", "boolean", "object", "array",
			"null");

	private static final List<String> SCHEMA_LISTS = List.of("anyOf", "oneOf", "allOf", "prefixItems");

	private static final List<String> SCHEMA_MAPS = List.of("properties", "$defs", "definitions");

	private final String toolName;

	private final Map<String, Object> original;

	private final String base;

	private final List<String> notes;

	private OllamaSchemaSupport(String toolName, Map<String, Object> original, String base, List<String> notes) {
		this.toolName = toolName;
		this.original = original;
		this.base = base;
		this.notes = notes;
	}

	/**
	 * A tool's input schema as Ollama's format can take it, standing alone (its
	 * {@code $ref}s unchanged).
	 * @param tool the tool
	 * @return a new schema, simplified where needed
	 * @throws UnsupportedSchemaException if Ollama cannot take the schema
	 */
	public static Map<String, Object> adapt(ToolDefinition tool) {
		return adapt(tool, "", new ArrayList<>());
	}

	/**
	 * A tool's input schema as Ollama's format can take it, to sit at {@code base} inside
	 * a larger schema.
	 * @param tool the tool
	 * @param base the JSON pointer of the schema inside the larger one ({@code ""} for
	 * the root)
	 * @param notes receives a sentence for each simplification
	 * @return a new schema
	 * @throws UnsupportedSchemaException if Ollama cannot take the schema
	 */
	static Map<String, Object> adapt(ToolDefinition tool, String base, List<String> notes) {
		OllamaSchemaSupport support = new OllamaSchemaSupport(tool.name(), tool.inputSchema(), base, notes);
		@SuppressWarnings("unchecked")
		Map<String, Object> copy = (Map<String, Object>) Objects
			.requireNonNull(support.copyWithRefs(tool.inputSchema(), ""));
		support.checkSchema(copy, "");
		return copy;
	}

	// Every $ref anywhere is resolved by llama.cpp (resolve_refs walks the whole tree),
	// so every one is checked and rewritten, not only those in keywords it converts.
	private @Nullable Object copyWithRefs(@Nullable Object node, String pointer) {
		if (node instanceof Map<?, ?> map) {
			Map<String, Object> copy = new LinkedHashMap<>();
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				String key = String.valueOf(entry.getKey());
				Object value = entry.getValue();
				if ("$ref".equals(key)) {
					copy.put(key, rewriteRef(value, pointer + "/$ref"));
				}
				else {
					copy.put(key, copyWithRefs(value, pointer + "/" + key));
				}
			}
			return copy;
		}
		if (node instanceof List<?> list) {
			List<Object> copy = new ArrayList<>(list.size());
			for (int i = 0; i < list.size(); i++) {
				copy.add(copyWithRefs(list.get(i), pointer + "/" + i));
			}
			return copy;
		}
		return node;
	}

	private String rewriteRef(@Nullable Object ref, String pointer) {
		if (!(ref instanceof String text)) {
			throw refused(pointer, "a $ref must be a string");
		}
		if (!text.startsWith("#") || (text.length() > 1 && text.charAt(1) != '/')) {
			throw refused(pointer, "only local references ('#/...') can be used; Ollama fetches no other schema"
					+ " (a remote reference would constrain nothing): " + text);
		}
		String target = text.substring(1);
		if (!resolves(target)) {
			throw refused(pointer, "the reference " + text + " points to nothing in the schema");
		}
		return "#" + this.base + target;
	}

	// Resolved as llama.cpp does: plain '/'-separated names or indexes, no unescaping.
	private boolean resolves(String target) {
		Object node = this.original;
		for (String token : target.split("/")) {
			if (token.isEmpty()) {
				continue;
			}
			if (node instanceof Map<?, ?> map && map.containsKey(token)) {
				node = map.get(token);
			}
			else if (node instanceof List<?> list && token.chars().allMatch(Character::isDigit)
					&& Integer.parseInt(token) < list.size()) {
				node = list.get(Integer.parseInt(token));
			}
			else {
				return false;
			}
		}
		return true;
	}

	private void checkSchema(@Nullable Object node, String pointer) {
		if (!(node instanceof Map<?, ?> raw)) {
			throw refused(pointer, "a schema must be a JSON object (Ollama takes no boolean schema)");
		}
		@SuppressWarnings("unchecked")
		Map<String, Object> schema = (Map<String, Object>) raw;
		Object type = schema.get("type");
		checkType(type, pointer);
		requireString(schema, "format", pointer);
		for (String keyword : List.of("minLength", "maxLength", "minItems", "maxItems", "minimum", "maximum",
				"exclusiveMinimum", "exclusiveMaximum")) {
			if (schema.containsKey(keyword) && !(schema.get(keyword) instanceof Number)) {
				throw refused(pointer + "/" + keyword, "'" + keyword + "' must be a number");
			}
		}
		if (schema.containsKey("enum") && !(schema.get("enum") instanceof List)) {
			throw refused(pointer + "/enum", "'enum' must be an array");
		}
		checkPattern(schema, type, pointer);
		if (type == null && !schema.isEmpty() && !convertsWithoutType(schema)) {
			// llama.cpp fails on it ("Unrecognized schema"); it means any value.
			schema.put("type", List.of("string", "number", "boolean", "object", "array", "null"));
			this.notes.add("tool '" + this.toolName + "': the schema at " + (pointer.isEmpty() ? "/" : pointer)
					+ " has no type and nothing Ollama converts: any JSON value is now listed as its type");
		}
		for (String keyword : SCHEMA_LISTS) {
			if (schema.containsKey(keyword)) {
				if (!(schema.get(keyword) instanceof List<?> list)) {
					throw refused(pointer + "/" + keyword, "'" + keyword + "' must be an array of schemas");
				}
				for (int i = 0; i < list.size(); i++) {
					checkSchema(list.get(i), pointer + "/" + keyword + "/" + i);
				}
			}
		}
		for (String keyword : SCHEMA_MAPS) {
			if (schema.containsKey(keyword)) {
				if (!(schema.get(keyword) instanceof Map<?, ?> map)) {
					throw refused(pointer + "/" + keyword, "'" + keyword + "' must be an object of schemas");
				}
				map.forEach((name, value) -> checkSchema(value, pointer + "/" + keyword + "/" + name));
			}
		}
		Object items = schema.get("items");
		if (items instanceof List<?> list) {
			for (int i = 0; i < list.size(); i++) {
				checkSchema(list.get(i), pointer + "/items/" + i);
			}
		}
		else if (items != null) {
			checkSchema(items, pointer + "/items");
		}
		if (schema.get("additionalProperties") instanceof Map<?, ?> additional) {
			checkSchema(additional, pointer + "/additionalProperties");
		}
	}

	// Branches that need no type in visit() of llama.cpp's json-schema-to-grammar.cpp.
	private static boolean convertsWithoutType(Map<String, Object> schema) {
		for (String keyword : List.of("$ref", "anyOf", "oneOf", "const", "enum", "properties", "allOf", "items",
				"prefixItems", "pattern")) {
			if (schema.containsKey(keyword)) {
				return true;
			}
		}
		if (schema.containsKey("additionalProperties") && !Boolean.TRUE.equals(schema.get("additionalProperties"))) {
			return true;
		}
		return schema.get("format") instanceof String format && format.matches("date|time|date-time|uuid[1-5]?");
	}

	private void checkType(@Nullable Object type, String pointer) {
		if (type == null) {
			return;
		}
		List<?> types = (type instanceof List<?> list) ? list : List.of(type);
		for (Object each : types) {
			if (!TYPES.contains(each)) {
				throw refused(pointer + "/type", "unknown type " + each + "; Ollama knows " + TYPES);
			}
		}
	}

	private void checkPattern(Map<String, Object> schema, @Nullable Object type, String pointer) {
		if (!schema.containsKey("pattern")) {
			return;
		}
		Object pattern = schema.get("pattern");
		if (!(pattern instanceof String text)) {
			throw refused(pointer + "/pattern", "'pattern' must be a string");
		}
		boolean forStrings = type == null || "string".equals(type);
		if (forStrings && !(text.startsWith("^") && text.endsWith("$") && text.length() >= 2)) {
			schema.remove("pattern");
			this.notes.add("tool '" + this.toolName + "': 'pattern' at " + pointer
					+ "/pattern dropped: Ollama takes only patterns anchored with ^ and $");
		}
	}

	private void requireString(Map<String, Object> schema, String keyword, String pointer) {
		if (schema.containsKey(keyword) && !(schema.get(keyword) instanceof String)) {
			throw refused(pointer + "/" + keyword, "'" + keyword + "' must be a string");
		}
	}

	private UnsupportedSchemaException refused(String pointer, String reason) {
		return new UnsupportedSchemaException(this.toolName, pointer, reason);
	}

}
