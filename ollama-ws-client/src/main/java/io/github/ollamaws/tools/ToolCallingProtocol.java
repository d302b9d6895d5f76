package io.github.ollamaws.tools;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.ollamaws.chat.ChatTurn;
import io.github.ollamaws.chat.ConversationRenderer;
import io.github.ollamaws.chat.TranscriptConversationRenderer;
import io.github.ollamaws.core.ResponseFormat;
import io.github.ollamaws.tools.ToolReplyException.Problem;
import org.jspecify.annotations.Nullable;

/**
 * Tool calling over Ollama's {@code /api/generate}, which has no tools: the tools and the
 * calling protocol go into the system prompt, and the reply is constrained by Ollama's
 * {@code format} to be one of
 *
 * <pre>
 * {"answer": "the final answer"}
 * {"tool_calls": [{"name": "weather", "arguments": {"city": "Paris"}}, ...]}
 * </pre>
 *
 * where each call's {@code name} is a {@code const} of an offered tool and its
 * {@code arguments} follow that tool's input schema (see {@link #formatSchema()}). Ollama
 * enforces the format by grammar-constrained decoding, so a model can only write a final
 * answer or well-formed calls of the offered tools.
 *
 * <p>
 * A round: send {@link #systemPrompt(String)}, {@link #renderConversation(List)} and
 * {@link #format()}; {@link #parse(String)} the reply; run the calls and add a
 * {@link Turn#toolCalls(List)} and a {@link Turn#toolResults(List)} turn; repeat until an
 * answer. To bound the rounds, send a {@link #round(List, int)}'s prompt, system prompt
 * and format instead: it counts them with {@link #toolRounds(List)} and, at the limit,
 * sends {@link #answerOnlyFormat()} with {@link #systemPrompt(String, boolean)
 * systemPrompt(system, false)}: the model must then answer. For a streamed final answer,
 * feed the tokens to an {@link #answerReader()}.
 *
 * <pre>{@code
 * ToolCallingProtocol protocol = ToolCallingProtocol.of(List.of(weather));
 * GenerateRequest request = GenerateRequest.builder(protocol.renderConversation(turns))
 *     .system(protocol.systemPrompt(null))
 *     .format(protocol.format())
 *     .build();
 * ToolReply reply = protocol.parse(ollama.generate(request).text());
 * }</pre>
 *
 * <p>
 * <strong>No retry.</strong> A reply that cannot be used ends in a
 * {@link ToolReplyException} carrying the raw text. Under the grammar a broken reply
 * means the format was not applied or the reply was cut short (the token limit), and the
 * same request would most likely break again, at the cost of another full generation
 * inside the caller's timeout: the caller decides.
 *
 * <p>
 * Immutable and thread-safe.
 */
public final class ToolCallingProtocol {

	/** The field of a final answer. */
	public static final String ANSWER = "answer";

	/** The field of tool calls. */
	public static final String TOOL_CALLS = "tool_calls";

	private static final ObjectMapper MAPPER = JsonMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
		.build();

	// Where each tool's arguments schema sits inside the format, for its $refs.
	private static final String TOOL_POINTER = "/anyOf/1/properties/tool_calls/items/anyOf/";

	private final List<ToolDefinition> tools;

	private final Map<String, ToolDefinition> toolsByName;

	private final Map<String, Object> formatSchema;

	private final List<String> simplifications;

	private ToolCallingProtocol(List<ToolDefinition> tools) {
		this.tools = List.copyOf(tools);
		if (this.tools.isEmpty()) {
			throw new IllegalArgumentException("At least one tool is needed");
		}
		Map<String, ToolDefinition> byName = new LinkedHashMap<>();
		for (ToolDefinition tool : this.tools) {
			if (byName.put(tool.name(), tool) != null) {
				throw new IllegalArgumentException("Two tools are named '" + tool.name() + "'");
			}
		}
		this.toolsByName = Collections.unmodifiableMap(byName);
		List<String> notes = new ArrayList<>();
		List<Object> calls = new ArrayList<>();
		for (int i = 0; i < this.tools.size(); i++) {
			ToolDefinition tool = this.tools.get(i);
			Map<String, Object> arguments = OllamaSchemaSupport.adapt(tool, TOOL_POINTER + i + "/properties/arguments",
					notes);
			calls
				.add(object(Map.of("name", Map.of("const", tool.name()), "arguments", arguments), "name", "arguments"));
		}
		Map<String, Object> toolCalls = new LinkedHashMap<>();
		toolCalls.put("type", "array");
		toolCalls.put("minItems", 1);
		toolCalls.put("items", Map.of("anyOf", calls));
		this.formatSchema = Map.of("anyOf", List.of(object(Map.of(ANSWER, Map.of("type", "string")), ANSWER),
				object(Map.of(TOOL_CALLS, toolCalls), TOOL_CALLS)));
		this.simplifications = List.copyOf(notes);
	}

