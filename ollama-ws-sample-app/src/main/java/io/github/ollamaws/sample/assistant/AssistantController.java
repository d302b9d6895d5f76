package io.github.ollamaws.sample.assistant;

import java.util.UUID;

import io.github.ollamaws.sample.chat.InvalidChatRequestException;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.client.advisor.MessageChatMemoryAdvisor;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The assistant page's API, written with Spring AI's {@link ChatClient} over the
 * gateway's chat model: a conversation with memory ({@link MessageChatMemoryAdvisor}), so
 * each reply sees the earlier turns of its conversation.
 */
@RestController
@RequestMapping("/api/assistant")
public class AssistantController {

	static final String SYSTEM_PROMPT = "You are the ollama-ws sample assistant. Answer briefly and kindly.";

	private final ChatClient chatClient;

	/**
	 * Creates the controller.
	 * @param chatClientBuilder the chat client builder of Spring AI, over the gateway's
	 * chat model
	 * @param chatMemory where conversations are kept
	 */
	public AssistantController(ChatClient.Builder chatClientBuilder, ChatMemory chatMemory) {
		this.chatClient = chatClientBuilder.defaultSystem(SYSTEM_PROMPT)
			.defaultAdvisors(MessageChatMemoryAdvisor.builder(chatMemory).build())
			.build();
	}

	/**
	 * Answers one message of a conversation.
	 * @param message the message, and the conversation it belongs to (a new one when
	 * absent)
	 * @return the reply
	 */
	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	public AssistantReply ask(@RequestBody AssistantMessage message) {
		String conversationId = AssistantMessage.checked(message).conversationIdOrNew();
		ChatResponse response = this.chatClient.prompt()
			.user(message.text())
			.advisors((advisors) -> advisors.param(ChatMemory.CONVERSATION_ID, conversationId))
			.call()
			.chatResponse();
		return new AssistantReply(conversationId, response.getResult().getOutput().getText(),
				response.getMetadata().getModel());
	}

	/**
	 * A message to the assistant.
	 *
	 * @param conversationId the conversation, or {@code null} to start one
	 * @param text the message
	 */
	public record AssistantMessage(String conversationId, String text) {

		/**
		 * The message, checked.
		 * @param message the message as received
		 * @return the message
		 * @throws InvalidChatRequestException if there is no message or it has no text
		 */
		public static AssistantMessage checked(AssistantMessage message) {
			if (message == null || message.text() == null || message.text().isBlank()) {
				throw new InvalidChatRequestException("The message must not be empty");
			}
			return message;
		}

		/**
		 * The conversation the message belongs to.
		 * @return its conversation, or a new one when it names none
		 */
		public String conversationIdOrNew() {
			return (this.conversationId != null && !this.conversationId.isBlank()) ? this.conversationId
					: UUID.randomUUID().toString();
		}

	}

	/**
	 * The assistant's reply.
	 *
	 * @param conversationId the conversation, to send with the next message
	 * @param text the reply
	 * @param model the model that wrote it
	 */
	public record AssistantReply(String conversationId, String text, String model) {

	}

}
