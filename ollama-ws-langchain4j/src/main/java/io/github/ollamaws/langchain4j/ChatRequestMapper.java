package io.github.ollamaws.langchain4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.langchain4j.data.image.Image;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.internal.JsonSchemaElementUtils;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.ToolChoice;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.ChatResponseMetadata;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import io.github.ollamaws.chat.ChatTurn;
import io.github.ollamaws.chat.CommonChatParameters;
import io.github.ollamaws.chat.ConversationRenderer;
import io.github.ollamaws.core.GenerateRequest;
import io.github.ollamaws.core.GenerationOptions;
import io.github.ollamaws.core.GenerationResult;
import io.github.ollamaws.core.ResponseFormat;
import io.github.ollamaws.tools.ToolCallingProtocol;
import io.github.ollamaws.tools.ToolReply;
import io.github.ollamaws.tools.ToolRound;
import org.jspecify.annotations.Nullable;

/**
 * Maps LangChain4j's chat requests to the gateway's generate requests and its results
 * back, as the Spring AI adapter maps Spring AI's: system messages to Ollama's
 * {@code system}, the conversation to the prompt through a {@link ConversationRenderer},
 * images on user messages to {@code images}, the parameters to Ollama's names, and the
 * response format to {@code format}; tools through the client's tool-calling protocol
 * (see {@link ToolCallingMapping}). What the gateway cannot carry is refused with an
 * {@link UnsupportedOperationException} before anything is sent.
 */
final class ChatRequestMapper {

	private final ConversationRenderer renderer;

	ChatRequestMapper(ConversationRenderer renderer) {
		this.renderer = Objects.requireNonNull(renderer, "renderer must not be null");
	}

	/**
	 * The generate request a chat request becomes, and the tool-calling protocol its
	 * reply is parsed with when it offers tools.
	 * @param chatRequest the request, with the model's default parameters already merged
	 * in (as LangChain4j's {@code chat} does)
	 * @return the request and its protocol
	 * @throws UnsupportedOperationException for content the gateway cannot carry, tool
	 * calls or results without tools, or {@link ToolChoice#REQUIRED}
	 * @throws IllegalArgumentException when there is no user or assistant message
	 */
	MappedRequest map(ChatRequest chatRequest) {
		ChatRequestParameters parameters = chatRequest.parameters();
		ToolRound tools = ToolCallingMapping.round(parameters, chatRequest.messages());
		List<ChatTurn> conversation = new ArrayList<>();
		List<String> system = new ArrayList<>();
		List<String> images = new ArrayList<>();
		for (ChatMessage message : chatRequest.messages()) {
			if (message instanceof SystemMessage systemMessage) {
				system.add(systemMessage.text());
			}
			else if (message instanceof UserMessage user) {
				conversation.add(ChatTurn.user(userText(user, images)));
			}
			else if (message instanceof AiMessage ai && !ai.hasToolExecutionRequests()) {
				conversation.add(ChatTurn.assistant(ai.text()));
			}
			else if (ToolCallingMapping.isToolMessage(message)) {
				if (tools == null) {
					throw new UnsupportedOperationException("The chat request has tool calls or tool results but"
							+ " offers no tools: pass the same tool specifications with the conversation that used"
							+ " them");
				}
			}
			else {
				// Custom messages: Ollama's /api/generate has no place for them.
				throw new UnsupportedOperationException("A " + message.type() + " message cannot be sent through the"
						+ " Ollama WebSocket gateway: it carries Ollama's /api/generate, which takes system, user and"
						+ " assistant text only");
			}
		}
		if (conversation.isEmpty()) {
			throw new IllegalArgumentException("The chat request has no user message");
		}
		String systemText = system.isEmpty() ? null : String.join("\n\n", system);
		GenerateRequest.Builder request = GenerateRequest
			.builder((tools != null) ? tools.prompt() : this.renderer.render(conversation));
		images.forEach(request::imageBase64);
		request.model(parameters.modelName())
			.system((tools != null) ? tools.systemPrompt(systemText) : systemText)
			.options(modelParameters(parameters))
			.format((tools != null) ? tools.format() : format(parameters));
		if (parameters instanceof OllamaWsChatRequestParameters ours) {
			request.keepAlive(ours.keepAlive());
			if (ours.think() instanceof Boolean think) {
				request.think(think);
			}
			else if (ours.think() instanceof String level) {
				request.think(level);
			}
		}
		return new MappedRequest(request.build(), (tools != null) ? tools.protocol() : null);
	}

