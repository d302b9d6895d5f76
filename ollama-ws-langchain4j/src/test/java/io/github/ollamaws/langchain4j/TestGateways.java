package io.github.ollamaws.langchain4j;

import java.util.List;
import java.util.function.UnaryOperator;

import io.github.ollamaws.client.OllamaTemplate;
import io.github.ollamaws.testserver.GenerationRequest;
import io.github.ollamaws.testserver.OllamaWsTestServer;
import io.github.ollamaws.testserver.TestClient;
import io.github.ollamaws.testserver.TestKeys;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A template for a test gateway, with a newly registered key, and what the gateway
 * received.
 */
final class TestGateways {

	private TestGateways() {
	}

	static OllamaTemplate template(OllamaWsTestServer server) {
		return template(server, UnaryOperator.identity());
	}

	static OllamaTemplate template(OllamaWsTestServer server, UnaryOperator<OllamaTemplate.Builder> customizer) {
		TestClient client = server.registerNewClient(TestKeys.ec());
		return customizer
			.apply(OllamaTemplate.builder()
				.url(server.url())
				.clientId(client.clientId())
				.privateKey(client.keys().privateKey())
				.defaultModel("llama3"))
			.build();
	}

	static GenerationRequest lastRequest(OllamaWsTestServer server) {
		List<GenerationRequest> requests = server.generationRequests();
		assertThat(requests).isNotEmpty();
		return requests.get(requests.size() - 1);
	}

}
