package io.github.ollamaws.sample.langchain4j;

import dev.langchain4j.service.MemoryId;
import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.UserMessage;

/**
 * The sample's assistant as a LangChain4j {@code AiServices} interface: LangChain4j
 * implements it over the gateway's chat model, with the system message below and a chat
 * memory per conversation.
 */
public interface LangChain4jAssistant {

	/**
	 * Answers one message of a conversation.
	 * @param conversationId the conversation, whose earlier turns the model sees
	 * @param text the message
	 * @return the reply
	 */
	@SystemMessage("You are the ollama-ws sample assistant, speaking through LangChain4j. Answer briefly and kindly.")
	String chat(@MemoryId String conversationId, @UserMessage String text);

}
