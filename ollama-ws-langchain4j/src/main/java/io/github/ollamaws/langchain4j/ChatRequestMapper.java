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
import io.github.ollamaws.client.GenerateRequest;
import io.github.ollamaws.client.GenerationOptions;
import io.github.ollamaws.client.GenerationResult;
import io.github.ollamaws.client.ResponseFormat;
import org.jspecify.annotations.Nullable;

/**
 * Maps LangChain4j's chat requests to the gateway's generate requests and its results
 * back, as the Spring AI adapter maps Spring AI's: system messages to Ollama's
 * {@code system}, the conversation to the prompt through a {@link ConversationRenderer},
 * images on user messages to {@code images}, the parameters to Ollama's names, and the
 * response format to {@code format}. What the gateway cannot carry is refused with an
 * {@link UnsupportedOperationException} before anything is sent.
 */
final class ChatRequestMapper {

	private static final String TOOLS_HINT = ". Tool calling is not supported yet";

	private final ConversationRenderer renderer;

	ChatRequestMapper(ConversationRenderer renderer) {
		this.renderer = Objects.requireNonNull(renderer, "renderer must not be null");
	}

	/**
	 * The generate request a chat request becomes.
	 * @param chatRequest the request, with the model's default parameters already merged
	 * in (as LangChain4j's {@code chat} does)
	 * @return the request
	 * @throws UnsupportedOperationException for tools, or content the gateway cannot
	 * carry
	 * @throws IllegalArgumentException when there is no user or assistant message
	 */
	GenerateRequest toGenerateRequest(ChatRequest chatRequest) {
		ChatRequestParameters parameters = chatRequest.parameters();
		refuseTools(parameters);
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
			else if (message instanceof AiMessage ai) {
				if (ai.hasToolExecutionRequests()) {
					throw toolsUnsupported();
				}
				conversation.add(ChatTurn.assistant(ai.text()));
			}
			else {
				// Tool results and custom messages: Ollama's /api/generate has no place
				// for them.
				throw new UnsupportedOperationException("A " + message.type() + " message cannot be sent through the"
						+ " Ollama WebSocket gateway: it carries Ollama's /api/generate, which takes system, user and"
						+ " assistant text only" + (message.type().name().startsWith("TOOL") ? TOOLS_HINT : ""));
			}
		}
		if (conversation.isEmpty()) {
			throw new IllegalArgumentException("The chat request has no user message");
		}
		GenerateRequest.Builder request = GenerateRequest.builder(this.renderer.render(conversation));
		images.forEach(request::imageBase64);
		request.model(parameters.modelName())
			.system(system.isEmpty() ? null : String.join("\n\n", system))
			.options(modelParameters(parameters))
			.format(format(parameters));
		if (parameters instanceof OllamaWsChatRequestParameters ours) {
			request.keepAlive(ours.keepAlive());
			if (ours.think() instanceof Boolean think) {
				request.think(think);
			}
			else if (ours.think() instanceof String level) {
				request.think(level);
			}
		}
		return request.build();
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
		ChatResponseMetadata.Builder<?> metadata = ChatResponseMetadata.builder()
			.id(result.id())
			.tokenUsage(new TokenUsage(null, result.totalTokens()))
			.finishReason(result.isCancelled() ? FinishReason.OTHER : FinishReason.STOP);
		if (result.model() != null) {
			metadata.modelName(result.model());
		}
		return ChatResponse.builder().aiMessage(AiMessage.from(result.text())).metadata(metadata.build()).build();
	}

	private static String userText(UserMessage user, List<String> images) {
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

	private static void refuseTools(ChatRequestParameters parameters) {
		if ((parameters.toolSpecifications() != null && !parameters.toolSpecifications().isEmpty())
				|| parameters.toolChoice() == ToolChoice.REQUIRED) {
			throw toolsUnsupported();
		}
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

	private static UnsupportedOperationException toolsUnsupported() {
		return new UnsupportedOperationException("Tool calling is not supported through the Ollama WebSocket"
				+ " gateway: it carries Ollama's /api/generate, which has no tools. Remove the tools from the request"
				+ " (AiServices: no tools or tool provider), or use a chat model that talks to Ollama's /api/chat"
				+ " directly");
	}

}
