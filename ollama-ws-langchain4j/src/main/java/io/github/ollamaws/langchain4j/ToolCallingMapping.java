package io.github.ollamaws.langchain4j;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.internal.JsonSchemaElementUtils;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.ToolChoice;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import io.github.ollamaws.tools.ToolCall;
import io.github.ollamaws.tools.ToolCallingProtocol;
import io.github.ollamaws.tools.ToolDefinition;
import io.github.ollamaws.tools.ToolReply;
import io.github.ollamaws.tools.ToolResult;
import io.github.ollamaws.tools.ToolRound;
import io.github.ollamaws.tools.Turn;
import org.jspecify.annotations.Nullable;

/**
 * LangChain4j's tools and messages mapped onto the client's {@link ToolCallingProtocol}:
 * the {@link ToolSpecification}s to {@link ToolDefinition}s, the messages to
 * {@link Turn}s, the round limit applied as the Spring AI adapter applies it, and the
 * parsed calls back to {@link ToolExecutionRequest}s. LangChain4j runs the tools
 * ({@code AiServices}) and sends their results back as
 * {@link ToolExecutionResultMessage}s, which become the next prompt's transcript.
 */
final class ToolCallingMapping {

	private ToolCallingMapping() {
	}

	/**
	 * The tool-calling round of a request, if it offers tools.
	 * @param parameters the merged parameters
	 * @param messages the request's messages
	 * @return the round, or {@code null} when no tool is offered
	 * @throws UnsupportedOperationException for {@link ToolChoice#REQUIRED} or a JSON
	 * response format with tools
	 */
	static @Nullable ToolRound round(ChatRequestParameters parameters, List<ChatMessage> messages) {
		List<ToolSpecification> specifications = parameters.toolSpecifications();
		if (specifications == null || specifications.isEmpty()) {
			if (parameters.toolChoice() == ToolChoice.REQUIRED) {
				throw new UnsupportedOperationException("ToolChoice.REQUIRED needs tools: the request offers none");
			}
			return null;
		}
		if (parameters.toolChoice() == ToolChoice.REQUIRED) {
			// The protocol's format lets the model choose between calls and an answer.
			throw new UnsupportedOperationException("ToolChoice.REQUIRED is not supported through the Ollama"
					+ " WebSocket gateway: its tool calling lets the model choose between calling tools and"
					+ " answering (ToolChoice.AUTO). Leave the tool choice unset, or AUTO");
		}
		if (parameters.responseFormat() != null && parameters.responseFormat().type() == ResponseFormatType.JSON) {
			throw new UnsupportedOperationException("A JSON response format cannot be combined with tools through"
					+ " the Ollama WebSocket gateway: Ollama's format then holds the tool-calling schema, so the"
					+ " answer's own schema would not be enforced. Return text from a method with tools, or call"
					+ " the tools and the structured output in separate requests");
		}
		List<ToolDefinition> tools = specifications.stream().map(ToolCallingMapping::toolDefinition).toList();
		Integer maxRounds = (parameters instanceof OllamaWsChatRequestParameters ours) ? ours.maxToolRounds() : null;
		if (parameters.toolChoice() == ToolChoice.NONE) {
			// The tools are for the conversation's earlier calls: the model must answer.
			maxRounds = 0;
		}
		return ToolCallingProtocol.of(tools)
			.round(turns(messages),
					(maxRounds != null) ? maxRounds : OllamaWsChatRequestParameters.DEFAULT_MAX_TOOL_ROUNDS);
	}

	/**
	 * A tool specification as the protocol's tool definition, its parameters as the JSON
	 * Schema langchain4j-ollama sends as an Ollama tool's parameters: an object with the
	 * properties (through LangChain4j's own {@link JsonSchemaElementUtils}) and the
	 * required ones; plus the definitions, so that references to them resolve; no
	 * parameters is an object without properties.
	 * @param specification the specification
	 * @return the definition
	 */
	static ToolDefinition toolDefinition(ToolSpecification specification) {
		Map<String, Object> schema = new LinkedHashMap<>();
		schema.put("type", "object");
		JsonObjectSchema parameters = specification.parameters();
		schema.put("properties",
				(parameters != null) ? JsonSchemaElementUtils.toMap(parameters.properties()) : Map.of());
		if (parameters != null && parameters.required() != null && !parameters.required().isEmpty()) {
			schema.put("required", parameters.required());
		}
		if (parameters != null && parameters.additionalProperties() != null) {
			schema.put("additionalProperties", parameters.additionalProperties());
		}
		if (parameters != null && parameters.definitions() != null && !parameters.definitions().isEmpty()) {
			schema.put("$defs", JsonSchemaElementUtils.toMap(parameters.definitions()));
		}
		return new ToolDefinition(specification.name(),
				(specification.description() != null) ? specification.description() : "", schema);
	}

	/**
	 * Whether a message is part of tool calling: an AI message with tool execution
	 * requests, or a tool's result.
	 * @param message the message
	 * @return whether it is
	 */
	static boolean isToolMessage(ChatMessage message) {
		return (message instanceof AiMessage ai && ai.hasToolExecutionRequests())
				|| message instanceof ToolExecutionResultMessage;
	}

	private static List<Turn> turns(List<ChatMessage> messages) {
		List<Turn> turns = new ArrayList<>();
		for (ChatMessage message : messages) {
			if (message instanceof AiMessage ai && ai.hasToolExecutionRequests()) {
				turns.add(Turn.toolCalls(ai.toolExecutionRequests()
					.stream()
					.map((request) -> new ToolCall(orEmpty(request.id()), request.name(), orEmpty(request.arguments())))
					.toList()));
			}
			else if (message instanceof AiMessage ai) {
				turns.add(Turn.assistant(orEmpty(ai.text())));
			}
			else if (message instanceof ToolExecutionResultMessage result) {
				turns.add(Turn.toolResults(
						List.of(new ToolResult(orEmpty(result.id()), result.toolName(), orEmpty(result.text())))));
			}
			else if (message instanceof UserMessage user) {
				// Its text only: its images go to Ollama's images, as without tools.
				turns.add(Turn.user(ChatRequestMapper.userText(user, new ArrayList<>())));
			}
			// System messages go to the system prompt; the mapper refuses the others.
		}
		return turns;
	}

	static AiMessage toolExecutionRequests(ToolReply.ToolCalls reply) {
		return AiMessage.from(reply.calls()
			.stream()
			.map((call) -> ToolExecutionRequest.builder()
				.id(call.id())
				.name(call.name())
				.arguments(call.arguments())
				.build())
			.toList());
	}

	private static String orEmpty(@Nullable String text) {
		return (text != null) ? text : "";
	}

}
