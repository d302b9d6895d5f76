package io.github.ollamaws.springai;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import io.github.ollamaws.core.ResponseFormat;
import io.github.ollamaws.tools.ToolCall;
import io.github.ollamaws.tools.ToolCallingProtocol;
import io.github.ollamaws.tools.ToolDefinition;
import io.github.ollamaws.tools.ToolReply;
import io.github.ollamaws.tools.ToolResult;
import io.github.ollamaws.tools.ToolRound;
import io.github.ollamaws.tools.Turn;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.model.tool.ToolCallingManager;

/**
 * One generation of a conversation with tools: Spring AI's messages and tool definitions
 * mapped onto the client's {@link ToolCallingProtocol}, the round limit applied, and the
 * round observed.
 */
final class ToolCallingPrompt {

	/** The observation of a generation offered tools. */
	static final String OBSERVATION_NAME = "ollama.ws.chat.tool.round";

	/** What the round ended with: {@code tool_calls}, {@code answer} or {@code error}. */
	static final String OUTCOME = "ollama.ws.tool.round.outcome";

	/** The distinct names of the tools called, sorted, comma-separated; {@code none}. */
	static final String TOOL_NAMES = "gen_ai.tool.names";

	private final ToolRound round;

	private ToolCallingPrompt(ToolRound round) {
		this.round = round;
	}

	/**
	 * The tool-calling prompt of a conversation, if its options offer tools.
	 * @param options the merged options
	 * @param manager resolves the options' tools into definitions
	 * @param conversation the user, assistant and tool messages, oldest first
	 * @return the prompt, or {@code null} when no tool is offered
	 */
	static @Nullable ToolCallingPrompt of(OllamaWsChatOptions options, ToolCallingManager manager,
			List<Message> conversation) {
		List<org.springframework.ai.tool.definition.ToolDefinition> definitions = manager
			.resolveToolDefinitions(options);
		if (definitions.isEmpty()) {
			return null;
		}
		List<ToolDefinition> tools = definitions.stream()
			.map((tool) -> ToolDefinition.of(tool.name(), tool.description(), tool.inputSchema()))
			.toList();
		Integer maxRounds = options.getMaxToolRounds();
		return new ToolCallingPrompt(ToolCallingProtocol.of(tools)
			.round(turns(conversation), (maxRounds != null) ? maxRounds : OllamaWsChatOptions.DEFAULT_MAX_TOOL_ROUNDS));
	}

	private static List<Turn> turns(List<Message> conversation) {
		List<Turn> turns = new ArrayList<>();
		for (Message message : conversation) {
			if (message instanceof AssistantMessage assistant && assistant.hasToolCalls()) {
				turns.add(Turn.toolCalls(assistant.getToolCalls()
					.stream()
					.map((call) -> new ToolCall(call.id(), call.name(), call.arguments()))
					.toList()));
			}
			else if (message instanceof ToolResponseMessage results) {
				turns.add(Turn.toolResults(results.getResponses()
					.stream()
					.map((result) -> new ToolResult(result.id(), result.name(), result.responseData()))
					.toList()));
			}
			else {
				String text = (message.getText() != null) ? message.getText() : "";
				turns.add((message instanceof AssistantMessage) ? Turn.assistant(text) : Turn.user(text));
			}
		}
		return turns;
	}

	ToolCallingProtocol protocol() {
		return this.round.protocol();
	}

	String prompt() {
		return this.round.prompt();
	}

	String system(@Nullable String system) {
		return this.round.systemPrompt(system);
	}

	ResponseFormat format() {
		return this.round.format();
	}

	/**
	 * The observation of this round, not started; its outcome and the names of the tools
	 * called (never their arguments) are added by {@link #outcome}.
	 * @param registry the registry
	 * @return the observation
	 */
	Observation observation(ObservationRegistry registry) {
		return Observation.createNotStarted(OBSERVATION_NAME, registry)
			.contextualName("tool round")
			.lowCardinalityKeyValue(OUTCOME, "error")
			.lowCardinalityKeyValue(TOOL_NAMES, "none");
	}

	static void outcome(Observation observation, ToolReply reply) {
		if (reply instanceof ToolReply.ToolCalls calls) {
			TreeSet<String> names = new TreeSet<>();
			calls.calls().forEach((call) -> names.add(call.name()));
			observation.lowCardinalityKeyValue(KeyValue.of(OUTCOME, "tool_calls"));
			observation.lowCardinalityKeyValue(KeyValue.of(TOOL_NAMES, String.join(",", names)));
		}
		else {
			observation.lowCardinalityKeyValue(KeyValue.of(OUTCOME, "answer"));
		}
	}

	static AssistantMessage toolCallsMessage(ToolReply.ToolCalls reply) {
		return AssistantMessage.builder()
			.content("")
			.toolCalls(reply.calls()
				.stream()
				.map((call) -> new AssistantMessage.ToolCall(call.id(), "function", call.name(), call.arguments()))
				.toList())
			.build();
	}

}
