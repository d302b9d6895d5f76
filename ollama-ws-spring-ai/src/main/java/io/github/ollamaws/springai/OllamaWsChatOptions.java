package io.github.ollamaws.springai;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.DefaultChatOptions;
import org.springframework.ai.chat.prompt.DefaultChatOptionsBuilder;
import org.springframework.ai.model.tool.StructuredOutputChatOptions;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.tool.ToolCallback;

/**
 * Spring AI chat options for the Ollama WebSocket gateway: Spring AI's portable options
 * (model, temperature, max tokens, top-p, top-k, stop sequences, presence and frequency
 * penalties), which map to Ollama's model parameters, plus what only Ollama has: JSON
 * mode or a JSON Schema for the reply, the keep-alive, thinking, and any other Ollama
 * model parameter by name.
 *
 * <pre>{@code
 * chatClient.prompt("Describe Paris")
 *     .options(OllamaWsChatOptions.builder().model("llama3").temperature(0.2).keepAlive(Duration.ofMinutes(10)).build())
 *     .call().content();
 * }</pre>
 *
 * <p>
 * As {@link StructuredOutputChatOptions}, they take the schema of a {@code ChatClient}'s
 * {@code entity(...)} when native structured output is enabled
 * ({@code AdvisorParams.ENABLE_NATIVE_STRUCTURED_OUTPUT}): it is then sent as Ollama's
 * {@code format}. As {@link ToolCallingChatOptions}, they take a {@code ChatClient}'s
 * tools ({@code @Tool} methods, tool callbacks) and tool context; the tools are offered
 * to the model through the system prompt and Ollama's {@code format} (see
 * {@link OllamaWsChatModel}), at most {@link #getMaxToolRounds()} rounds of calls per
 * user turn. Immutable.
 */
