package io.github.ollamaws.langchain4j;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import io.github.ollamaws.client.OllamaOperations;
import io.github.ollamaws.core.GenerationResult;

/**
 * The Ollama WebSocket gateway as a LangChain4j {@link ChatModel}, over an
 * {@link OllamaOperations} (an {@code OllamaTemplate}): use it with {@code AiServices},
 * chat memory and structured outputs as any LangChain4j chat model.
 *
 * <pre>{@code
 * ChatModel model = OllamaWsLangChain4jChatModel.builder(ollamaTemplate)
 *     .defaultRequestParameters(OllamaWsChatRequestParameters.builder().modelName("llama3").build())
 *     .build();
 * Assistant assistant = AiServices.create(Assistant.class, model);
 * }</pre>
 *
 * <p>
 * The gateway carries Ollama's {@code /api/generate}: one prompt and one system prompt.
 * So system messages become Ollama's {@code system}; user and assistant messages become
 * the prompt through a {@link io.github.ollamaws.chat.ConversationRenderer} (a transcript
 * by default); images on user messages become Ollama's {@code images}; the parameters map
 * to Ollama's model parameters ({@code num_predict} for max output tokens, ...); a JSON
 * or JSON Schema response format becomes Ollama's {@code format}.
 *
 * <p>
 * Tools ({@code AiServices} {@code @Tool} methods, tool specifications in the request)
 * are offered through the system prompt and Ollama's {@code format}, which constrains the
 * reply to a final answer or well-formed calls of the offered tools (the client's
 * {@code io.github.ollamaws.tools}, see docs/tools.md). A reply that calls tools is an
 * {@link dev.langchain4j.data.message.AiMessage} with its tool execution requests and the
 * finish reason {@code TOOL_EXECUTION}; {@code AiServices} runs them and sends their
 * results back, which become the next prompt's transcript. After
 * {@link OllamaWsChatRequestParameters#maxToolRounds()} rounds of calls since the last
 * user message, the model is offered no tool and must answer. A reply that cannot be used
 * (not JSON, the wrong shape, a tool that was not offered) ends in a
 * {@link io.github.ollamaws.tools.ToolReplyException} with the raw text; it is not
 * retried. {@code ToolChoice.REQUIRED}, and a JSON response format together with tools,
 * are refused with an {@link UnsupportedOperationException}.
 *
 * <p>
 * Each response carries the generation's id and model, the finish reason and the token
 * usage as the gateway reports it: output tokens only (the input tokens are unknown, so
 * {@code null}). Failures are the client's typed exceptions
 * ({@code ModelNotFoundException}, {@code ConnectionLostException}, ...). The generation
 * is observed by the client itself ({@code gen_ai.client.operation}); LangChain4j's
 * {@link dev.langchain4j.model.chat.listener.ChatModelListener}s are called as for any
 * LangChain4j model. Thread-safe.
 */
public class OllamaWsLangChain4jChatModel extends OllamaWsLangChain4jModel implements ChatModel {

	OllamaWsLangChain4jChatModel(Builder builder) {
		super(builder);
	}

	/**
	 * A builder of a chat model over {@code ollama}.
	 * @param ollama the client, for example an {@code OllamaTemplate}
	 * @return a new builder
	 */
	public static Builder builder(OllamaOperations ollama) {
		return new Builder(ollama);
	}

	@Override
	public ChatResponse doChat(ChatRequest chatRequest) {
		ChatRequestMapper.MappedRequest mapped = this.mapper.map(chatRequest);
		GenerationResult result = this.ollama.generate(mapped.request());
		return (mapped.tools() != null) ? ChatRequestMapper.toChatResponse(result, mapped.tools(), result.text())
				: ChatRequestMapper.toChatResponse(result);
	}

	/**
	 * Builds an {@link OllamaWsLangChain4jChatModel}.
	 */
	public static final class Builder extends OllamaWsLangChain4jModel.Builder<Builder> {

		Builder(OllamaOperations ollama) {
			super(ollama);
		}

		/**
		 * The chat model.
		 * @return the model
		 */
		public OllamaWsLangChain4jChatModel build() {
			return new OllamaWsLangChain4jChatModel(this);
		}

	}

}
