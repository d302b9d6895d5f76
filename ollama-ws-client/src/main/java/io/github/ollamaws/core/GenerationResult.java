package io.github.ollamaws.core;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The outcome of a generation that ended without an error.
 *
 * @param id the generation's id on the wire
 * @param model the model that generated the text, as reported by the gateway
 * ({@code stream_start}), else the one the request asked for; {@code null} when neither
 * named one (a generation cancelled before its start on the gateway's default model)
 * @param text the generated text (for a cancelled generation, the text received until
 * then)
 * @param totalTokens the gateway's token count, or the number of tokens received when the
 * gateway reported none (a generation cancelled early)
 * @param elapsed the generation time reported by the gateway, or the client-measured time
 * when it reported none
 * @param timeToFirstToken the client-measured time from sending the request to the first
 * token, or {@code null} when no token arrived
 * @param finishReason why the generation ended
 */
public record GenerationResult(String id, @Nullable String model, String text, int totalTokens, Duration elapsed,
		@Nullable Duration timeToFirstToken, FinishReason finishReason) {

	/**
	 * Whether the generation was cancelled.
	 * @return {@code true} for {@link FinishReason#CANCELLED}
	 */
	public boolean isCancelled() {
		return this.finishReason == FinishReason.CANCELLED;
	}

	@Override
	public String toString() {
		return "GenerationResult[id=" + this.id + ", model=" + this.model + ", textLength=" + this.text.length()
				+ ", totalTokens=" + this.totalTokens + ", elapsed=" + this.elapsed + ", timeToFirstToken="
				+ this.timeToFirstToken + ", finishReason=" + this.finishReason + "]";
	}

}
