package io.github.ollamaws.langchain4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import io.github.ollamaws.chat.ConversationRenderer;
import io.github.ollamaws.client.OllamaOperations;

/**
 * What {@link OllamaWsLangChain4jChatModel} and
 * {@link OllamaWsLangChain4jStreamingChatModel} share: the client, the default
 * parameters, the listeners and the mapping. LangChain4j's own {@code chat} methods merge
 * the default parameters into each request and call the listeners; the models only carry
 * the request. Not meant to be extended outside this package.
 */
public abstract class OllamaWsLangChain4jModel {

	final OllamaOperations ollama;

	final ChatRequestMapper mapper;

	private final OllamaWsChatRequestParameters defaultRequestParameters;

	private final List<ChatModelListener> listeners;

	OllamaWsLangChain4jModel(Builder<?> builder) {
		this.ollama = builder.ollama;
		this.mapper = new ChatRequestMapper(builder.conversationRenderer);
		this.defaultRequestParameters = OllamaWsChatRequestParameters.EMPTY
			.overrideWith(builder.defaultRequestParameters);
		this.listeners = List.copyOf(builder.listeners);
	}

	/**
	 * The parameters of requests that set none (a request's own win), as
	 * {@link OllamaWsChatRequestParameters}. The template's defaults
	 * ({@code ollama.ws.default-*}) apply under these.
	 * @return the default parameters
	 */
	public OllamaWsChatRequestParameters defaultRequestParameters() {
		return this.defaultRequestParameters;
	}

	/**
	 * The listeners LangChain4j calls with each request, response and error.
	 * @return the listeners
	 */
	public List<ChatModelListener> listeners() {
		return this.listeners;
	}

	/**
	 * Ollama, behind the gateway.
	 * @return {@link ModelProvider#OLLAMA}
	 */
	public ModelProvider provider() {
		return ModelProvider.OLLAMA;
	}

	/**
	 * JSON Schema response formats, which Ollama enforces: {@code AiServices} sends the
	 * schema of a method's return type as Ollama's {@code format} instead of describing
	 * it in the prompt.
	 * @return {@link Capability#RESPONSE_FORMAT_JSON_SCHEMA}
	 */
	public Set<Capability> supportedCapabilities() {
		return Set.of(Capability.RESPONSE_FORMAT_JSON_SCHEMA);
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + "[defaultRequestParameters=" + this.defaultRequestParameters + "]";
	}

	/**
	 * Builds a model.
	 *
	 * @param <B> the builder's own type
	 */
	public abstract static class Builder<B extends Builder<B>> {

		private final OllamaOperations ollama;

		private ChatRequestParameters defaultRequestParameters = OllamaWsChatRequestParameters.EMPTY;

		private final List<ChatModelListener> listeners = new ArrayList<>();

		private ConversationRenderer conversationRenderer = ConversationRenderer.transcript();

		Builder(OllamaOperations ollama) {
			this.ollama = Objects.requireNonNull(ollama, "ollama must not be null");
		}

		/**
		 * The parameters of requests that set none; {@link OllamaWsChatRequestParameters}
		 * for the Ollama-only ones.
		 * @param parameters the parameters
		 * @return this builder
		 */
		public B defaultRequestParameters(ChatRequestParameters parameters) {
			this.defaultRequestParameters = Objects.requireNonNull(parameters, "parameters must not be null");
			return self();
		}

		/**
		 * Listeners to call with each request, response and error.
		 * @param listeners the listeners, added to those given so far
		 * @return this builder
		 */
		public B listeners(List<? extends ChatModelListener> listeners) {
			this.listeners.addAll(listeners);
			return self();
		}

		/**
		 * How a conversation becomes the gateway's single prompt (a transcript by
		 * default, as in the Spring AI adapter).
		 * @param conversationRenderer the renderer
		 * @return this builder
		 */
		public B conversationRenderer(ConversationRenderer conversationRenderer) {
			this.conversationRenderer = Objects.requireNonNull(conversationRenderer,
					"conversationRenderer must not be null");
			return self();
		}

		@SuppressWarnings("unchecked")
		private B self() {
			return (B) this;
		}

	}

}