	/**
	 * The response a result becomes: its text, the generation's id and model, the token
	 * usage as the gateway reports it (output tokens; input tokens unknown, so
	 * {@code null}) and the finish reason ({@code STOP}, or {@code OTHER} for a
	 * generation the gateway cancelled).
	 * @param result the result
	 * @return the response
	 */
	static ChatResponse toChatResponse(GenerationResult result) {
		return toChatResponse(result, AiMessage.from(result.text()), null);
	}

	/**
	 * The response a result of a request with tools becomes: the reply parsed, tool calls
	 * as the {@link AiMessage}'s tool execution requests with the finish reason
	 * {@code TOOL_EXECUTION}, an answer as its text.
	 * @param result the result
	 * @param protocol the request's protocol
	 * @param rawText the reply as the model wrote it
	 * @return the response
	 * @throws io.github.ollamaws.tools.ToolReplyException if the reply cannot be used
	 */
	static ChatResponse toChatResponse(GenerationResult result, ToolCallingProtocol protocol, String rawText) {
		ToolReply reply = protocol.parse(rawText);
		if (reply instanceof ToolReply.ToolCalls calls) {
			return toChatResponse(result, ToolCallingMapping.toolExecutionRequests(calls), FinishReason.TOOL_EXECUTION);
		}
		return toChatResponse(result, AiMessage.from(((ToolReply.Answer) reply).text()), null);
	}

	private static ChatResponse toChatResponse(GenerationResult result, AiMessage message,
			@Nullable FinishReason finishReason) {
		FinishReason reason = (finishReason != null) ? finishReason
				: (result.isCancelled() ? FinishReason.OTHER : FinishReason.STOP);
		ChatResponseMetadata.Builder<?> metadata = ChatResponseMetadata.builder()
			.id(result.id())
			.tokenUsage(new TokenUsage(null, result.totalTokens()))
			.finishReason(reason);
		if (result.model() != null) {
			metadata.modelName(result.model());
		}
		return ChatResponse.builder().aiMessage(message).metadata(metadata.build()).build();
	}

	static String userText(UserMessage user, List<String> images) {
		List<String> texts = new ArrayList<>();
		for (Content content : user.contents()) {
			if (content instanceof TextContent text) {
				texts.add(text.text());
			}
			else if (content instanceof ImageContent image) {
				images.add(imageBase64(image.image()));
			}
			else {
				throw new UnsupportedOperationException("Content of type " + content.type() + " cannot be sent through"
						+ " the Ollama WebSocket gateway: Ollama takes text and images only");
			}
		}
		// As langchain4j-ollama joins the texts of one message.
		return String.join("\n", texts);
	}

	private static String imageBase64(Image image) {
		if (image.base64Data() == null) {
			throw new UnsupportedOperationException("Only images given as Base64 data can be sent through the Ollama"
					+ " WebSocket gateway (Ollama takes Base64 images), not a URL: " + image.url());
		}
		return image.base64Data();
	}

	private static GenerationOptions modelParameters(ChatRequestParameters parameters) {
		Map<String, Object> ollamaOptions = (parameters instanceof OllamaWsChatRequestParameters ours)
				? ours.ollamaOptions() : Map.of();
		return new CommonChatParameters(parameters.temperature(), parameters.maxOutputTokens(), parameters.topP(),
				parameters.topK(), parameters.stopSequences(), parameters.presencePenalty(),
				parameters.frequencyPenalty())
			.toGenerationOptions(ollamaOptions);
	}

	private static @Nullable ResponseFormat format(ChatRequestParameters parameters) {
		dev.langchain4j.model.chat.request.ResponseFormat format = parameters.responseFormat();
		if (format == null || format.type() != ResponseFormatType.JSON) {
			return null;
		}
		if (format.jsonSchema() == null) {
			return ResponseFormat.json();
		}
		// The schema as langchain4j-ollama sends it as Ollama's format.
		return ResponseFormat.schema(JsonSchemaElementUtils.toMap(format.jsonSchema().rootElement()));
	}

	/**
	 * A generate request and, when it offers tools, the protocol of its reply.
	 *
	 * @param request the request
	 * @param tools the protocol to parse the reply with, or {@code null} without tools
	 */
	record MappedRequest(GenerateRequest request, @Nullable ToolCallingProtocol tools) {
	}

}
