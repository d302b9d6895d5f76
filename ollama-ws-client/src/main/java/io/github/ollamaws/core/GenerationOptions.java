package io.github.ollamaws.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Ollama's model parameters for a generation, under Ollama's own names
 * ({@code temperature}, {@code num_predict}, {@code top_p}, ...: see
 * {@link OllamaParameter}). They reach Ollama inside its {@code options} object, the only
 * place it reads them: the gateway spreads its own {@code options} into the top level of
 * Ollama's request, so the client sends these one level down, as
 * {@code "options":{"options":{...}}}. (The gateway's docs name top-level
 * {@code temperature} and {@code max_tokens}; Ollama ignores both there.)
 *
 * <pre>{@code
 * GenerationOptions options = GenerationOptions.builder().temperature(0.2).maxTokens(256).build();
 * // reaches Ollama as "options":{"temperature":0.2,"num_predict":256}
 * }</pre>
 *
 * <p>
 * Request-level fields ({@code system}, {@code format}, {@code keep_alive},
 * {@code images}, ...) are not model parameters: set them on {@link GenerateRequest}.
 *
 * <p>
 * Immutable and thread-safe.
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
	 * Options built from a map of Ollama parameter names to values, as bound from
	 * configuration.
	 * @param values the parameters by Ollama's JSON name
	 * @return the options
	 * @throws InvalidRequestException as {@link Builder#option(String, Object)} does
	 */
	public static GenerationOptions of(Map<String, ?> values) {
		Builder builder = builder();
		values.forEach(builder::option);
		return builder.build();
	}

	/**
	 * These options with {@code overrides} applied on top (a key in both takes the
	 * override's value).
	 * @param overrides the options that win
	 * @return the merged options
	 */
	public GenerationOptions mergedWith(@Nullable GenerationOptions overrides) {
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
	 * The parameters by Ollama's JSON name, in the order they were set: Ollama's
	 * {@code options} object.
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
	public boolean equals(@Nullable Object other) {
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
	 * Whether {@code name} is a field of Ollama's request itself rather than a model
	 * parameter.
	 * @param name a JSON name
	 * @return whether it belongs at the top level of Ollama's request
	 */
	public static boolean isRequestField(String name) {
		return OllamaParameter.REQUEST_FIELDS.contains(name);
	}

	/**
	 * Why Ollama would not read {@code name} as a model parameter, or {@code null} if it
	 * may.
	 * @param name a parameter name
	 * @return the reason, naming what to use instead, or {@code null}
	 */
	static @Nullable String misplacedParameter(String name) {
		if ("max_tokens".equals(name)) {
			// In Ollama's words, which a YAML user (ollama.ws.default-options) uses too.
			return "Ollama has no 'max_tokens' (the gateway's docs name it, but Ollama ignores it):"
					+ " its token limit is 'num_predict'";
		}
		if (OllamaParameter.REQUEST_FIELDS.contains(name)) {
			return "'" + name + "' is a field of Ollama's request, not a model parameter, which Ollama reads"
					+ " only at the top level of its request";
		}
		return null;
	}

	/**
	 * Builds {@link GenerationOptions}.
	 */
	public static final class Builder {

		private final Map<String, Object> values = new LinkedHashMap<>();

		private Builder() {
		}

		/**
		 * Sampling temperature ({@code temperature}): higher is more creative.
		 * @param temperature the temperature
		 * @return this builder
		 */
		public Builder temperature(double temperature) {
			return set(OllamaParameter.TEMPERATURE, temperature);
		}

		/**
		 * Nucleus sampling threshold ({@code top_p}).
		 * @param topP the threshold
		 * @return this builder
		 */
		public Builder topP(double topP) {
			return set(OllamaParameter.TOP_P, topP);
		}

		/**
		 * Top-k sampling ({@code top_k}).
		 * @param topK the number of candidates
		 * @return this builder
		 */
		public Builder topK(int topK) {
			return set(OllamaParameter.TOP_K, topK);
		}

		/**
		 * Minimum probability of a token relative to the most likely one ({@code min_p}).
		 * @param minP the threshold
		 * @return this builder
		 */
		public Builder minP(double minP) {
			return set(OllamaParameter.MIN_P, minP);
		}

		/**
		 * The most tokens to generate: Ollama's {@code num_predict} ({@code -1} for no
		 * limit).
		 * @param maxTokens the limit
		 * @return this builder
		 */
		public Builder maxTokens(int maxTokens) {
			return set(OllamaParameter.NUM_PREDICT, maxTokens);
		}

		/**
		 * Random seed, for reproducible output ({@code seed}).
		 * @param seed the seed
		 * @return this builder
		 */
		public Builder seed(long seed) {
			return set(OllamaParameter.SEED, seed);
		}

		/**
		 * Stop sequences ({@code stop}).
		 * @param stop the sequences that end generation
		 * @return this builder
		 */
		public Builder stop(List<String> stop) {
			return set(OllamaParameter.STOP, List.copyOf(stop));
		}

		/**
		 * Stop sequences ({@code stop}).
		 * @param stop the sequences that end generation
		 * @return this builder
		 */
		public Builder stop(String... stop) {
			return stop(List.of(stop));
		}

		/**
		 * Size of the context window in tokens ({@code num_ctx}).
		 * @param numCtx the context size
		 * @return this builder
		 */
		public Builder numCtx(int numCtx) {
			return set(OllamaParameter.NUM_CTX, numCtx);
		}

		/**
		 * How strongly repetitions are penalised ({@code repeat_penalty}).
		 * @param repeatPenalty the penalty
		 * @return this builder
		 */
		public Builder repeatPenalty(double repeatPenalty) {
			return set(OllamaParameter.REPEAT_PENALTY, repeatPenalty);
		}

		/**
		 * How far back to look for repetitions ({@code repeat_last_n}; {@code -1} for the
		 * whole context).
		 * @param repeatLastN the number of tokens
		 * @return this builder
		 */
		public Builder repeatLastN(int repeatLastN) {
			return set(OllamaParameter.REPEAT_LAST_N, repeatLastN);
		}

		/**
		 * Penalty for tokens already present ({@code presence_penalty}).
		 * @param presencePenalty the penalty
		 * @return this builder
		 */
		public Builder presencePenalty(double presencePenalty) {
			return set(OllamaParameter.PRESENCE_PENALTY, presencePenalty);
		}

		/**
		 * Penalty growing with a token's frequency ({@code frequency_penalty}).
		 * @param frequencyPenalty the penalty
		 * @return this builder
		 */
		public Builder frequencyPenalty(double frequencyPenalty) {
			return set(OllamaParameter.FREQUENCY_PENALTY, frequencyPenalty);
		}

		/**
		 * Any other Ollama model parameter, sent inside Ollama's {@code options} under
		 * {@code name} as given (for example {@code option("num_gpu", 0)}). Checked
		 * before anything is sent: a known parameter's value must have its type, and a
		 * request-level field ({@code system}, {@code format}, {@code keep_alive}, ...)
		 * or the gateway docs' {@code max_tokens}, which Ollama would ignore here, is
		 * refused.
		 * @param name the name of the parameter as Ollama spells it
		 * @param value the value (a string, number, boolean or list); {@code null}
		 * removes the parameter
		 * @return this builder
		 * @throws InvalidRequestException if Ollama would ignore or reject the parameter
		 */
		public Builder option(String name, @Nullable Object value) {
			Objects.requireNonNull(name, "name must not be null");
			if (value == null) {
				this.values.remove(name);
				return this;
			}
			OllamaParameter parameter = OllamaParameter.forJsonName(name);
			if (parameter != null) {
				return set(parameter, value);
			}
			String problem = misplacedParameter(name);
			if (problem != null) {
				throw new InvalidRequestException(problem);
			}
			this.values.put(name, value);
			return this;
		}

		private Builder set(OllamaParameter parameter, Object value) {
			if (!parameter.accepts(value)) {
				throw new InvalidRequestException("Ollama's '" + parameter.jsonName() + "' must be "
						+ article(parameter.type()) + ", not '" + value + "'");
			}
			this.values.put(parameter.jsonName(), value);
			return this;
		}

		private static String article(OllamaParameter.Type type) {
			return switch (type) {
				case INTEGER -> "an integer";
				case NUMBER -> "a number";
				case BOOLEAN -> "a boolean";
				case STRING_LIST -> "a list of strings";
			};
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