	/**
	 * The protocol for these tools; their schemas are checked against what Ollama's
	 * format takes (see {@link OllamaSchemaSupport}).
	 * @param tools the tools, at least one, with distinct names
	 * @return the protocol
	 * @throws UnsupportedSchemaException if a tool's schema cannot be sent to Ollama
	 */
	public static ToolCallingProtocol of(List<ToolDefinition> tools) {
		return new ToolCallingProtocol(Objects.requireNonNull(tools, "tools must not be null"));
	}

	/**
	 * The tools, in the order given.
	 * @return the tools
	 */
	public List<ToolDefinition> tools() {
		return this.tools;
	}

	/**
	 * The simplifications made to the tools' schemas so that Ollama takes them (each one
	 * only loosens a constraint; the tool must check its arguments anyway).
	 * @return one sentence per simplification, empty when none
	 */
	public List<String> simplifications() {
		return this.simplifications;
	}

	/**
	 * The JSON Schema every reply must follow: {@code anyOf} a final answer
	 * {@code {"answer": string}} or {@code {"tool_calls": [call, ...]}} (at least one),
	 * each call {@code anyOf} over the tools of {@code {"name": {"const": name},
	 * "arguments": inputSchema}}; every object requires all its fields and allows no
	 * other.
	 * @return the schema, unmodifiable
	 */
	public Map<String, Object> formatSchema() {
		return this.formatSchema;
	}

	/**
	 * {@link #formatSchema()} as Ollama's {@code format}.
	 * @return the format
	 */
	public ResponseFormat format() {
		return ResponseFormat.schema(this.formatSchema);
	}

	/**
	 * The format of a round that may call no more tools: {@code {"answer": string}} only.
	 * @return the format
	 */
	public static ResponseFormat answerOnlyFormat() {
		return ResponseFormat.schema(object(Map.of(ANSWER, Map.of("type", "string")), ANSWER));
	}

	/**
	 * The system prompt of a round that may call tools.
	 * @param system the application's own system prompt, or {@code null}
	 * @return the system prompt: the application's, then the tools and the protocol
	 */
	public String systemPrompt(@Nullable String system) {
		return systemPrompt(system, true);
	}

	/**
	 * The system prompt of a round.
	 * @param system the application's own system prompt, or {@code null}
	 * @param toolsAllowed whether the round may call tools ({@code false} at the round
	 * limit: the model is told to answer with the results it has)
	 * @return the system prompt
	 */
	public String systemPrompt(@Nullable String system, boolean toolsAllowed) {
		StringBuilder prompt = new StringBuilder();
		if (system != null && !system.isBlank()) {
			prompt.append(system).append("\n\n");
		}
		if (!toolsAllowed) {
			return prompt.append("No more tools can be called. Answer the user now with the tool results you have,")
				.append(" as one JSON object: {\"answer\":\"<your answer>\"}")
				.toString();
		}
		prompt.append("You can call tools to answer. Reply with one JSON object only, in one of two forms:\n")
			.append("{\"tool_calls\":[{\"name\":\"<tool name>\",\"arguments\":{...}}]} to call one or more tools;")
			.append(" their results come back to you in the next message.\n")
			.append("{\"answer\":\"<your answer>\"} to answer the user, once you need no more tool results.\n\n")
			.append("The tools:");
		for (ToolDefinition tool : this.tools) {
			prompt.append("\n- ").append(tool.name());
			if (!tool.description().isBlank()) {
				prompt.append(": ").append(tool.description());
			}
			prompt.append("\n  arguments (JSON Schema): ").append(json(tool.inputSchema()));
		}
		return prompt.toString();
	}

