package io.github.ollamaws.client;

import java.time.Duration;
import java.util.Objects;

/**
 * One generation to run: the prompt, and optionally the model, the options and a timeout of its own.
 * What is left unset takes the template's defaults ({@code ollama.ws.default-model},
 * {@code ollama.ws.default-options}, {@code ollama.ws.request-timeout}).
 *
 * <pre>{@code
 * GenerateRequest request = GenerateRequest.builder("Why is the sky blue?")
 *     .model("llama3")
 *     .options(GenerationOptions.builder().temperature(0.2).build())
 *     .timeout(Duration.ofSeconds(30))
 *     .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class GenerateRequest {

	private final String prompt;

	private final String model;

	private final GenerationOptions options;

	private final Duration timeout;

	private GenerateRequest(Builder builder) {
		this.prompt = builder.prompt;
		this.model = builder.model;
		this.options = builder.options;
		this.timeout = builder.timeout;
	}

	/**
	 * A request for {@code prompt} with every other setting taken from the template's defaults.
	 * @param prompt the prompt, not empty
	 * @return the request
	 */
	public static GenerateRequest of(String prompt) {
		return builder(prompt).build();
	}

	/**
	 * A builder of a request for {@code prompt}.
	 * @param prompt the prompt, not empty
	 * @return a new builder
	 */
	public static Builder builder(String prompt) {
		return new Builder(prompt);
	}

	/**
	 * The prompt.
	 * @return the prompt
	 */
	public String prompt() {
		return this.prompt;
	}

	/**
	 * The model to use.
	 * @return the model, or {@code null} for the template's default
	 */
	public String model() {
		return this.model;
	}

	/**
	 * Options for this request, applied over the template's default options.
	 * @return the options, never {@code null}
	 */
	public GenerationOptions options() {
		return this.options;
	}

	/**
	 * The time the whole generation may take.
	 * @return the timeout, or {@code null} for the template's default
	 */
	public Duration timeout() {
		return this.timeout;
	}

	@Override
	public String toString() {
		// The prompt may be private or huge: never printed whole.
		return "GenerateRequest[model=" + this.model + ", promptLength=" + this.prompt.length() + ", options="
				+ this.options + ", timeout=" + this.timeout + "]";
	}

	/**
	 * Builds a {@link GenerateRequest}.
	 */
	public static final class Builder {

		private String prompt;

		private String model;

		private GenerationOptions options = GenerationOptions.empty();

		private Duration timeout;

		private Builder(String prompt) {
			prompt(prompt);
		}

		/**
		 * The prompt.
		 * @param prompt the prompt, not empty (the gateway rejects an empty prompt)
		 * @return this builder
		 */
		public Builder prompt(String prompt) {
			Objects.requireNonNull(prompt, "prompt must not be null");
			if (prompt.isEmpty()) {
				throw new IllegalArgumentException("prompt must not be empty");
			}
			this.prompt = prompt;
			return this;
		}

		/**
		 * The model.
		 * @param model the model name, or {@code null} for the template's default
		 * @return this builder
		 */
		public Builder model(String model) {
			this.model = (model != null && !model.isBlank()) ? model : null;
			return this;
		}

		/**
		 * Options for this request.
		 * @param options the options
		 * @return this builder
		 */
		public Builder options(GenerationOptions options) {
			this.options = (options != null) ? options : GenerationOptions.empty();
			return this;
		}

		/**
		 * The time the whole generation may take.
		 * @param timeout a positive duration, or {@code null} for the template's default
		 * @return this builder
		 */
		public Builder timeout(Duration timeout) {
			if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
				throw new IllegalArgumentException("timeout must be positive");
			}
			this.timeout = timeout;
			return this;
		}

		/**
		 * The request.
		 * @return an immutable request
		 */
		public GenerateRequest build() {
			return new GenerateRequest(this);
		}

	}

}
