package io.github.ollamaws.core;

import org.jspecify.annotations.Nullable;

/**
 * The requested model does not exist on the Ollama server behind the gateway.
 */
public class ModelNotFoundException extends GenerationFailedException {

	private static final long serialVersionUID = 1L;

	private final @Nullable String model;

	public ModelNotFoundException(@Nullable String model, @Nullable String code, String serverMessage) {
		super(code, serverMessage, "");
		this.model = model;
	}

	/**
	 * The model that was asked for.
	 * @return the model name, or {@code null} if the request used the gateway's default
	 * model
	 */
	public @Nullable String model() {
		return this.model;
	}

}
