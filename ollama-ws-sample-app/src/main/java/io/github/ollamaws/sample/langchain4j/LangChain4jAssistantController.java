package io.github.ollamaws.sample.langchain4j;

import io.github.ollamaws.sample.assistant.AssistantController.AssistantMessage;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The assistant API again, written with LangChain4j: the same requests as
 * {@code /api/assistant}, answered by a {@link LangChain4jAssistant}.
 */
@RestController
@RequestMapping("/api/langchain4j/assistant")
public class LangChain4jAssistantController {

	private final LangChain4jAssistant assistant;

	/**
	 * Creates the controller.
	 * @param assistant the LangChain4j assistant
	 */
	public LangChain4jAssistantController(LangChain4jAssistant assistant) {
		this.assistant = assistant;
	}

	/**
	 * Answers one message of a conversation.
	 * @param message the message, and the conversation it belongs to (a new one when
	 * absent)
	 * @return the reply
	 */
	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	public LangChain4jReply ask(@RequestBody AssistantMessage message) {
		String conversationId = AssistantMessage.checked(message).conversationIdOrNew();
		return new LangChain4jReply(conversationId, this.assistant.chat(conversationId, message.text()));
	}

	/**
	 * The assistant's reply.
	 *
	 * @param conversationId the conversation, to send with the next message
	 * @param text the reply
	 */
	public record LangChain4jReply(String conversationId, String text) {

	}

}
