package io.github.ollamaws.docs.snippets;

import java.time.Duration;

import io.github.ollamaws.client.OllamaTemplate;
import io.github.ollamaws.testserver.OllamaWsTestServer;
import io.github.ollamaws.testserver.TestClient;

/**
 * Templates for the snippets, against a real test gateway on loopback.
 */
final class SnippetGateways {

	private SnippetGateways() {
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
