package io.github.ollamaws.langchain4j;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.DefaultChatRequestParameters;
import org.jspecify.annotations.Nullable;

/**
 * LangChain4j chat request parameters for the Ollama WebSocket gateway: LangChain4j's
 * common parameters (model name, temperature, top-p, top-k, max output tokens, stop
 * sequences, presence and frequency penalties, response format), which map to Ollama's
 * model parameters and {@code format}, plus what only Ollama has: the keep-alive,
 * thinking, and any other Ollama model parameter by Ollama's name; and the most rounds of
 * tool calls per user message ({@link #maxToolRounds()}).
 *
 * <pre>{@code
 * ChatRequest request = ChatRequest.builder()
 *     .messages(UserMessage.from("Describe Paris"))
 *     .parameters(OllamaWsChatRequestParameters.builder()
 *         .modelName("llama3")
 *         .temperature(0.2)
 *         .keepAlive(Duration.ofMinutes(10))
 *         .ollamaOption("num_ctx", 8192)
 *         .build())
 *     .build();
 * }</pre>
 *
 * <p>
 * Merged with other parameters as LangChain4j merges its own: a value set here wins over
 * the model's default; Ollama options are merged name by name. Immutable.
 */
public class OllamaWsChatRequestParameters extends DefaultChatRequestParameters {

	/** Parameters that set nothing. */
	public static final OllamaWsChatRequestParameters EMPTY = builder().build();

	/** The default of {@link #maxToolRounds()}, as the Spring AI adapter's. */
	public static final int DEFAULT_MAX_TOOL_ROUNDS = 5;

	private final @Nullable Duration keepAlive;

	private final @Nullable Object think;

	private final Map<String, Object> ollamaOptions;

	private final @Nullable Integer maxToolRounds;

	protected OllamaWsChatRequestParameters(Builder builder) {
		super(builder);
		this.keepAlive = builder.keepAlive;
		this.think = builder.think;
		this.ollamaOptions = Collections.unmodifiableMap(new LinkedHashMap<>(builder.ollamaOptions));
		this.maxToolRounds = builder.maxToolRounds;
	}

	/**
	 * A builder of parameters.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * How long Ollama keeps the model loaded after the request (Ollama's
	 * {@code keep_alive}).
	 * @return the duration, or {@code null} for the template's default
	 */
	public @Nullable Duration keepAlive() {
		return this.keepAlive;
	}

	/**
	 * Whether a thinking model thinks first (Ollama's {@code think}): a {@link Boolean}
	 * or a level ({@code "high"}, {@code "medium"}, {@code "low"}).
	 * @return the setting, or {@code null}
	 */
	public @Nullable Object think() {
		return this.think;
	}

	/**
	 * Other Ollama model parameters by Ollama's name (for example {@code num_ctx},
	 * {@code seed}), sent inside Ollama's {@code options}.
	 * @return the parameters, never {@code null}
	 */
	public Map<String, Object> ollamaOptions() {
		return this.ollamaOptions;
	}

	/**
	 * The most rounds of tool calls per user message: once the conversation has had this
	 * many since the last user message, the model is offered no tool and must answer with
	 * the results it has.
	 * @return the limit, or {@code null} for {@link #DEFAULT_MAX_TOOL_ROUNDS}
	 */
	public @Nullable Integer maxToolRounds() {
		return this.maxToolRounds;
	}

	@Override
	public OllamaWsChatRequestParameters overrideWith(ChatRequestParameters that) {
		return builder().overrideWith(this).overrideWith(that).build();
	}

	@Override
	public OllamaWsChatRequestParameters defaultedBy(ChatRequestParameters that) {
		return builder().overrideWith(that).overrideWith(this).build();
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return (other instanceof OllamaWsChatRequestParameters that) && super.equals(that)
				&& Objects.equals(this.keepAlive, that.keepAlive) && Objects.equals(this.think, that.think)
				&& this.ollamaOptions.equals(that.ollamaOptions)
				&& Objects.equals(this.maxToolRounds, that.maxToolRounds);
	}

	@Override
	public int hashCode() {
		return Objects.hash(super.hashCode(), this.keepAlive, this.think, this.ollamaOptions, this.maxToolRounds);
	}

