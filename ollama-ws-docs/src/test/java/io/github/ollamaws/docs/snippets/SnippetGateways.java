package io.github.ollamaws.docs.snippets;

import java.time.Duration;

import io.github.ollamaws.autoconfigure.OllamaWsAutoConfiguration;
import io.github.ollamaws.client.OllamaTemplate;
import io.github.ollamaws.testserver.OllamaWsTestServer;
import io.github.ollamaws.testserver.TestClient;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Templates for the snippets, against a real test gateway on loopback.
 */
final class SnippetGateways {

	private SnippetGateways() {
	}

	/**
	 * An application context of the starter's auto-configuration, pointed at the gateway
	 * as a client of it, with a short shutdown.
	 * @param gateway the gateway
	 * @param client its registered client
	 * @return the context runner
	 */
	static ApplicationContextRunner contextRunner(OllamaWsTestServer gateway, TestClient client) {
		return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(OllamaWsAutoConfiguration.class))
			.withPropertyValues(gateway.springPropertyValues(client))
			.withPropertyValues("ollama.ws.shutdown-timeout=1s");
	}

	/**
	 * A template builder for a client of the gateway, with a short shutdown.
	 * @param gateway the gateway
	 * @param client its registered client
	 * @return the builder
	 */
	static OllamaTemplate.Builder builder(OllamaWsTestServer gateway, TestClient client) {
		return OllamaTemplate.builder()
			.url(gateway.url())
			.clientId(client.clientId())
			.privateKey(client.keys().privateKey())
			.shutdownTimeout(Duration.ofSeconds(1));
	}

}
