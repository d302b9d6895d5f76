package io.github.ollamaws.testserver;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * What a scripted model needs to play an agent under the client's tool-calling protocol
 * (docs/tools.md): replies in the protocol's JSON, and the tool results the prompt
 * carries back, read as a model reads them.
 *
 * <pre class="code">
 * ScriptedModel.named("agent").formatReplies((request) -&gt; ToolReplies.toolResults(request.prompt()).isEmpty()
 *         ? ToolReplies.toolCall("currentCity", Map.of()) : ToolReplies.answer("Paris"));
 * </pre>
 */
public final class ToolReplies {

	private static final Pattern RESULT = Pattern.compile("Tool result \\((\\w+), call [^)]+\\): (.*)");

	private ToolReplies() {
	}

	/**
	 * A reply that calls one tool.
	 * @param name the tool's name
	 * @param arguments its arguments
	 * @return {@code {"tool_calls":[{"name":...,"arguments":...}]}}
	 */
	public static String toolCall(String name, Map<String, ?> arguments) {
		return json(Map.of("tool_calls", List.of(Map.of("name", name, "arguments", arguments))));
	}

	/**
	 * A final answer.
	 * @param text the answer's text
	 * @return {@code {"answer":...}}
	 */
	public static String answer(String text) {
		return json(Map.of("answer", text));
	}

	/**
	 * The tool results a prompt carries, one per
	 * {@code Tool result (name, call id): text} paragraph, in order.
	 * @param prompt the prompt
	 * @return the results' texts by tool name; a name seen again is suffixed with the
	 * number of results before it
	 */
	public static Map<String, String> toolResults(String prompt) {
		Map<String, String> results = new LinkedHashMap<>();
		for (String paragraph : prompt.split("\n\n")) {
			Matcher matcher = RESULT.matcher(paragraph);
			if (matcher.matches()) {
				String name = matcher.group(1);
				results.put(results.containsKey(name) ? name + results.size() : name, matcher.group(2));
			}
		}
		return results;
	}

	private static String json(Object value) {
		try {
			return Frames.MAPPER.writeValueAsString(value);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("Cannot write JSON", ex);
		}
	}

}
