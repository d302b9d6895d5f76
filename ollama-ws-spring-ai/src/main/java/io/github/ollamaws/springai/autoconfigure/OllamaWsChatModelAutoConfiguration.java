package io.github.ollamaws.springai.autoconfigure;

import io.github.ollamaws.autoconfigure.OllamaWsAutoConfiguration;
import io.github.ollamaws.client.OllamaOperations;
import io.github.ollamaws.reactive.ReactiveOllamaOperations;
import io.github.ollamaws.reactive.ReactiveOllamaTemplate;
import io.github.ollamaws.springai.ChatPromptRenderer;
import io.github.ollamaws.springai.OllamaWsChatModel;
import io.github.ollamaws.springai.OllamaWsChatOptions;
import io.github.ollamaws.springai.TranscriptChatPromptRenderer;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.model.tool.ToolCallingManager;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.ConfigurationCondition;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of the Ollama WebSocket gateway as a Spring AI {@link ChatModel}: an
 * {@link OllamaWsChatModel} bean named {@code ollamaWsChatModel} over the
 * {@link OllamaOperations} bean, so that Spring AI's {@code ChatClient.Builder} works as
 * in any Spring AI app.
 * <p>
 * It backs off when the application has another {@link ChatModel} (a Spring AI starter
 * for another provider, or its own), so that a single chat model stays unambiguous; with
 * {@code ollama.ws.chat.enabled=true} it is defined beside the others, to be picked by
 * name. With {@code ollama.ws.chat.enabled=false} it is never defined. Define a
 * {@link ChatPromptRenderer} bean to render conversations your way.
 * <p>
 * Tools are resolved with the application's {@link ToolCallingManager} bean (Spring AI's
 * tool auto-configuration defines one), else with Spring AI's default manager; each
 * generation offered tools is observed with the {@link ObservationRegistry} bean, if any.
 * {@code ollama.ws.chat.max-tool-rounds} (default 5) bounds the rounds of tool calls per
 * user turn.
 */
@AutoConfiguration(after = OllamaWsAutoConfiguration.class)
@ConditionalOnClass({ ChatModel.class, OllamaOperations.class })
@ConditionalOnBean(OllamaOperations.class)
public final class OllamaWsChatModelAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ChatPromptRenderer ollamaWsChatPromptRenderer() {
		return new TranscriptChatPromptRenderer();
	}

	/** The property bounding the rounds of tool calls per user turn. */
	static final String MAX_TOOL_ROUNDS = "ollama.ws.chat.max-tool-rounds";

	@Bean
	@ConditionalOnMissingBean(OllamaWsChatModel.class)
	@Conditional(ChatModelWanted.class)
	OllamaWsChatModel ollamaWsChatModel(OllamaOperations ollama, ObjectProvider<ReactiveOllamaOperations> reactive,
			ChatPromptRenderer promptRenderer, ObjectProvider<ToolCallingManager> toolCallingManager,
			ObjectProvider<ObservationRegistry> observationRegistry, Environment environment) {
		int maxToolRounds = Binder.get(environment)
			.bind(MAX_TOOL_ROUNDS, Integer.class)
			.orElse(OllamaWsChatOptions.DEFAULT_MAX_TOOL_ROUNDS);
		if (maxToolRounds < 0) {
			throw new InvalidConfigurationPropertyValueException(MAX_TOOL_ROUNDS, maxToolRounds,
					"It must be 0 (tools never called) or more.");
		}
		// The template's defaults (ollama.ws.default-*) apply under the chat options, so
		// none are added here.
		return new OllamaWsChatModel(ollama, reactive.getIfAvailable(() -> new ReactiveOllamaTemplate(ollama)),
				OllamaWsChatOptions.builder().maxToolRounds(maxToolRounds).build(), promptRenderer,
				toolCallingManager.getIfAvailable(() -> ToolCallingManager.builder().build()),
				observationRegistry.getIfAvailable(() -> ObservationRegistry.NOOP));
	}

	/**
	 * Explicitly enabled, or not disabled while no other chat model exists.
	 */
	static final class ChatModelWanted extends AnyNestedCondition {

		ChatModelWanted() {
			super(ConfigurationCondition.ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnBooleanProperty("ollama.ws.chat.enabled")
		static final class ExplicitlyEnabled {

		}

		@ConditionalOnBooleanProperty(name = "ollama.ws.chat.enabled", matchIfMissing = true)
		@ConditionalOnMissingBean(ChatModel.class)
		static final class OnlyChatModel {

		}

	}

}
