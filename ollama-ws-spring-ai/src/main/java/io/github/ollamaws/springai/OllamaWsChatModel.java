package io.github.ollamaws.springai;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.github.ollamaws.client.FinishReason;
import io.github.ollamaws.client.GenerateRequest;
import io.github.ollamaws.client.GenerationOptions;
import io.github.ollamaws.client.GenerationResult;
import io.github.ollamaws.client.InvalidRequestException;
import io.github.ollamaws.client.OllamaOperations;
import io.github.ollamaws.client.ResponseFormat;
import io.github.ollamaws.reactive.GenerationChunk;
import io.github.ollamaws.reactive.ReactiveOllamaOperations;
import io.github.ollamaws.reactive.ReactiveOllamaTemplate;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.metadata.ChatGenerationMetadata;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.content.Media;
import org.springframework.ai.model.tool.ToolCallingChatOptions;

/**
 * The Ollama WebSocket gateway as a Spring AI {@link ChatModel} (and so a
 * {@link org.springframework.ai.chat.model.StreamingChatModel}), over an
 * {@link OllamaOperations}: use it with {@code ChatClient} as any Spring AI chat model.
 *
 * <p>
 * The gateway carries Ollama's {@code /api/generate}: one prompt and one system prompt.
 * So:
 * <ul>
 * <li>system messages become Ollama's {@code system} (joined by blank lines);</li>
 * <li>user and assistant messages become the prompt through a {@link ChatPromptRenderer}
 * (a transcript by default);</li>
 * <li>images on user messages become Ollama's {@code images};</li>
 * <li>options map to Ollama's model parameters (temperature, {@code num_predict} for max
 * tokens, ...), see {@link OllamaWsChatOptions};</li>
 * <li>tool calling is refused with an {@link UnsupportedOperationException}: the gateway
 * forwards no tools.</li>
 * </ul>
 *
 * <p>
 * Each response carries the generation's id and model, the finish reason ({@code STOP} or
 * {@code CANCELLED}) and the usage: output tokens as the gateway reports them. Input
 * tokens are unknown (the gateway does not report them): {@code getPromptTokens()} is
 * {@code 0}, as Spring AI needs a number, and {@code getTotalTokens()} is the output
 * tokens; the native usage says {@code inputTokens=unknown}. Streaming publishes each
 * token as a response, then a last response with the metadata; cancelling the
 * subscription stops the generation on the gateway. The generation is observed by the
 * client itself ({@code gen_ai.client.operation}), so this model adds no observation of
 * its own.
 */
public class OllamaWsChatModel implements ChatModel {

	private final OllamaOperations ollama;

	private final ReactiveOllamaOperations reactiveOllama;

	private final OllamaWsChatOptions defaultOptions;

	private final ChatPromptRenderer promptRenderer;

	/**
	 * A chat model over {@code ollama}, with no default options and the transcript
	 * renderer.
	 * @param ollama the client
	 */
	public OllamaWsChatModel(OllamaOperations ollama) {
		this(ollama, new ReactiveOllamaTemplate(ollama), OllamaWsChatOptions.builder().build(),
				new TranscriptChatPromptRenderer());
	}

	/**
	 * A chat model.
	 * @param ollama the client
	 * @param reactiveOllama the client's reactive face, for streaming
	 * @param defaultOptions the options of prompts that set none (a prompt's own options
	 * win)
	 * @param promptRenderer renders a conversation as the gateway's single prompt
	 */
	public OllamaWsChatModel(OllamaOperations ollama, ReactiveOllamaOperations reactiveOllama,
			OllamaWsChatOptions defaultOptions, ChatPromptRenderer promptRenderer) {
		this.ollama = Objects.requireNonNull(ollama, "ollama must not be null");
		this.reactiveOllama = Objects.requireNonNull(reactiveOllama, "reactiveOllama must not be null");
		this.defaultOptions = Objects.requireNonNull(defaultOptions, "defaultOptions must not be null");
		this.promptRenderer = Objects.requireNonNull(promptRenderer, "promptRenderer must not be null");
	}

	@Override
	public ChatResponse call(Prompt prompt) {
		return finalResponse(this.ollama.generate(toRequest(prompt)), true);
	}

	@Override
	public Flux<ChatResponse> stream(Prompt prompt) {
		GenerateRequest request = toRequest(prompt);
		return this.reactiveOllama.stream(request)
			.map((chunk) -> (chunk.result() != null) ? finalResponse(chunk.result(), false) : tokenResponse(chunk));
	}

	/**
	 * The options of prompts that set none, as {@link OllamaWsChatOptions}:
	 * {@code ChatClient} starts each request's options from these, so Ollama-only options
	 * and native structured output reach the model.
	 * @return the default options
	 */
	@Override
	public OllamaWsChatOptions getOptions() {
		return this.defaultOptions;
	}

	@Override
	public OllamaWsChatOptions getDefaultOptions() {
		return this.defaultOptions;
	}

