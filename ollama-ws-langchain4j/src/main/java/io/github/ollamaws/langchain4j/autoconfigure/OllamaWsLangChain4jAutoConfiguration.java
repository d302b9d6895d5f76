package io.github.ollamaws.langchain4j.autoconfigure;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import io.github.ollamaws.autoconfigure.OllamaWsAutoConfiguration;
import io.github.ollamaws.chat.ConversationRenderer;
import io.github.ollamaws.client.OllamaOperations;
import io.github.ollamaws.langchain4j.OllamaWsChatRequestParameters;
import io.github.ollamaws.langchain4j.OllamaWsLangChain4jChatModel;
import io.github.ollamaws.langchain4j.OllamaWsLangChain4jStreamingChatModel;
import io.github.ollamaws.reactive.ReactiveOllamaOperations;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of the Ollama WebSocket gateway as LangChain4j chat models: an
 * {@link OllamaWsLangChain4jChatModel} ({@code ollamaWsLangChain4jChatModel}) and an
 * {@link OllamaWsLangChain4jStreamingChatModel}
 * ({@code ollamaWsLangChain4jStreamingChatModel}) over the {@link OllamaOperations} bean,
 * for {@code AiServices} and anything else that takes a LangChain4j model.
 * <p>
 * Each backs off when the application defines its own {@link ChatModel} or
 * {@link StreamingChatModel}; {@code ollama.ws.langchain4j.enabled=false} turns both off.
 * Every {@link ChatModelListener} bean is given to both, in order; a
 * {@link ConversationRenderer} bean renders conversations instead of the transcript.
 * {@code ollama.ws.langchain4j.max-tool-rounds} (default 5) bounds the rounds of tool
 * calls per user message (a negative value fails at startup, naming the property).
 */
@AutoConfiguration(after = OllamaWsAutoConfiguration.class)
@ConditionalOnClass({ ChatModel.class, OllamaOperations.class })
@ConditionalOnBean(OllamaOperations.class)
@ConditionalOnBooleanProperty(name = "ollama.ws.langchain4j.enabled", matchIfMissing = true)
public final class OllamaWsLangChain4jAutoConfiguration {

	/** The property bounding the rounds of tool calls per user message. */
	static final String MAX_TOOL_ROUNDS = "ollama.ws.langchain4j.max-tool-rounds";

	private static OllamaWsChatRequestParameters defaultRequestParameters(Environment environment) {
		int maxToolRounds = Binder.get(environment)
			.bind(MAX_TOOL_ROUNDS, Integer.class)
			.orElse(OllamaWsChatRequestParameters.DEFAULT_MAX_TOOL_ROUNDS);
		if (maxToolRounds < 0) {
			throw new InvalidConfigurationPropertyValueException(MAX_TOOL_ROUNDS, maxToolRounds,
					"The most rounds of tool calls must be 0 or more");
		}
		// The template's defaults (ollama.ws.default-*) apply under the request
		// parameters, so only the round limit is set here.
		return OllamaWsChatRequestParameters.builder().maxToolRounds(maxToolRounds).build();
	}

	@Bean
	@ConditionalOnMissingBean(ChatModel.class)
	OllamaWsLangChain4jChatModel ollamaWsLangChain4jChatModel(OllamaOperations ollama,
			ObjectProvider<ChatModelListener> listeners, ObjectProvider<ConversationRenderer> renderer,
			Environment environment) {
		return OllamaWsLangChain4jChatModel.builder(ollama)
			.defaultRequestParameters(defaultRequestParameters(environment))
			.listeners(listeners.orderedStream().toList())
			.conversationRenderer(renderer.getIfAvailable(ConversationRenderer::transcript))
			.build();
	}

	@Bean
	@ConditionalOnMissingBean(StreamingChatModel.class)
	OllamaWsLangChain4jStreamingChatModel ollamaWsLangChain4jStreamingChatModel(OllamaOperations ollama,
			ObjectProvider<ReactiveOllamaOperations> reactive, ObjectProvider<ChatModelListener> listeners,
			ObjectProvider<ConversationRenderer> renderer, Environment environment) {
		OllamaWsLangChain4jStreamingChatModel.Builder builder = OllamaWsLangChain4jStreamingChatModel.builder(ollama)
			.defaultRequestParameters(defaultRequestParameters(environment))
			.listeners(listeners.orderedStream().toList())
			.conversationRenderer(renderer.getIfAvailable(ConversationRenderer::transcript));
		reactive.ifAvailable(builder::reactiveOllama);
		return builder.build();
	}

}