	@Override
	public String toString() {
		return "OllamaWsChatRequestParameters[" + super.toString() + ", keepAlive=" + this.keepAlive + ", think="
				+ this.think + ", ollamaOptions=" + this.ollamaOptions + ", maxToolRounds=" + this.maxToolRounds + "]";
	}

	/**
	 * Builds {@link OllamaWsChatRequestParameters}.
	 */
	public static class Builder extends DefaultChatRequestParameters.Builder<Builder> {

		private @Nullable Duration keepAlive;

		private @Nullable Object think;

		private final Map<String, Object> ollamaOptions = new LinkedHashMap<>();

		private @Nullable Integer maxToolRounds;

		/**
		 * Takes the values {@code parameters} sets, over those set so far; for
		 * {@link OllamaWsChatRequestParameters}, their Ollama-only values too (Ollama
		 * options name by name).
		 * @param parameters the parameters
		 * @return this builder
		 */
		@Override
		public Builder overrideWith(ChatRequestParameters parameters) {
			super.overrideWith(parameters);
			if (parameters instanceof OllamaWsChatRequestParameters ours) {
				if (ours.keepAlive != null) {
					this.keepAlive = ours.keepAlive;
				}
				if (ours.think != null) {
					this.think = ours.think;
				}
				this.ollamaOptions.putAll(ours.ollamaOptions);
				if (ours.maxToolRounds != null) {
					this.maxToolRounds = ours.maxToolRounds;
				}
			}
			return this;
		}

		/**
		 * How long Ollama keeps the model loaded after the request (Ollama's
		 * {@code keep_alive}).
		 * @param keepAlive the duration; zero unloads at once, negative keeps it loaded;
		 * {@code null} for the template's default
		 * @return this builder
		 */
		public Builder keepAlive(@Nullable Duration keepAlive) {
			this.keepAlive = keepAlive;
			return this;
		}

		/**
		 * Whether a thinking model thinks first (Ollama's {@code think}). The gateway
		 * forwards only the answer.
		 * @param think whether to think
		 * @return this builder
		 */
		public Builder think(boolean think) {
			this.think = think;
			return this;
		}

		/**
		 * How hard a thinking model thinks (Ollama's {@code think}).
		 * @param level {@code "high"}, {@code "medium"} or {@code "low"}
		 * @return this builder
		 */
		public Builder think(String level) {
			this.think = Objects.requireNonNull(level, "level must not be null");
			return this;
		}

		/**
		 * Any other Ollama model parameter, by Ollama's name (sent inside Ollama's
		 * {@code options}); checked, as the client checks it, before anything is sent.
		 * @param name the parameter's name, for example {@code num_ctx}
		 * @param value its value; {@code null} removes it
		 * @return this builder
		 */
		public Builder ollamaOption(String name, @Nullable Object value) {
			Objects.requireNonNull(name, "name must not be null");
			if (value == null) {
				this.ollamaOptions.remove(name);
			}
			else {
				this.ollamaOptions.put(name, value);
			}
			return this;
		}

		/**
		 * Other Ollama model parameters, by Ollama's names, added to those set so far.
		 * @param options the parameters
		 * @return this builder
		 */
		public Builder ollamaOptions(Map<String, ?> options) {
			options.forEach(this::ollamaOption);
			return this;
		}

		/**
		 * The most rounds of tool calls per user message, after which the model must
		 * answer.
		 * @param maxToolRounds the limit, at least 0 (0: the model is never offered a
		 * tool); {@code null} for {@link #DEFAULT_MAX_TOOL_ROUNDS}
		 * @return this builder
		 */
		public Builder maxToolRounds(@Nullable Integer maxToolRounds) {
			if (maxToolRounds != null && maxToolRounds < 0) {
				throw new IllegalArgumentException("maxToolRounds must be at least 0, not " + maxToolRounds);
			}
			this.maxToolRounds = maxToolRounds;
			return this;
		}

		@Override
		public OllamaWsChatRequestParameters build() {
			return new OllamaWsChatRequestParameters(this);
		}

	}

}