public class OllamaWsChatOptions extends DefaultChatOptions
		implements StructuredOutputChatOptions, ToolCallingChatOptions {

	/**
	 * The default of {@link #getMaxToolRounds()}.
	 */
	public static final int DEFAULT_MAX_TOOL_ROUNDS = 5;

	private final @Nullable String outputSchema;

	private final boolean jsonMode;

	private final @Nullable Duration keepAlive;

	private final @Nullable Object think;

	private final Map<String, Object> ollamaOptions;

	private final List<ToolCallback> toolCallbacks;

	private final Map<String, Object> toolContext;

	private final @Nullable Integer maxToolRounds;

	protected OllamaWsChatOptions(ChatOptions portable, Builder builder) {
		super(portable.getModel(), portable.getFrequencyPenalty(), portable.getMaxTokens(),
				portable.getPresencePenalty(),
				(portable.getStopSequences() != null) ? List.copyOf(portable.getStopSequences()) : null,
				portable.getTemperature(), portable.getTopK(), portable.getTopP());
		this.outputSchema = builder.outputSchema;
		this.jsonMode = builder.jsonMode;
		this.keepAlive = builder.keepAlive;
		this.think = builder.think;
		this.ollamaOptions = Collections.unmodifiableMap(new LinkedHashMap<>(builder.ollamaOptions));
		this.toolCallbacks = List.copyOf(builder.toolCallbacks);
		this.toolContext = Collections.unmodifiableMap(new LinkedHashMap<>(builder.toolContext));
		this.maxToolRounds = builder.maxToolRounds;
	}

	/**
	 * A builder of options.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * The JSON Schema the reply must follow (Ollama's {@code format}).
	 * @return the schema as JSON text, or {@code null}
	 */
	@Override
	public @Nullable String getOutputSchema() {
		return this.outputSchema;
	}

	/**
	 * Whether the reply must be JSON of any shape (Ollama's {@code "format":"json"}),
	 * when no schema is set.
	 * @return whether JSON mode is on
	 */
	public boolean isJsonMode() {
		return this.jsonMode;
	}

	/**
	 * How long Ollama keeps the model loaded after the request (Ollama's
	 * {@code keep_alive}).
	 * @return the duration, or {@code null} for the template's default
	 */
	public @Nullable Duration getKeepAlive() {
		return this.keepAlive;
	}

	/**
	 * Whether a thinking model thinks first (Ollama's {@code think}): a {@link Boolean}
	 * or a level.
	 * @return the setting, or {@code null}
	 */
	public @Nullable Object getThink() {
		return this.think;
	}

	/**
	 * Other Ollama model parameters by Ollama's name (for example {@code num_ctx},
	 * {@code seed}).
	 * @return the parameters, never {@code null}
	 */
	public Map<String, Object> getOllamaOptions() {
		return this.ollamaOptions;
	}

	/**
	 * The tools offered to the model.
	 * @return the tool callbacks, never {@code null}
	 */
	@Override
	public List<ToolCallback> getToolCallbacks() {
		return this.toolCallbacks;
	}

	/**
	 * What the tools receive besides their arguments (never sent to the model).
	 * @return the tool context, never {@code null}
	 */
	@Override
	public Map<String, Object> getToolContext() {
		return this.toolContext;
	}

	/**
	 * The most rounds of tool calls per user turn: once the conversation has had this
	 * many since the last user message, the model is offered no tool and must answer with
	 * the results it has.
	 * @return the limit, or {@code null} for {@link #DEFAULT_MAX_TOOL_ROUNDS}
	 */
	public @Nullable Integer getMaxToolRounds() {
		return this.maxToolRounds;
	}

	@Override
	public Builder mutate() {
		Builder builder = new Builder();
		builder.model(getModel())
			.frequencyPenalty(getFrequencyPenalty())
			.maxTokens(getMaxTokens())
			.presencePenalty(getPresencePenalty())
			.stopSequences(getStopSequences())
			.temperature(getTemperature())
			.topK(getTopK())
			.topP(getTopP());
		builder.outputSchema = this.outputSchema;
		builder.jsonMode = this.jsonMode;
		builder.keepAlive = this.keepAlive;
		builder.think = this.think;
		builder.ollamaOptions.putAll(this.ollamaOptions);
		builder.toolCallbacks.addAll(this.toolCallbacks);
		builder.toolContext.putAll(this.toolContext);
		builder.maxToolRounds = this.maxToolRounds;
		return builder;
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return (other instanceof OllamaWsChatOptions that) && super.equals(that)
				&& Objects.equals(this.outputSchema, that.outputSchema) && this.jsonMode == that.jsonMode
				&& Objects.equals(this.keepAlive, that.keepAlive) && Objects.equals(this.think, that.think)
				&& this.ollamaOptions.equals(that.ollamaOptions) && this.toolCallbacks.equals(that.toolCallbacks)
				&& this.toolContext.equals(that.toolContext) && Objects.equals(this.maxToolRounds, that.maxToolRounds);
	}

	@Override
	public int hashCode() {
		return Objects.hash(super.hashCode(), this.outputSchema, this.jsonMode, this.keepAlive, this.think,
				this.ollamaOptions, this.toolCallbacks, this.toolContext, this.maxToolRounds);
	}

	/**
	 * Builds {@link OllamaWsChatOptions}.
	 */
	public static class Builder extends DefaultChatOptionsBuilder<Builder>
			implements StructuredOutputChatOptions.Builder<Builder>, ToolCallingChatOptions.Builder<Builder> {

		private @Nullable String outputSchema;

		private boolean jsonMode;

		private @Nullable Duration keepAlive;

		private @Nullable Object think;

		private final Map<String, Object> ollamaOptions = new LinkedHashMap<>();

		private final List<ToolCallback> toolCallbacks = new ArrayList<>();

		private final Map<String, Object> toolContext = new LinkedHashMap<>();

		private @Nullable Integer maxToolRounds;

		/**
		 * The JSON Schema the reply must follow, as JSON text (Ollama's {@code format}).
		 * @param outputSchema the schema, or {@code null}
		 * @return this builder
		 */
		@Override
		public Builder outputSchema(@Nullable String outputSchema) {
			this.outputSchema = outputSchema;
			return this;
		}

		/**
		 * JSON mode: the reply is JSON of any shape (Ollama's {@code "format":"json"}); a
		 * schema wins over it.
		 * @param jsonMode whether the reply must be JSON
		 * @return this builder
		 */
		public Builder jsonMode(boolean jsonMode) {
			this.jsonMode = jsonMode;
			return this;
		}

		/**
		 * How long Ollama keeps the model loaded after the request (Ollama's
		 * {@code keep_alive}).
		 * @param keepAlive the duration; zero unloads at once, negative keeps it loaded
		 * @return this builder
		 */
		public Builder keepAlive(@Nullable Duration keepAlive) {
			this.keepAlive = keepAlive;
			return this;
		}

		/**
		 * Whether a thinking model thinks first (Ollama's {@code think}).
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
			this.think = level;
			return this;
		}

		/**
		 * Any other Ollama model parameter, by Ollama's name (sent inside Ollama's
		 * {@code options}).
		 * @param name the parameter's name, for example {@code num_ctx}
		 * @param value its value; {@code null} removes it
		 * @return this builder
		 */
		public Builder ollamaOption(String name, @Nullable Object value) {
			if (value == null) {
				this.ollamaOptions.remove(name);
			}
			else {
				this.ollamaOptions.put(name, value);
			}
			return this;
		}

		/**
		 * The tools offered to the model (replacing any set before).
		 * @param toolCallbacks the tools
		 * @return this builder
		 */
		@Override
		public Builder toolCallbacks(@Nullable List<ToolCallback> toolCallbacks) {
			this.toolCallbacks.clear();
			if (toolCallbacks != null) {
				this.toolCallbacks.addAll(toolCallbacks);
			}
			return this;
		}

		/**
		 * The tools offered to the model (replacing any set before).
		 * @param toolCallbacks the tools
		 * @return this builder
		 */
		@Override
		public Builder toolCallbacks(ToolCallback... toolCallbacks) {
			return toolCallbacks(List.of(toolCallbacks));
		}

		/**
		 * What the tools receive besides their arguments (added to any set before).
		 * @param context the entries
		 * @return this builder
		 */
		@Override
		public Builder toolContext(@Nullable Map<String, Object> context) {
			if (context != null) {
				this.toolContext.putAll(context);
			}
			return this;
		}

		/**
		 * An entry of what the tools receive besides their arguments.
		 * @param key the key
		 * @param value the value
		 * @return this builder
		 */
		@Override
		public Builder toolContext(String key, Object value) {
			this.toolContext.put(key, value);
			return this;
		}

		/**
		 * The most rounds of tool calls per user turn, after which the model must answer.
		 * @param maxToolRounds the limit, at least 0; {@code null} for
		 * {@link OllamaWsChatOptions#DEFAULT_MAX_TOOL_ROUNDS}
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
		public Builder clone() {
			return ((OllamaWsChatOptions) build()).mutate();
		}

		@Override
		public Builder combineWith(ChatOptions.Builder<?> other) {
			super.combineWith(other);
			if (other instanceof Builder that) {
				if (that.outputSchema != null) {
					this.outputSchema = that.outputSchema;
				}
				this.jsonMode = this.jsonMode || that.jsonMode;
				if (that.keepAlive != null) {
					this.keepAlive = that.keepAlive;
				}
				if (that.think != null) {
					this.think = that.think;
				}
				this.ollamaOptions.putAll(that.ollamaOptions);
				if (that.maxToolRounds != null) {
					this.maxToolRounds = that.maxToolRounds;
				}
			}
			// As Spring AI's own tool-calling options combine: tools and context added.
			if (other instanceof ToolCallingChatOptions.Builder<?> tools) {
				ToolCallingChatOptions built = tools.build();
				if (built.getToolCallbacks() != null) {
					this.toolCallbacks.addAll(built.getToolCallbacks());
				}
				if (built.getToolContext() != null) {
					this.toolContext.putAll(built.getToolContext());
				}
			}
			return this;
		}

		@Override
		public OllamaWsChatOptions build() {
			// The portable options, as Spring AI's builder holds them.
			return new OllamaWsChatOptions(super.build(), this);
		}

	}

}
