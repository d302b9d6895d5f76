package io.github.ollamaws.springai;

import io.github.ollamaws.client.OllamaTemplate;
import io.github.ollamaws.testserver.OllamaWsTestServer;
import io.github.ollamaws.testserver.TestClient;
import io.github.ollamaws.testserver.TestKeys;

/**
 * Templates connected to a test gateway with a newly registered client.
 */
final class TestTemplates {

	private TestTemplates() {
	}

	static OllamaTemplate connect(OllamaWsTestServer server, String defaultModel) {
		TestClient client = server.registerNewClient(TestKeys.ec());
		return OllamaTemplate.builder()
			.url(server.url())
			.clientId(client.clientId())
			.privateKey(client.keys().privateKey())
			.defaultModel(defaultModel)
			.build();
	}

}
