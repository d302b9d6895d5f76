package io.github.ollamaws.core;

import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * The model parameters a current Ollama reads from the {@code options} object of
 * {@code POST /api/generate} (its {@code ModelOptions}), under Ollama's own names.
 * {@link GenerationOptions} sends these nested in the gateway's {@code options}, where
 * Ollama reads them; any other name can still be sent with
 * {@link GenerationOptions.Builder#option(String, Object)}.
 *
 * <p>
 * Ollama ignores a parameter it does not know without a word, and rejects a known one
 * whose value has the wrong type: {@link #accepts(Object)} tells the two apart before
 * anything is sent.
 */
public enum OllamaParameter {

	/** Tokens of the prompt kept when the context overflows. */
	NUM_KEEP("num_keep", Type.INTEGER, "Tokens of the prompt kept when the context overflows."),

	/** Random seed, for reproducible output. */
	SEED("seed", Type.INTEGER, "Random seed, for reproducible output."),

	/**
	 * The most tokens to generate ({@code -1} for no limit): what other APIs call max
	 * tokens.
	 */
	NUM_PREDICT("num_predict", Type.INTEGER, "Most tokens to generate (-1 for no limit)."),

	/** Top-k sampling: the number of most likely candidates. */
	TOP_K("top_k", Type.INTEGER, "Top-k sampling: the number of most likely candidates."),

	/** Nucleus sampling threshold. */
	TOP_P("top_p", Type.NUMBER, "Nucleus sampling threshold."),

	/** Minimum probability of a token, relative to the most likely one. */
	MIN_P("min_p", Type.NUMBER, "Minimum probability of a token, relative to the most likely one."),

	/** Locally typical sampling threshold. */
	TYPICAL_P("typical_p", Type.NUMBER, "Locally typical sampling threshold."),

	/** How far back the model looks to penalise repetition. */
	REPEAT_LAST_N("repeat_last_n", Type.INTEGER, "How far back the model looks to penalise repetition."),

	/** Sampling temperature. */
	TEMPERATURE("temperature", Type.NUMBER, "Sampling temperature."),

	/** How strongly repetitions are penalised. */
	REPEAT_PENALTY("repeat_penalty", Type.NUMBER, "How strongly repetitions are penalised."),

	/** Penalty for tokens already present. */
	PRESENCE_PENALTY("presence_penalty", Type.NUMBER, "Penalty for tokens already present."),

	/** Penalty growing with how often a token was used. */
	FREQUENCY_PENALTY("frequency_penalty", Type.NUMBER, "Penalty growing with how often a token was used."),

	/** Stop sequences that end the generation. */
	STOP("stop", Type.STRING_LIST, "Stop sequences that end the generation."),

	/** Size of the context window, in tokens. */
	NUM_CTX("num_ctx", Type.INTEGER, "Size of the context window, in tokens."),

	/** Batch size for prompt processing. */
	NUM_BATCH("num_batch", Type.INTEGER, "Batch size for prompt processing."),

	/** Layers offloaded to the GPU. */
	NUM_GPU("num_gpu", Type.INTEGER, "Layers offloaded to the GPU."),

	/** The GPU used for small tensors. */
	MAIN_GPU("main_gpu", Type.INTEGER, "The GPU used for small tensors."),

	/** Whether the model is memory-mapped. */
	USE_MMAP("use_mmap", Type.BOOLEAN, "Whether the model is memory-mapped."),

	/** Threads used for computation. */
	NUM_THREAD("num_thread", Type.INTEGER, "Threads used for computation.");

	/**
	 * Fields of Ollama's request itself, beside {@code options}: a model parameter of one
	 * of these names would be ignored, so {@link GenerationOptions} refuses them and
	 * points at {@link GenerateRequest}.
	 */
	static final List<String> REQUEST_FIELDS = List.of("model", "prompt", "suffix", "system", "template", "context",
			"stream", "raw", "format", "keep_alive", "images", "options", "think", "truncate", "shift", "logprobs",
			"top_logprobs");

	private final String jsonName;

	private final Type type;

	private final String description;

	OllamaParameter(String jsonName, Type type, String description) {
		this.jsonName = jsonName;
		this.type = type;
		this.description = description;
	}

	/**
	 * The name Ollama reads, for example {@code num_predict}.
	 * @return the JSON name
	 */
	public String jsonName() {
		return this.jsonName;
	}

	/**
	 * The JSON type Ollama expects.
	 * @return the type
	 */
	public Type type() {
		return this.type;
	}

	/**
	 * What the parameter does, in a sentence.
	 * @return the description
	 */
	public String description() {
		return this.description;
	}

	/**
	 * Whether Ollama accepts {@code value} for this parameter.
	 * @param value a value as it would be written to JSON
	 * @return whether its type fits
	 */
	public boolean accepts(Object value) {
		return this.type.accepts(value);
	}

	/**
	 * The parameter Ollama reads under {@code jsonName}.
	 * @param jsonName a name such as {@code top_p}
	 * @return the parameter, or {@code null} if Ollama has none of that name
	 */
	public static @Nullable OllamaParameter forJsonName(String jsonName) {
		for (OllamaParameter parameter : values()) {
			if (parameter.jsonName.equals(jsonName)) {
				return parameter;
			}
		}
		return null;
	}

	/**
	 * The JSON types of Ollama's model parameters.
	 */
	public enum Type {

		/** A whole number (Go {@code int}). */
		INTEGER {
			@Override
			boolean accepts(Object value) {
				return value instanceof Integer || value instanceof Long || value instanceof Short
						|| value instanceof Byte || value instanceof java.math.BigInteger
						|| (value instanceof Number number && isWhole(number));
			}
		},

		/** A number (Go {@code float32}). */
		NUMBER {
			@Override
			boolean accepts(Object value) {
				return value instanceof Number number && Double.isFinite(number.doubleValue());
			}
		},

		/** {@code true} or {@code false}. */
		BOOLEAN {
			@Override
			boolean accepts(Object value) {
				return value instanceof Boolean;
			}
		},

		/** An array of strings. */
		STRING_LIST {
			@Override
			boolean accepts(Object value) {
				return value instanceof List<?> list && list.stream().allMatch(String.class::isInstance);
			}
		};

		abstract boolean accepts(Object value);

		private static boolean isWhole(Number number) {
			double value = number.doubleValue();
			return Double.isFinite(value) && value == Math.rint(value);
		}

		@Override
		public String toString() {
			return name().toLowerCase(Locale.ROOT).replace('_', ' ');
		}

	}

}