	/**
	 * The request a prompt becomes.
	 * @param prompt the prompt
	 * @return the request, with the options of the prompt over the defaults
	 * @throws UnsupportedOperationException for tools, or for media the gateway cannot
	 * carry
	 */
	GenerateRequest toRequest(Prompt prompt) {
		OllamaWsChatOptions options = merge(prompt.getOptions());
		List<Message> conversation = new ArrayList<>();
		List<String> system = new ArrayList<>();
		List<byte[]> images = new ArrayList<>();
		for (Message message : prompt.getInstructions()) {
			switch (message.getMessageType()) {
				case SYSTEM -> system.add(message.getText());
				case USER -> {
					conversation.add(message);
					((UserMessage) message).getMedia().forEach((media) -> images.add(imageBytes(media)));
				}
				case ASSISTANT -> {
					if (message instanceof AssistantMessage assistant && assistant.hasToolCalls()) {
						throw toolsUnsupported();
					}
					conversation.add(message);
				}
				case TOOL -> throw toolsUnsupported();
			}
		}
		if (conversation.isEmpty()) {
			throw new InvalidRequestException("The prompt has no user message");
		}
		GenerateRequest.Builder request = GenerateRequest.builder(this.promptRenderer.render(conversation));
		images.forEach(request::image);
		request.model(options.getModel())
			.system(system.isEmpty() ? null : String.join("\n\n", system))
			.options(modelParameters(options))
			.format(format(options))
			.keepAlive(options.getKeepAlive());
		if (options.getThink() instanceof Boolean think) {
			request.think(think);
		}
		else if (options.getThink() instanceof String level) {
			request.think(level);
		}
		return request.build();
	}

	private OllamaWsChatOptions merge(@Nullable ChatOptions promptOptions) {
		if (promptOptions == null) {
			return this.defaultOptions;
		}
		if (promptOptions instanceof ToolCallingChatOptions tools && tools.getToolCallbacks() != null
				&& !tools.getToolCallbacks().isEmpty()) {
			throw toolsUnsupported();
		}
		OllamaWsChatOptions.Builder merged = this.defaultOptions.mutate();
		if (promptOptions instanceof OllamaWsChatOptions ours) {
			return merged.combineWith(ours.mutate()).build();
		}
		// Another model's options (or Spring AI's defaults): their portable part.
		return merged.combineWith(promptOptions.mutate()).build();
	}

	private static GenerationOptions modelParameters(OllamaWsChatOptions options) {
		GenerationOptions.Builder parameters = GenerationOptions.builder();
		options.getOllamaOptions().forEach(parameters::option);
		if (options.getTemperature() != null) {
			parameters.temperature(options.getTemperature());
		}
		if (options.getMaxTokens() != null) {
			parameters.maxTokens(options.getMaxTokens());
		}
		if (options.getTopP() != null) {
			parameters.topP(options.getTopP());
		}
		if (options.getTopK() != null) {
			parameters.topK(options.getTopK());
		}
		if (options.getStopSequences() != null && !options.getStopSequences().isEmpty()) {
			parameters.stop(options.getStopSequences());
		}
		if (options.getPresencePenalty() != null) {
			parameters.presencePenalty(options.getPresencePenalty());
		}
		if (options.getFrequencyPenalty() != null) {
			parameters.frequencyPenalty(options.getFrequencyPenalty());
		}
		return parameters.build();
	}

	private static @Nullable ResponseFormat format(OllamaWsChatOptions options) {
		if (options.getOutputSchema() != null && !options.getOutputSchema().isBlank()) {
			return ResponseFormat.schema(options.getOutputSchema());
		}
		return options.isJsonMode() ? ResponseFormat.json() : null;
	}

	private static byte[] imageBytes(Media media) {
		if (!(media.getData() instanceof byte[] bytes)) {
			throw new UnsupportedOperationException("Only images given as bytes or resources can be sent through"
					+ " the Ollama WebSocket gateway (Ollama takes Base64 images), not a URL: " + media.getData());
		}
		return bytes;
	}

	private static UnsupportedOperationException toolsUnsupported() {
		return new UnsupportedOperationException("Tool calling is not supported through the Ollama WebSocket"
				+ " gateway: it carries Ollama's /api/generate, which has no tools. Remove the tools from the prompt,"
				+ " or use a chat model that talks to Ollama's /api/chat directly");
	}

	private static ChatResponse tokenResponse(GenerationChunk chunk) {
		return new ChatResponse(List.of(new Generation(new AssistantMessage(chunk.token()))));
	}

	private static ChatResponse finalResponse(GenerationResult result, boolean withText) {
		String finishReason = (result.finishReason() == FinishReason.CANCELLED) ? "CANCELLED" : "STOP";
		AssistantMessage message = new AssistantMessage(withText ? result.text() : "");
		ChatGenerationMetadata generationMetadata = ChatGenerationMetadata.builder().finishReason(finishReason).build();
		ChatResponseMetadata metadata = ChatResponseMetadata.builder()
			.id(result.id())
			.model((result.model() != null) ? result.model() : "")
			.usage(new GatewayUsage(result.totalTokens()))
			.keyValue("elapsed", result.elapsed())
			.keyValue("time-to-first-token", result.timeToFirstToken())
			.build();
		return new ChatResponse(List.of(new Generation(message, generationMetadata)), metadata);
	}

	@Override
	public String toString() {
		return "OllamaWsChatModel[defaultOptions=" + this.defaultOptions + "]";
	}

}
