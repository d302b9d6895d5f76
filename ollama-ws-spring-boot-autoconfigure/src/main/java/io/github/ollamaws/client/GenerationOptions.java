package io.github.ollamaws.client;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Options passed to the model with a generation, sent as the gateway's {@code options} object under the
 * documented JSON names ({@code temperature}, {@code top_p}, {@code top_k}, {@code max_tokens},
 * {@code seed}, {@code stop}). Any other key can be added with {@link Builder#option(String, Object)}: the
 * gateway passes options through to Ollama as given.
 *
 * <pre>{@code
 * GenerationOptions options = GenerationOptions.builder().temperature(0.2).maxTokens(256).build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class GenerationOptions {

	private static final GenerationOptions EMPTY = new GenerationOptions(Collections.emptyMap());

	private final Map<String, Object> values;

	private GenerationOptions(Map<String, Object> values) {
		this.values = values;
	}

	/**
	 * Options with nothing set: the gateway's defaults apply.
	 * @return the empty options
	 */
	public static GenerationOptions empty() {
		return EMPTY;
	}

	/**
	 * A builder of options.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Options built from a map of wire names to values, as bound from configuration.
	 * @param values the options by JSON name
	 * @return the options
	 */
	public static GenerationOptions of(Map<String, ?> values) {
		Builder builder = builder();
		values.forEach(builder::option);
		return builder.build();
	}

	/**
	 * These options with {@code overrides} applied on top (a key in both takes the override's value).
	 * @param overrides the options that win
	 * @return the merged options
	 */
	public GenerationOptions mergedWith(GenerationOptions overrides) {
		if (overrides == null || overrides.values.isEmpty()) {
			return this;
		}
		if (this.values.isEmpty()) {
			return overrides;
		}
		Map<String, Object> merged = new LinkedHashMap<>(this.values);
		merged.putAll(overrides.values);
		return new GenerationOptions(Collections.unmodifiableMap(merged));
	}

	/**
	 * The options by JSON name, in the order they were set.
	 * @return an unmodifiable map
	 */
	public Map<String, Object> asMap() {
		return this.values;
	}

	/**
	 * Whether no option is set.
	 * @return {@code true} if empty
	 */
	public boolean isEmpty() {
		return this.values.isEmpty();
	}

	@Override
	public boolean equals(Object other) {
		return (other instanceof GenerationOptions that) && this.values.equals(that.values);
	}

	@Override
	public int hashCode() {
		return this.values.hashCode();
	}

	@Override
	public String toString() {
		return "GenerationOptions" + this.values;
	}

	/**
	 * Builds {@link GenerationOptions}.
	 */
	public static final class Builder {

		private final Map<String, Object> values = new LinkedHashMap<>();

		private Builder() {
		}

		/**
		 * Sampling temperature ({@code temperature}; the gateway documents 0.8 as its default).
		 * @param temperature the temperature
		 * @return this builder
		 */
		public Builder temperature(double temperature) {
			return option("temperature", temperature);
		}

		/**
		 * Nucleus sampling threshold ({@code top_p}).
		 * @param topP the threshold
		 * @return this builder
		 */
		public Builder topP(double topP) {
			return option("top_p", topP);
		}

		/**
		 * Top-k sampling ({@code top_k}).
		 * @param topK the number of candidates
		 * @return this builder
		 */
		public Builder topK(int topK) {
			return option("top_k", topK);
		}

		/**
		 * The most tokens to generate ({@code max_tokens}).
		 * @param maxTokens the limit
		 * @return this builder
		 */
		public Builder maxTokens(int maxTokens) {
			return option("max_tokens", maxTokens);
		}

		/**
		 * Random seed, for reproducible output ({@code seed}).
		 * @param seed the seed
		 * @return this builder
		 */
		public Builder seed(long seed) {
			return option("seed", seed);
		}

		/**
		 * Stop sequences ({@code stop}).
		 * @param stop the sequences that end generation
		 * @return this builder
		 */
		public Builder stop(List<String> stop) {
			return option("stop", List.copyOf(stop));
		}

		/**
		 * Any other option, sent under {@code key} as given.
		 * @param key the JSON name
		 * @param value the value (a string, number, boolean, list or map); {@code null} removes the key
		 * @return this builder
		 */
		public Builder option(String key, Object value) {
			Objects.requireNonNull(key, "key must not be null");
			if (value == null) {
				this.values.remove(key);
			}
			else {
				this.values.put(key, value);
			}
			return this;
		}

		/**
		 * The options.
		 * @return immutable options
		 */
		public GenerationOptions build() {
			return this.values.isEmpty() ? EMPTY
					: new GenerationOptions(Collections.unmodifiableMap(new LinkedHashMap<>(this.values)));
		}

	}

}
