package io.github.ollamaws.sample.embedded;

import java.net.URI;
import java.time.Duration;

/**
 * The sample's own settings ({@code sample.*}): how the embedded gateway is set up. Bound
 * before the application context is refreshed, by {@link EmbeddedGatewayInitializer}.
 */
public class SampleProperties {

	private final Embedded embedded = new Embedded();

	private final Ollama ollama = new Ollama();

	private final Demo demo = new Demo();

	/**
	 * Returns the embedded gateway's settings.
	 * @return the settings
	 */
	public Embedded getEmbedded() {
		return this.embedded;
	}

	/**
	 * Returns the settings of the Ollama behind the embedded gateway.
	 * @return the settings
	 */
	public Ollama getOllama() {
		return this.ollama;
	}

	/**
	 * Returns the demo model's settings.
	 * @return the settings
	 */
	public Demo getDemo() {
		return this.demo;
	}

	/**
	 * The embedded gateway.
	 */
	public static class Embedded {

		/**
		 * Whether to start an embedded gateway when 'ollama.ws.url' is not set.
		 */
		private boolean enabled = true;

		/**
		 * How many embedded gateways to start; with more than one, one template spreads
		 * requests over them (the 'fleet' profile starts two).
		 */
		private int gateways = 1;

		/**
		 * Returns how many embedded gateways to start.
		 * @return how many
		 */
		public int getGateways() {
			return this.gateways;
		}

		/**
		 * Sets how many embedded gateways to start.
		 * @param gateways how many
		 */
		public void setGateways(int gateways) {
			this.gateways = gateways;
		}

		/**
		 * Returns whether to start an embedded gateway when {@code ollama.ws.url} is not
		 * set.
		 * @return whether to start it
		 */
		public boolean isEnabled() {
			return this.enabled;
		}

		/**
		 * Sets whether to start an embedded gateway when {@code ollama.ws.url} is not
		 * set.
		 * @param enabled whether to start it
		 */
		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/**
	 * The Ollama the embedded gateway uses when one answers.
	 */
	public static class Ollama {

		/**
		 * Whether to look for an Ollama at all; when off, the demo model is served.
		 */
		private boolean enabled = true;

		/**
		 * Ollama's base URL.
		 */
		private URI url = URI.create("http://localhost:11434");

		/**
		 * How long the startup probe waits for Ollama to answer.
		 */
		private Duration probeTimeout = Duration.ofMillis(500);

		/**
		 * Returns whether to look for an Ollama.
		 * @return whether to look
		 */
		public boolean isEnabled() {
			return this.enabled;
		}

		/**
		 * Sets whether to look for an Ollama.
		 * @param enabled whether to look
		 */
		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		/**
		 * Returns Ollama's base URL.
		 * @return the URL
		 */
		public URI getUrl() {
			return this.url;
		}

		/**
		 * Sets Ollama's base URL.
		 * @param url the URL
		 */
		public void setUrl(URI url) {
			this.url = url;
		}

		/**
		 * Returns how long the startup probe waits for Ollama.
		 * @return the timeout
		 */
		public Duration getProbeTimeout() {
			return this.probeTimeout;
		}

		/**
		 * Sets how long the startup probe waits for Ollama.
		 * @param probeTimeout the timeout
		 */
		public void setProbeTimeout(Duration probeTimeout) {
			this.probeTimeout = probeTimeout;
		}

	}

	/**
	 * The scripted demo model.
	 */
	public static class Demo {

		/**
		 * The pause before each word of the demo reply.
		 */
		private Duration tokenDelay = Duration.ofMillis(45);

		/**
		 * Returns the pause before each word of the demo reply.
		 * @return the pause
		 */
		public Duration getTokenDelay() {
			return this.tokenDelay;
		}

		/**
		 * Sets the pause before each word of the demo reply.
		 * @param tokenDelay the pause
		 */
		public void setTokenDelay(Duration tokenDelay) {
			this.tokenDelay = tokenDelay;
		}

	}

}
