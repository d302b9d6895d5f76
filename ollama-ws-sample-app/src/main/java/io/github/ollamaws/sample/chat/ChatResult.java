package io.github.ollamaws.sample.chat;

import io.github.ollamaws.core.FinishReason;
import io.github.ollamaws.core.GenerationResult;

/**
 * A finished generation as the REST API returns it.
 *
 * @param id the generation's id
 * @param model the model that generated the text
 * @param text the generated text (until the stop, for a stopped generation)
 * @param finishReason {@code COMPLETED}, or {@code CANCELLED} when it was stopped
 * @param totalTokens the number of tokens generated
 * @param elapsedMs how long the generation took, in milliseconds
 * @param timeToFirstTokenMs how long the first token took, in milliseconds, or
 * {@code null} when none arrived
 */
public record ChatResult(String id, String model, String text, FinishReason finishReason, int totalTokens,
		long elapsedMs, Long timeToFirstTokenMs) {

	/**
	 * The result of a generation, with its text.
	 * @param result the generation's result
	 * @return the result
	 */
	public static ChatResult of(GenerationResult result) {
		return new ChatResult(result.id(), result.model(), result.text(), result.finishReason(), result.totalTokens(),
				result.elapsed().toMillis(),
				(result.timeToFirstToken() != null) ? result.timeToFirstToken().toMillis() : null);
	}

}
