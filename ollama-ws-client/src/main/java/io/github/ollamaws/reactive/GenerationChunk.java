package io.github.ollamaws.reactive;

import java.util.Objects;

import io.github.ollamaws.core.GenerationResult;
import org.jspecify.annotations.Nullable;

/**
 * One element of a streamed generation: a token, or, last, the generation's result.
 *
 * @param token the token's text, or {@code null} in the last chunk
 * @param result the result, or {@code null} until the last chunk
 */
public record GenerationChunk(@Nullable String token, @Nullable GenerationResult result) {

	/**
	 * A chunk carrying a token.
	 * @param token the token's text
	 * @return the chunk
	 */
	public static GenerationChunk token(String token) {
		return new GenerationChunk(Objects.requireNonNull(token, "token must not be null"), null);
	}

	/**
	 * The last chunk, carrying the result.
	 * @param result the result
	 * @return the chunk
	 */
	public static GenerationChunk last(GenerationResult result) {
		return new GenerationChunk(null, Objects.requireNonNull(result, "result must not be null"));
	}

	/**
	 * Whether this is the last chunk, the one with the result.
	 * @return {@code true} for the last chunk
	 */
	public boolean isLast() {
		return this.result != null;
	}

}