	/**
	 * Renders a conversation as the gateway's single prompt: the chat adapters'
	 * transcript ({@link TranscriptConversationRenderer}: a lone user turn as it is,
	 * otherwise one turn per paragraph), with tool calls as the assistant's turns in the
	 * protocol's own JSON and each tool result a paragraph named after its tool and call.
	 *
	 * <pre>
	 * User: What is the weather where I am?
	 *
	 * Assistant: {"tool_calls":[{"name":"currentCity","arguments":{}}]}
	 *
	 * Tool result (currentCity, call call_1): Paris
	 * </pre>
	 * @param turns the turns, oldest first, at least one
	 * @return the prompt
	 */
	public String renderConversation(List<Turn> turns) {
		if (turns.isEmpty()) {
			throw new IllegalArgumentException("The conversation has no turn");
		}
		if (turns.stream().noneMatch(Turn.ToolResults.class::isInstance)) {
			// No tool results: the transcript itself (tool calls as assistant turns).
			return ConversationRenderer.transcript().render(turns.stream().map(ToolCallingProtocol::chatTurn).toList());
		}
		List<String> paragraphs = new ArrayList<>();
		for (Turn turn : turns) {
			if (turn instanceof Turn.ToolResults results) {
				for (ToolResult result : results.results()) {
					paragraphs
						.add("Tool result (" + result.name() + ", call " + result.callId() + "): " + result.text());
				}
			}
			else {
				paragraphs.add(TranscriptConversationRenderer.paragraph(chatTurn(turn)));
			}
		}
		return String.join(TranscriptConversationRenderer.TURN_SEPARATOR, paragraphs);
	}

	private static ChatTurn chatTurn(Turn turn) {
		if (turn instanceof Turn.User user) {
			return ChatTurn.user(user.text());
		}
		if (turn instanceof Turn.Assistant assistant) {
			return ChatTurn.assistant(assistant.text());
		}
		if (turn instanceof Turn.ToolCalls calls) {
			return ChatTurn.assistant(callsJson(calls.calls()));
		}
		throw new IllegalArgumentException("Tool results are no chat turn");
	}

	/**
	 * A round of this conversation under a limit on the rounds of tool calls per user
	 * turn: what to send, with the tools offered below the limit and an answer required
	 * at it.
	 * @param turns the conversation, oldest first, at least one turn
	 * @param maxRounds the most rounds of tool calls per user turn, at least 0 (0: the
	 * model is never offered a tool)
	 * @return the round
	 */
	public ToolRound round(List<Turn> turns, int maxRounds) {
		return new ToolRound(this, turns, maxRounds);
	}

	/**
	 * How many tool rounds the current user turn has had: the tool-call turns after the
	 * last user turn.
	 * @param turns the conversation
	 * @return the number of rounds
	 */
	public static int toolRounds(List<Turn> turns) {
		int rounds = 0;
		for (Turn turn : turns) {
			if (turn instanceof Turn.User) {
				rounds = 0;
			}
			else if (turn instanceof Turn.ToolCalls) {
				rounds++;
			}
		}
		return rounds;
	}

	/**
	 * A reader of a streamed reply's answer text.
	 * @return a new reader, for one reply
	 */
	public AnswerStreamReader answerReader() {
		return new AnswerStreamReader();
	}

	/**
	 * Parses a reply: a final answer, or calls of offered tools with arguments of the
	 * shape the tool's schema asks for at its top level (an object, its required fields,
	 * no others when it allows none). The grammar enforces the rest on a real Ollama.
	 * @param rawText the reply as the model wrote it
	 * @return the answer or the calls (each with a new id)
	 * @throws ToolReplyException if the reply is not one of the two forms, or calls a
	 * tool that was not offered
	 */
	public ToolReply parse(String rawText) {
		JsonNode reply;
		try {
			reply = MAPPER.readTree(rawText);
		}
		catch (JsonProcessingException ex) {
			throw malformed(rawText, "is not JSON (" + ex.getOriginalMessage() + ")", ex);
		}
		if (reply == null || !reply.isObject() || reply.size() != 1) {
			throw malformed(rawText, "is not an object with either 'answer' or 'tool_calls'", null);
		}
		if (reply.has(ANSWER)) {
			if (!reply.get(ANSWER).isTextual()) {
				throw malformed(rawText, "has an 'answer' that is not a string", null);
			}
			return new ToolReply.Answer(reply.get(ANSWER).asText(), rawText);
		}
		JsonNode calls = reply.get(TOOL_CALLS);
		if (calls == null || !calls.isArray() || calls.isEmpty()) {
			throw malformed(rawText, "is not an object with either 'answer' or a non-empty 'tool_calls' array", null);
		}
		String prefix = "call_" + UUID.randomUUID().toString().substring(0, 8) + "_";
		List<ToolCall> parsed = new ArrayList<>();
		for (JsonNode call : calls) {
			parsed.add(parseCall(call, prefix + (parsed.size() + 1), rawText));
		}
		return new ToolReply.ToolCalls(parsed, rawText);
	}

