package io.github.ollamaws.springai;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.github.ollamaws.chat.CommonChatParameters;
import io.github.ollamaws.client.OllamaOperations;
import io.github.ollamaws.core.FinishReason;
import io.github.ollamaws.core.GenerateRequest;
import io.github.ollamaws.core.GenerationOptions;
import io.github.ollamaws.core.GenerationResult;
import io.github.ollamaws.core.InvalidRequestException;
import io.github.ollamaws.core.ResponseFormat;
import io.github.ollamaws.reactive.ReactiveOllamaOperations;
import io.github.ollamaws.reactive.ReactiveOllamaTemplate;
import io.github.ollamaws.tools.AnswerStreamReader;
import io.github.ollamaws.tools.ToolReply;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.MessageType;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.metadata.ChatGenerationMetadata;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.content.Media;
import org.springframework.ai.model.tool.ToolCallingManager;

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
 * <li>tools (a {@code ChatClient}'s {@code @Tool} methods and tool callbacks, resolved
 * through the {@link ToolCallingManager}) are offered through the system prompt and
 * Ollama's {@code format}, which constrains the reply to a final answer or well-formed
 * calls of the offered tools (the client's {@code io.github.ollamaws.tools}, see
 * docs/tools.md).</li>
 * </ul>
 *
 * <p>
 * Tool calling works as Spring AI 2.0's own {@code OllamaChatModel}: a reply that calls
 * tools is an {@link AssistantMessage} with its tool calls, and the loop (running the
 * tools, sending their results back, {@code returnDirect}, the tool-call limits) is the
 * {@code ToolCallingAdvisor} that {@code ChatClient} registers by default. With the
 * advisor off ({@code AdvisorParams.toolCallingAdvisorAutoRegister(false)}), or calling
 * this model directly, the caller gets the tool calls and runs them itself. Tool calls
 * and tool results in the prompt become the transcript of the next prompt. After
 * {@link OllamaWsChatOptions#getMaxToolRounds()} rounds of calls since the last user
 * message, the model is offered no tool and must answer. A reply that cannot be used (not
 * JSON, the wrong shape, a tool that was not offered) ends in a
 * {@link io.github.ollamaws.tools.ToolReplyException} with the raw text; it is not
 * retried. Streaming: the final answer's text streams as it is decoded from the reply's
 * JSON; a round that calls tools streams nothing, then one response with the calls. Each
 * generation offered tools is observed as {@code ollama.ws.chat.tool.round} (outcome and
 * the names of the tools called, never their arguments) beside the client's own
 * observation of the generation (its parent, for {@code call}).
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

	private final ToolCallingManager toolCallingManager;

	private final ObservationRegistry observationRegistry;

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
		this(ollama, reactiveOllama, defaultOptions, promptRenderer, ToolCallingManager.builder().build(),
				ObservationRegistry.NOOP);
	}

	/**
	 * A chat model that offers tools.
	 * @param ollama the client
	 * @param reactiveOllama the client's reactive face, for streaming
	 * @param defaultOptions the options of prompts that set none (a prompt's own options
	 * win)
	 * @param promptRenderer renders a conversation without tools as the gateway's single
	 * prompt
	 * @param toolCallingManager resolves the tools of the options into their definitions
	 * @param observationRegistry observes each generation offered tools
	 */
	public OllamaWsChatModel(OllamaOperations ollama, ReactiveOllamaOperations reactiveOllama,
			OllamaWsChatOptions defaultOptions, ChatPromptRenderer promptRenderer,
			ToolCallingManager toolCallingManager, ObservationRegistry observationRegistry) {
		this.toolCallingManager = Objects.requireNonNull(toolCallingManager, "toolCallingManager must not be null");
		this.observationRegistry = Objects.requireNonNull(observationRegistry, "observationRegistry must not be null");
		this.ollama = Objects.requireNonNull(ollama, "ollama must not be null");
		this.reactiveOllama = Objects.requireNonNull(reactiveOllama, "reactiveOllama must not be null");
		this.defaultOptions = Objects.requireNonNull(defaultOptions, "defaultOptions must not be null");
		this.promptRenderer = Objects.requireNonNull(promptRenderer, "promptRenderer must not be null");
	}

	@Override
	public ChatResponse call(Prompt prompt) {
		OllamaWsChatOptions options = merge(prompt.getOptions());
		ToolCallingPrompt tools = ToolCallingPrompt.of(options, this.toolCallingManager, conversation(prompt));
		GenerateRequest request = toRequest(prompt, options, tools);
		if (tools == null) {
			return finalResponse(this.ollama.generate(request), true);
		}
		Observation observation = tools.observation(this.observationRegistry);
		return observation.observe(() -> {
			GenerationResult result = this.ollama.generate(request);
			ToolReply reply = tools.protocol().parse(result.text());
			ToolCallingPrompt.outcome(observation, reply);
			return toolReplyResponse(result, reply, true);
		});
	}

	@Override
	public Flux<ChatResponse> stream(Prompt prompt) {
		OllamaWsChatOptions options = merge(prompt.getOptions());
		ToolCallingPrompt tools = ToolCallingPrompt.of(options, this.toolCallingManager, conversation(prompt));
		GenerateRequest request = toRequest(prompt, options, tools);
		if (tools == null) {
			return this.reactiveOllama.stream(request)
				.map((chunk) -> (chunk.result() != null) ? finalResponse(chunk.result(), false)
						: tokenResponse(chunk.token()));
		}
		return Flux.defer(() -> {
			// Only the answer's decoded text streams; a round of tool calls ends in one
			// response with the calls.
			AnswerStreamReader reader = tools.protocol().answerReader();
			Observation observation = tools.observation(this.observationRegistry).start();
			return this.reactiveOllama.stream(request).<ChatResponse>handle((chunk, sink) -> {
				GenerationResult result = chunk.result();
				if (result == null) {
					String text = reader.next(Objects.requireNonNull(chunk.token()));
					if (!text.isEmpty()) {
						sink.next(tokenResponse(text));
					}
					return;
				}
				ToolReply reply = tools.protocol().parse(reader.rawText());
				ToolCallingPrompt.outcome(observation, reply);
				sink.next(toolReplyResponse(result, reply, false));
			}).doOnError(observation::error).doFinally((signal) -> observation.stop());
		});
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
	 * @throws UnsupportedOperationException for media the gateway cannot carry
	 * @throws IllegalArgumentException for tool calls or results without tools, or no
	 * user message
	 */
	GenerateRequest toRequest(Prompt prompt) {
		OllamaWsChatOptions options = merge(prompt.getOptions());
		return toRequest(prompt, options, ToolCallingPrompt.of(options, this.toolCallingManager, conversation(prompt)));
	}

	private static List<Message> conversation(Prompt prompt) {
		return prompt.getInstructions()
			.stream()
			.filter((message) -> message.getMessageType() != MessageType.SYSTEM)
			.toList();
	}

	private GenerateRequest toRequest(Prompt prompt, OllamaWsChatOptions options, @Nullable ToolCallingPrompt tools) {
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
					if (tools == null && message instanceof AssistantMessage assistant && assistant.hasToolCalls()) {
						throw noTools();
					}
					conversation.add(message);
				}
				case TOOL -> {
					if (tools == null) {
						throw noTools();
					}
					conversation.add(message);
				}
			}
		}
		if (conversation.isEmpty()) {
			throw new InvalidRequestException("The prompt has no user message");
		}
		String systemText = system.isEmpty() ? null : String.join("\n\n", system);
		GenerateRequest.Builder request = GenerateRequest
			.builder((tools != null) ? tools.prompt() : this.promptRenderer.render(conversation));
		images.forEach(request::image);
		request.model(options.getModel())
			.system((tools != null) ? tools.system(systemText) : systemText)
			.options(modelParameters(options))
			.format((tools != null) ? tools.format() : format(options))
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
		OllamaWsChatOptions.Builder merged = this.defaultOptions.mutate();
		if (promptOptions instanceof OllamaWsChatOptions ours) {
			return merged.combineWith(ours.mutate()).build();
		}
		// Another model's options (or Spring AI's defaults): their portable part.
		return merged.combineWith(promptOptions.mutate()).build();
	}

	private static GenerationOptions modelParameters(OllamaWsChatOptions options) {
		return new CommonChatParameters(options.getTemperature(), options.getMaxTokens(), options.getTopP(),
				options.getTopK(), options.getStopSequences(), options.getPresencePenalty(),
				options.getFrequencyPenalty())
			.toGenerationOptions(options.getOllamaOptions());
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

	private static IllegalArgumentException noTools() {
		return new IllegalArgumentException("The prompt has tool calls or tool results but offers no tools:"
				+ " pass the same tools (tool callbacks) with the conversation that used them");
	}

	private static ChatResponse tokenResponse(@Nullable String text) {
		return new ChatResponse(List.of(new Generation(new AssistantMessage(text))));
	}

	private static ChatResponse finalResponse(GenerationResult result, boolean withText) {
		return response(result, new AssistantMessage(withText ? result.text() : ""), null);
	}

	private static ChatResponse toolReplyResponse(GenerationResult result, ToolReply reply, boolean withText) {
		if (reply instanceof ToolReply.ToolCalls calls) {
			return response(result, ToolCallingPrompt.toolCallsMessage(calls), "TOOL_CALLS");
		}
		return response(result, new AssistantMessage(withText ? ((ToolReply.Answer) reply).text() : ""), null);
	}

	private static ChatResponse response(GenerationResult result, AssistantMessage message,
			@Nullable String toolCalls) {
		String finishReason = (result.finishReason() == FinishReason.CANCELLED) ? "CANCELLED" : "STOP";
		if (toolCalls != null) {
			finishReason = toolCalls;
		}
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
