package io.github.ollamaws.testserver;

import java.util.List;

/**
 * The model server behind the gateway (Ollama, for the real gateway). The gateway maps
 * what a backend reports to the exact wire shapes of the real gateway; a backend only
 * produces models, tokens and failures.
 *
 * <p>
 * {@link ScriptedBackend} is the scripted implementation used by tests; an implementation
 * that calls a real Ollama over HTTP can be plugged in the same way.
 */
public interface ModelBackend extends AutoCloseable {

	/**
	 * Lists the available models. A thrown exception is reported to the client as
	 * {@code "Failed to list models: <message>"}.
	 * @return the models
	 * @throws Exception if the listing fails
	 */
	List<ModelDescriptor> listModels() throws Exception;

	/**
	 * Starts a generation and returns at once; tokens and the outcome are delivered to
	 * the sink asynchronously. An unknown model is reported with
	 * {@link TokenSink#fail(String)} and the message {@code Ollama API error: 404
	 * {"error":"model \"x\" not found, try pulling it first"}}.
	 * @param request the generation
	 * @param sink where tokens and the outcome go
	 * @return a handle that aborts the generation upstream
	 */
	GenerationHandle generate(GenerationRequest request, TokenSink sink);

	/**
	 * Releases the backend's resources; called when the server is closed.
	 */
	@Override
	default void close() {
	}

	/**
	 * A running generation on the backend.
	 */
	@FunctionalInterface
	interface GenerationHandle {

		/**
		 * Aborts the generation upstream (a stop, or its connection closed). Must be
		 * idempotent and must not call the sink.
		 */
		void abort();

	}

}