	private ToolCall parseCall(JsonNode call, String id, String rawText) {
		if (!call.isObject() || call.size() != 2 || !call.path("name").isTextual() || !call.has("arguments")) {
			throw malformed(rawText, "has a tool call that is not {\"name\": ..., \"arguments\": ...}", null);
		}
		String name = call.get("name").asText();
		ToolDefinition tool = this.toolsByName.get(name);
		if (tool == null) {
			throw new ToolReplyException(Problem.UNKNOWN_TOOL, "The model called a tool that was not offered: '" + name
					+ "' (offered: " + this.toolsByName.keySet() + ")", rawText, name, null);
		}
		JsonNode arguments = call.get("arguments");
		checkArguments(tool, arguments, rawText);
		return new ToolCall(id, name, json(arguments));
	}

	private static void checkArguments(ToolDefinition tool, JsonNode arguments, String rawText) {
		Map<String, Object> schema = tool.inputSchema();
		boolean objectSchema = "object".equals(schema.get("type")) || schema.containsKey("properties");
		if (!objectSchema) {
			return;
		}
		if (!arguments.isObject()) {
			throw malformed(rawText, "calls '" + tool.name() + "' with arguments that are not an object", null);
		}
		if (schema.get("required") instanceof List<?> required) {
			for (Object field : required) {
				if (!arguments.has(String.valueOf(field))) {
					throw malformed(rawText,
							"calls '" + tool.name() + "' without its required argument '" + field + "'", null);
				}
			}
		}
		if (Boolean.FALSE.equals(schema.get("additionalProperties"))
				&& schema.get("properties") instanceof Map<?, ?> properties) {
			Set<String> allowed = new HashSet<>();
			properties.keySet().forEach((field) -> allowed.add(String.valueOf(field)));
			for (Iterator<String> fields = arguments.fieldNames(); fields.hasNext();) {
				String field = fields.next();
				if (!allowed.contains(field)) {
					throw malformed(rawText,
							"calls '" + tool.name() + "' with an argument it does not take: '" + field + "'", null);
				}
			}
		}
	}

	private static ToolReplyException malformed(String rawText, String what, @Nullable Throwable cause) {
		return new ToolReplyException(Problem.MALFORMED,
				"The model's reply " + what
						+ "; it breaks the tool-calling format (was it cut short by the token limit?)",
				rawText, null, cause);
	}

	private static String callsJson(List<ToolCall> calls) {
		ObjectNode reply = MAPPER.createObjectNode();
		ArrayNode array = reply.putArray(TOOL_CALLS);
		for (ToolCall call : calls) {
			ObjectNode node = array.addObject().put("name", call.name());
			try {
				node.set("arguments", MAPPER.readTree(call.arguments()));
			}
			catch (JsonProcessingException ex) {
				// Arguments that are not JSON (from a history given by hand): as text.
				node.put("arguments", call.arguments());
			}
		}
		return json(reply);
	}

	private static Map<String, Object> object(Map<String, Object> properties, String... required) {
		Map<String, Object> ordered = new LinkedHashMap<>();
		for (String name : required) {
			ordered.put(name, properties.get(name));
		}
		Map<String, Object> schema = new LinkedHashMap<>();
		schema.put("type", "object");
		schema.put("properties", Collections.unmodifiableMap(ordered));
		schema.put("required", List.of(required));
		schema.put("additionalProperties", false);
		return Collections.unmodifiableMap(schema);
	}

	private static String json(Object value) {
		try {
			return MAPPER.writeValueAsString(value);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("Cannot write JSON", ex);
		}
	}

	@Override
	public String toString() {
		return "ToolCallingProtocol" + this.tools.stream().map(ToolDefinition::name).collect(Collectors.toList());
	}

}
