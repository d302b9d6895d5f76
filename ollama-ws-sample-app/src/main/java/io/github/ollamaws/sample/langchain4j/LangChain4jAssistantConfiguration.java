package io.github.ollamaws.sample.langchain4j;

import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.service.AiServices;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the {@link LangChain4jAssistant} over the {@link ChatModel} that ollama-ws
 * auto-configures for LangChain4j.
 */
@Configuration(proxyBeanMethods = false)
class LangChain4jAssistantConfiguration {

	@Bean
	LangChain4jAssistant langChain4jAssistant(ChatModel chatModel) {
		// AiServices keeps one memory per conversation id, made by this provider.
		return AiServices.builder(LangChain4jAssistant.class)
			.chatModel(chatModel)
			.chatMemoryProvider((id) -> MessageWindowChatMemory.builder().id(id).maxMessages(20).build())
			.build();
	}

}
