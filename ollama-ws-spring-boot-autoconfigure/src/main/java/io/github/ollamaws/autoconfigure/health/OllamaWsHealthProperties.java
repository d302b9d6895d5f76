package io.github.ollamaws.autoconfigure.health;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the {@code ollama-ws} health indicator.
 */
@ConfigurationProperties("management.health.ollama-ws")
public class OllamaWsHealthProperties {

	/**
	 * Longest a health check waits for the gateway's pong before reporting DOWN. The
	 * health endpoint never waits longer, whatever the client's own timeouts.
	 */
	private Duration timeout = Duration.ofSeconds(2);

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

}
