package io.github.ollamaws.langchain4j;

import java.util.Objects;

import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import io.github.ollamaws.client.OllamaOperations;
import io.github.ollamaws.reactive.ReactiveOllamaOperations;
import io.github.ollamaws.reactive.ReactiveOllamaTemplate;
import org.jspecify.annotations.Nullable;

/**
 * The Ollama WebSocket gateway as a LangChain4j {@link StreamingChatModel}: each token
 * reaches {@code onPartialResponse} as the gateway streams it, then
 * {@code onCompleteResponse} gets the whole text, the token usage as the gateway reports
 * it (output tokens; input tokens {@code null}, unknown), the finish reason and the
 * model. Use it with {@code AiServices} methods returning a {@code TokenStream}.
 *
 * <pre>{@code
 * StreamingChatModel model = OllamaWsLangChain4jStreamingChatModel.builder(ollamaTemplate).build();
 * model.chat("Tell me a story", new StreamingChatResponseHandler() {
 *     public void onPartialResponse(PartialResponse token, PartialResponseContext context) {
 *         System.out.print(token.text());
 *         if (enough()) {
 *             context.streamingHandle().cancel(); // sends stop to the gateway
 *         }
 *     }
 *     public void onCompleteResponse(ChatResponse response) { }
 *     public void onError(Throwable error) { }
 * });
 * }</pre>
 *
 * <p>
 * Cancelling through the {@link dev.langchain4j.model.chat.response.StreamingHandle} of
 * {@code onPartialResponse}'s context ({@code TokenStream}'s
 * {@code onPartialResponseWithContext}) stops the generation on the gateway; as
 * LangChain4j specifies, the handler then receives no further callback. Errors reach
 * {@code onError} as the client's typed exceptions ({@code ModelNotFoundException},
 * {@code ConnectionLostException}, ...); a request the gateway cannot carry is refused at
 * once with an {@link UnsupportedOperationException}, before anything is sent.
 *
 * <p>
 * With tools (see {@link OllamaWsLangChain4jChatModel}), only the final answer's text
 * streams, decoded from the reply's JSON as it arrives, never JSON; a round that calls
 * tools streams nothing, then {@code onCompleteResponse} gets the tool execution
 * requests. A reply that cannot be used reaches {@code onError} as a
 * {@link io.github.ollamaws.tools.ToolReplyException}.
 *
 * <p>
 * The callbacks run off the WebSocket's I/O thread (through
 * {@link ReactiveOllamaOperations}), one at a time and in order, so a handler may block;
 * one that falls far behind has its generation stopped with a
 * {@code SlowSubscriberException}. The mapping and the observation are those of
 * {@link OllamaWsLangChain4jChatModel}. Thread-safe.
 */
public class OllamaWsLangChain4jStreamingChatModel extends OllamaWsLangChain4jModel implements StreamingChatModel {

	private final ReactiveOllamaOperations reactiveOllama;

	OllamaWsLangChain4jStreamingChatModel(Builder builder) {
		super(builder);
		this.reactiveOllama = (builder.reactiveOllama != null) ? builder.reactiveOllama
				: new ReactiveOllamaTemplate(this.ollama);
	}

	/**
	 * A builder of a streaming chat model over {@code ollama}.
	 * @param ollama the client, for example an {@code OllamaTemplate}
	 * @return a new builder
	 */
	public static Builder builder(OllamaOperations ollama) {
		return new Builder(ollama);
	}

	@Override
	public void doChat(ChatRequest chatRequest, StreamingChatResponseHandler handler) {
		ChatRequestMapper.MappedRequest mapped = this.mapper.map(chatRequest);
		this.reactiveOllama.stream(mapped.request()).subscribe(new StreamingResponseRelay(handler, mapped.tools()));
	}

	/**
	 * Builds an {@link OllamaWsLangChain4jStreamingChatModel}.
	 */
	public static final class Builder extends OllamaWsLangChain4jModel.Builder<Builder> {

		private @Nullable ReactiveOllamaOperations reactiveOllama;

		Builder(OllamaOperations ollama) {
			super(ollama);
		}

		/**
		 * The client's reactive face to stream through (by default a
		 * {@link ReactiveOllamaTemplate} over the client, delivering on Reactor's
		 * bounded-elastic scheduler).
		 * @param reactiveOllama the reactive client over the same template
		 * @return this builder
		 */
		public Builder reactiveOllama(ReactiveOllamaOperations reactiveOllama) {
			this.reactiveOllama = Objects.requireNonNull(reactiveOllama, "reactiveOllama must not be null");
			return this;
		}

		/**
		 * The streaming chat model.
		 * @return the model
		 */
		public OllamaWsLangChain4jStreamingChatModel build() {
			return new OllamaWsLangChain4jStreamingChatModel(this);
		}

	}

}
