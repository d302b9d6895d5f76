package io.github.ollamaws.chat;

import java.util.List;
import java.util.Map;

import io.github.ollamaws.core.GenerationOptions;
import org.jspecify.annotations.Nullable;

/**
 * The model parameters the chat frameworks have in common (Spring AI's portable chat
 * options, LangChain4j's chat request parameters), each optional, and Ollama's names for
 * them: the chat-model adapters map them in this one place.
 *
 * <pre>{@code
 * GenerationOptions options = new CommonChatParameters(0.2, 256, null, null, List.of("END"), null, null)
 *     .toGenerationOptions(Map.of("num_ctx", 8192));
 * }</pre>
 *
 * @param temperature Ollama's {@code temperature}
 * @param maxTokens the most tokens to generate: Ollama's {@code num_predict}
 * @param topP Ollama's {@code top_p}
 * @param topK Ollama's {@code top_k}
 * @param stop Ollama's {@code stop}; empty is unset
 * @param presencePenalty Ollama's {@code presence_penalty}
 * @param frequencyPenalty Ollama's {@code frequency_penalty}
 */
public record CommonChatParameters(@Nullable Double temperature, @Nullable Integer maxTokens, @Nullable Double topP,
		@Nullable Integer topK, @Nullable List<String> stop, @Nullable Double presencePenalty,
		@Nullable Double frequencyPenalty) {

	/**
	 * Ollama's model parameters: {@code ollamaOptions} by Ollama's names, then the
	 * parameters set here, which win.
	 * @param ollamaOptions other Ollama parameters by name (checked as
	 * {@link GenerationOptions.Builder#option(String, Object)} checks them)
	 * @return the options
	 * @throws IllegalArgumentException for an option Ollama would ignore or reject
	 */
	public GenerationOptions toGenerationOptions(Map<String, ?> ollamaOptions) {
		GenerationOptions.Builder options = GenerationOptions.builder();
		ollamaOptions.forEach(options::option);
		if (this.temperature != null) {
			options.temperature(this.temperature);
		}
		if (this.maxTokens != null) {
			options.maxTokens(this.maxTokens);
		}
		if (this.topP != null) {
			options.topP(this.topP);
		}
		if (this.topK != null) {
			options.topK(this.topK);
		}
		if (this.stop != null && !this.stop.isEmpty()) {
			options.stop(this.stop);
		}
		if (this.presencePenalty != null) {
			options.presencePenalty(this.presencePenalty);
		}
		if (this.frequencyPenalty != null) {
			options.frequencyPenalty(this.frequencyPenalty);
		}
		return options.build();
	}

}
