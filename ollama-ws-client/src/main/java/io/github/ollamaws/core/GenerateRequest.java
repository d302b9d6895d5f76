package io.github.ollamaws.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import org.springframework.core.io.Resource;

/**
 * One generation to run: the prompt, and optionally the model, Ollama's model parameters,
 * Ollama's request-level fields (system prompt, output format, images, keep-alive, ...)
 * and a timeout of its own. What is left unset takes the template's defaults
 * ({@code ollama.ws.default-model}, {@code ollama.ws.default-options},
 * {@code ollama.ws.default-system}, {@code ollama.ws.keep-alive},
 * {@code ollama.ws.request-timeout}).
 *
 * <pre>{@code
 * GenerateRequest request = GenerateRequest.builder("Why is the sky blue?")
 *     .model("llama3")
 *     .system("Answer in one sentence.")
 *     .options(GenerationOptions.builder().temperature(0.2).maxTokens(256).build())
 *     .keepAlive(Duration.ofMinutes(10))
 *     .timeout(Duration.ofSeconds(30))
 *     .build();
 * }</pre>
 *
 * <p>
 * Ollama receives the request-level fields at the top level of its
 * {@code POST /api/generate} body and the model parameters inside its {@code options};
 * the mapping table of docs/api.md lists each.
 *
 * <p>
 * Immutable and thread-safe.
 */
public final class GenerateRequest {

	/**
	 * Fields the gateway itself sets, or that this class models: never sent through the
	 * escape hatch.
	 */
	private static final List<String> NOT_EXTRA_FIELDS = List.of("model", "prompt", "stream", "options", "system",
			"format", "images", "keep_alive", "suffix", "raw", "template", "think");

	private static final List<String> THINK_LEVELS = List.of("high", "medium", "low");

	private final String prompt;

	private final @Nullable String model;

	private final GenerationOptions options;

	private final @Nullable Duration timeout;

	private final @Nullable String system;

	private final @Nullable ResponseFormat format;

	private final List<String> images;

	private final @Nullable Duration keepAlive;

	private final @Nullable String suffix;

	private final @Nullable Boolean raw;

	private final @Nullable String template;

	private final @Nullable Object think;

	private final Map<String, Object> extraFields;

	private GenerateRequest(Builder builder) {
		this.prompt = builder.prompt;
		this.model = builder.model;
		this.options = builder.options;
		this.timeout = builder.timeout;
		this.system = builder.system;
		this.format = builder.format;
		this.images = List.copyOf(builder.images);
		this.keepAlive = builder.keepAlive;
		this.suffix = builder.suffix;
		this.raw = builder.raw;
		this.template = builder.template;
		this.think = builder.think;
		this.extraFields = Collections.unmodifiableMap(new LinkedHashMap<>(builder.extraFields));
	}

