package io.github.ollamaws.sample.chat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.ollamaws.client.OllamaOperations;
import io.github.ollamaws.core.GenerateRequest;
import io.github.ollamaws.core.Generation;
import io.github.ollamaws.core.GenerationOptions;
import io.github.ollamaws.core.ModelInfo;
import io.github.ollamaws.core.ResponseFormat;
import io.github.ollamaws.core.TokenHandler;

import org.springframework.stereotype.Service;

/**
 * Runs generations through the gateway client and keeps the running ones by id, so that
 * they can be stopped; a generation is forgotten as soon as it ends.
 */
@Service
public class ChatService {

	private final OllamaOperations ollama;

	private final Map<String, Generation> running = new ConcurrentHashMap<>();

	/**
	 * Creates the service.
	 * @param ollama the gateway client
	 */
	public ChatService(OllamaOperations ollama) {
		this.ollama = ollama;
	}

	/**
	 * Starts a generation, streaming to {@code handler}.
	 * @param chatRequest the request
	 * @param handler receives the tokens and the outcome
	 * @return the running generation, already registered under its id
	 * @throws InvalidChatRequestException if the prompt is blank or the options are
	 * unusable
	 */
	public Generation start(ChatRequest chatRequest, TokenHandler handler) {
		GenerateRequest request = toGenerateRequest(chatRequest);
		Generation generation = this.ollama.stream(request, handler);
		this.running.put(generation.id(), generation);
		// Runs at once if the generation has already ended.
		generation.result().whenComplete((result, failure) -> this.running.remove(generation.id(), generation));
		return generation;
	}

	/**
	 * Asks a running generation to stop; it then ends as cancelled, keeping the text
	 * generated so far.
	 * @param id the generation's id
	 * @throws GenerationNotFoundException if no running generation has that id
	 */
	public void stop(String id) {
		Generation generation = this.running.get(id);
		if (generation == null) {
			throw new GenerationNotFoundException(id);
		}
		generation.cancel();
	}

	/**
	 * Returns the number of generations running.
	 * @return the count
	 */
	public int runningCount() {
		return this.running.size();
	}

	/**
	 * Lists the models behind the gateway.
	 * @return the models
	 */
	public List<ModelInfo> models() {
		return this.ollama.listModels();
	}

	private static GenerateRequest toGenerateRequest(ChatRequest chatRequest) {
		if (chatRequest == null || chatRequest.prompt() == null || chatRequest.prompt().isBlank()) {
			throw new InvalidChatRequestException("The prompt must not be empty");
		}
		GenerationOptions options;
		try {
			options = (chatRequest.options() != null) ? GenerationOptions.of(chatRequest.options())
					: GenerationOptions.empty();
		}
		catch (RuntimeException ex) {
			throw new InvalidChatRequestException("Invalid generation options: " + ex.getMessage());
		}
		return GenerateRequest.builder(chatRequest.prompt())
			.model(chatRequest.model())
			.system((chatRequest.system() != null && !chatRequest.system().isBlank()) ? chatRequest.system() : null)
			.options(options)
			.format(Boolean.TRUE.equals(chatRequest.json()) ? ResponseFormat.json() : null)
			.build();
	}

}
