package io.github.ollamaws.core;

import java.time.OffsetDateTime;

import org.jspecify.annotations.Nullable;

/**
 * A model available behind the gateway, as listed by Ollama. The real gateway sends
 * Ollama's model objects; its documentation shows plain names, in which case only
 * {@link #name()} is known.
 *
 * @param name the model's name, as used in a request (for example {@code llama3:8b})
 * @param size its size in bytes, or {@code null} when not known
 * @param modifiedAt when it was last modified, or {@code null} when not known
 * @param digest its content digest, or {@code null} when not known
 * @param family its model family (for example {@code llama}), or {@code null} when not
 * known
 * @param parameterSize its parameter size as Ollama reports it (for example
 * {@code 8.0B}), or {@code null} when not known
 * @param quantizationLevel its quantization level (for example {@code Q4_0}), or
 * {@code null} when not known
 */
public record ModelInfo(String name, @Nullable Long size, @Nullable OffsetDateTime modifiedAt, @Nullable String digest,
		@Nullable String family, @Nullable String parameterSize, @Nullable String quantizationLevel) {

	/**
	 * A model known only by name, as in the plain-string listing the gateway's
	 * documentation shows.
	 * @param name the model's name
	 * @return the model
	 */
	public static ModelInfo ofName(String name) {
		return new ModelInfo(name, null, null, null, null, null, null);
	}

}
