package io.github.ollamaws.sample.embedded;

import java.net.URI;

/**
 * Which gateway the app talks to and what is behind it, as decided at startup; shown on
 * the page.
 *
 * @param mode what the app talks to
 * @param gatewayUrl the gateway's WebSocket URL
 * @param ollamaUrl the Ollama behind the embedded gateway, or {@code null} when there is
 * none (demo) or it is not known (remote)
 * @param defaultModel the model used when a request names none, or {@code null} to leave
 * it to the starter's configuration
 * @param note a sentence for the user about this setup and how to change it
 */
public record GatewaySetup(Mode mode, URI gatewayUrl, URI ollamaUrl, String defaultModel, String note) {

	/**
	 * The name of the scripted model the embedded gateway serves when no Ollama answers.
	 */
	public static final String DEMO_MODEL = "demo";

	/**
	 * What the app talks to.
	 */
	public enum Mode {

		/**
		 * An embedded gateway serving the scripted {@value GatewaySetup#DEMO_MODEL}
		 * model.
		 */
		DEMO,

		/** An embedded gateway in front of a real Ollama. */
		OLLAMA,

		/** A real gateway configured with {@code ollama.ws.url}; nothing embedded. */
		REMOTE

	}

}