	/**
	 * A request for {@code prompt} with every other setting taken from the template's
	 * defaults.
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
	 * A builder that starts from this request's settings.
	 * @return a new builder
	 */
	public Builder mutate() {
		return new Builder(this);
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
	public @Nullable String model() {
		return this.model;
	}

	/**
	 * Ollama's model parameters for this request, applied over the template's default
	 * options.
	 * @return the options, never {@code null}
	 */
	public GenerationOptions options() {
		return this.options;
	}

	/**
	 * The time the whole generation may take.
	 * @return the timeout, or {@code null} for the template's default
	 */
	public @Nullable Duration timeout() {
		return this.timeout;
	}

	/**
	 * The system prompt (Ollama's {@code system}).
	 * @return the system prompt, or {@code null} for the template's default
	 */
	public @Nullable String system() {
		return this.system;
	}

	/**
	 * The shape of the reply (Ollama's {@code format}).
	 * @return the format, or {@code null} for free text
	 */
	public @Nullable ResponseFormat format() {
		return this.format;
	}

	/**
	 * Images for multimodal models, Base64-encoded (Ollama's {@code images}).
	 * @return the images, possibly empty
	 */
	public List<String> images() {
		return this.images;
	}

	/**
	 * How long Ollama keeps the model loaded after this request (Ollama's
	 * {@code keep_alive}).
	 * @return the duration, or {@code null} for the template's default
	 */
	public @Nullable Duration keepAlive() {
		return this.keepAlive;
	}

	/**
	 * Text after the prompt, for fill-in-the-middle models (Ollama's {@code suffix}).
	 * @return the suffix, or {@code null}
	 */
	public @Nullable String suffix() {
		return this.suffix;
	}

	/**
	 * Whether the prompt is sent without the model's template (Ollama's {@code raw}).
	 * @return the flag, or {@code null} when unset
	 */
	public @Nullable Boolean raw() {
		return this.raw;
	}

	/**
	 * The prompt template replacing the model's own (Ollama's {@code template}).
	 * @return the template, or {@code null}
	 */
	public @Nullable String template() {
		return this.template;
	}

	/**
	 * Whether a thinking model thinks first (Ollama's {@code think}): a {@link Boolean},
	 * or a level ({@code "high"}, {@code "medium"}, {@code "low"}).
	 * @return the setting, or {@code null} when unset
	 */
	public @Nullable Object think() {
		return this.think;
	}

	/**
	 * Request-level fields of Ollama's that this class does not model, set with
	 * {@link Builder#extraRequestField(String, Object)}.
	 * @return the fields by Ollama's JSON name
	 */
	public Map<String, Object> extraRequestFields() {
		return this.extraFields;
	}

	/**
	 * The gateway's {@code options} object for this request: Ollama's request-level
	 * fields, which the gateway spreads into the top level of Ollama's body, and Ollama's
	 * own {@code options} object with the model parameters one level down. Used by the
	 * template to build the {@code generate} frame; applications do not need it.
	 * @param defaultOptions the template's default model parameters
	 * @param defaultSystem the template's default system prompt, or {@code null}
	 * @param defaultKeepAlive the template's default keep-alive, or {@code null}
	 * @return the object, empty when nothing is set
	 */
	public Map<String, Object> gatewayOptions(GenerationOptions defaultOptions, @Nullable String defaultSystem,
			@Nullable Duration defaultKeepAlive) {
		Map<String, Object> fields = new LinkedHashMap<>();
		putIfSet(fields, "system", (this.system != null) ? this.system : defaultSystem);
		putIfSet(fields, "format", (this.format != null) ? this.format.wireValue() : null);
		putIfSet(fields, "suffix", this.suffix);
		putIfSet(fields, "template", this.template);
		putIfSet(fields, "raw", this.raw);
		putIfSet(fields, "think", this.think);
		Duration keepAlive = (this.keepAlive != null) ? this.keepAlive : defaultKeepAlive;
		putIfSet(fields, "keep_alive", (keepAlive != null) ? KeepAlive.wireValue(keepAlive) : null);
		if (!this.images.isEmpty()) {
			fields.put("images", this.images);
		}
		fields.putAll(this.extraFields);
		GenerationOptions parameters = defaultOptions.mergedWith(this.options);
		if (!parameters.isEmpty()) {
			fields.put("options", parameters.asMap());
		}
		return fields;
	}

	private static void putIfSet(Map<String, Object> fields, String name, @Nullable Object value) {
		if (value != null) {
			fields.put(name, value);
		}
	}

	@Override
	public String toString() {
		// Prompt, system prompt and images may be private or huge: never printed whole.
		return "GenerateRequest[model=" + this.model + ", promptLength=" + this.prompt.length() + ", options="
				+ this.options + ", system=" + ((this.system != null) ? "(set)" : null) + ", format=" + this.format
				+ ", images=" + this.images.size() + ", keepAlive=" + this.keepAlive + ", timeout=" + this.timeout
				+ "]";
	}

	/**
	 * Builds a {@link GenerateRequest}.
	 */
	public static final class Builder {

		private String prompt;

		private @Nullable String model;

		private GenerationOptions options = GenerationOptions.empty();

		private @Nullable Duration timeout;

		private @Nullable String system;

		private @Nullable ResponseFormat format;

		private final List<String> images = new ArrayList<>();

		private @Nullable Duration keepAlive;

		private @Nullable String suffix;

		private @Nullable Boolean raw;

		private @Nullable String template;

		private @Nullable Object think;

		private final Map<String, Object> extraFields = new LinkedHashMap<>();

		private Builder(String prompt) {
			prompt(prompt);
		}

		private Builder(GenerateRequest request) {
			this.prompt = request.prompt;
			this.model = request.model;
			this.options = request.options;
			this.timeout = request.timeout;
			this.system = request.system;
			this.format = request.format;
			this.images.addAll(request.images);
			this.keepAlive = request.keepAlive;
			this.suffix = request.suffix;
			this.raw = request.raw;
			this.template = request.template;
			this.think = request.think;
			this.extraFields.putAll(request.extraFields);
		}

		/**
		 * The prompt.
		 * @param prompt the prompt, not empty (the gateway rejects an empty prompt)
		 * @return this builder
		 */
		public Builder prompt(String prompt) {
			Objects.requireNonNull(prompt, "prompt must not be null");
			if (prompt.isEmpty()) {
				throw new InvalidRequestException("prompt must not be empty");
			}
			this.prompt = prompt;
			return this;
		}

		/**
		 * The model.
		 * @param model the model name, or {@code null} for the template's default
		 * @return this builder
		 */
		public Builder model(@Nullable String model) {
			this.model = (model != null && !model.isBlank()) ? model : null;
			return this;
		}

		/**
		 * Ollama's model parameters for this request (temperature, token limit, ...),
		 * applied over the template's default options.
		 * @param options the options
		 * @return this builder
		 */
		public Builder options(@Nullable GenerationOptions options) {
			this.options = (options != null) ? options : GenerationOptions.empty();
			return this;
		}

		/**
		 * The time the whole generation may take.
		 * @param timeout a positive duration, or {@code null} for the template's default
		 * @return this builder
		 */
		public Builder timeout(@Nullable Duration timeout) {
			if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
				throw new InvalidRequestException("timeout must be positive");
			}
			this.timeout = timeout;
			return this;
		}

		/**
		 * The system prompt, replacing the model's own (Ollama's {@code system}).
		 * @param system the system prompt, or {@code null} for the template's default
		 * @return this builder
		 */
		public Builder system(@Nullable String system) {
			this.system = system;
			return this;
		}

		/**
		 * The shape of the reply: {@link ResponseFormat#json()} or a JSON Schema
		 * (Ollama's {@code format}).
		 * @param format the format, or {@code null} for free text
		 * @return this builder
		 */
		public Builder format(@Nullable ResponseFormat format) {
			this.format = format;
			return this;
		}

		/**
		 * Adds an image for a multimodal model, sent Base64-encoded (Ollama's
		 * {@code images}).
		 * @param image the image's bytes (PNG, JPEG, ...)
		 * @return this builder
		 */
		public Builder image(byte[] image) {
			Objects.requireNonNull(image, "image must not be null");
			this.images.add(Base64.getEncoder().encodeToString(image));
			return this;
		}

		/**
		 * Adds an image read from {@code image} (a file, a class path resource, ...),
		 * sent Base64-encoded.
		 * @param image the image
		 * @return this builder
		 * @throws UncheckedIOException if the resource cannot be read
		 */
		public Builder image(Resource image) {
			Objects.requireNonNull(image, "image must not be null");
			try (InputStream in = image.getInputStream()) {
				return image(in.readAllBytes());
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot read the image " + image.getDescription(), ex);
			}
		}

		/**
		 * Adds an image that is already Base64-encoded (standard alphabet, with padding).
		 * @param base64 the encoded image
		 * @return this builder
		 * @throws InvalidRequestException if the text is not Base64 (Ollama would reject
		 * the request)
		 */
		public Builder imageBase64(String base64) {
			Objects.requireNonNull(base64, "base64 must not be null");
			try {
				Base64.getDecoder().decode(base64);
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidRequestException("The image is not valid Base64: " + ex.getMessage(), ex);
			}
			this.images.add(base64);
			return this;
		}

		/**
		 * How long Ollama keeps the model loaded after this request (Ollama's
		 * {@code keep_alive}). {@link Duration#ZERO} unloads it at once; a negative
		 * duration keeps it loaded indefinitely.
		 * @param keepAlive the duration, or {@code null} for the template's default
		 * @return this builder
		 */
		public Builder keepAlive(@Nullable Duration keepAlive) {
			this.keepAlive = keepAlive;
			return this;
		}

		/**
		 * Text after the prompt, for fill-in-the-middle (code completion) models
		 * (Ollama's {@code suffix}).
		 * @param suffix the suffix, or {@code null}
		 * @return this builder
		 */
		public Builder suffix(@Nullable String suffix) {
			this.suffix = suffix;
			return this;
		}

		/**
		 * Whether to send the prompt as is, without the model's prompt template (Ollama's
		 * {@code raw}).
		 * @param raw whether the prompt is raw
		 * @return this builder
		 */
		public Builder raw(boolean raw) {
			this.raw = raw;
			return this;
		}

		/**
		 * A prompt template replacing the model's own (Ollama's {@code template}, Go
		 * template syntax).
		 * @param template the template, or {@code null}
		 * @return this builder
		 */
		public Builder template(@Nullable String template) {
			this.template = template;
			return this;
		}

		/**
		 * Whether a thinking model thinks before it answers (Ollama's {@code think}). The
		 * gateway forwards only the answer, never the thinking text.
		 * @param think whether to think
		 * @return this builder
		 */
		public Builder think(boolean think) {
			this.think = think;
			return this;
		}

		/**
		 * How hard a thinking model that supports levels thinks (Ollama's {@code think}).
		 * @param level {@code "high"}, {@code "medium"} or {@code "low"}
		 * @return this builder
		 */
		public Builder think(String level) {
			if (!THINK_LEVELS.contains(level)) {
				throw new InvalidRequestException("think must be one of " + THINK_LEVELS + ", not '" + level + "'");
			}
			this.think = level;
			return this;
		}

		/**
		 * Escape hatch: a field of Ollama's request that this builder does not model (for
		 * example a field a newer Ollama adds), sent at the top level of Ollama's body as
		 * given. Not for model parameters: those go in {@link GenerationOptions}.
		 * @param name the JSON name of the field in Ollama's request
		 * @param value the value; {@code null} removes the field
		 * @return this builder
		 * @throws InvalidRequestException for a model parameter, or a field this builder
		 * or the gateway sets
		 */
		public Builder extraRequestField(String name, @Nullable Object value) {
			Objects.requireNonNull(name, "name must not be null");
			if (OllamaParameter.forJsonName(name) != null || "max_tokens".equals(name)) {
				throw new InvalidRequestException("'" + name + "' is a model parameter, which Ollama reads only"
						+ " inside its options: set it with GenerationOptions");
			}
			if (NOT_EXTRA_FIELDS.contains(name)) {
				throw new InvalidRequestException(
						"'" + name + "' is set by the gateway or by its own method of this builder");
			}
			if (value == null) {
				this.extraFields.remove(name);
			}
			else {
				this.extraFields.put(name, value);
			}
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
