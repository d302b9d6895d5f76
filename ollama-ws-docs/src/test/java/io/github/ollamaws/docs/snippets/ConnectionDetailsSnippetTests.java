package io.github.ollamaws.docs.snippets;

import java.util.List;

import io.github.ollamaws.autoconfigure.OllamaWsAutoConfiguration;
import io.github.ollamaws.autoconfigure.OllamaWsConnectionDetails;
import io.github.ollamaws.client.OllamaTemplate;
import io.github.ollamaws.fleet.GatewayEndpoint;
import io.github.ollamaws.testserver.OllamaWsTestServer;
import io.github.ollamaws.testserver.ScriptedBackend;
import io.github.ollamaws.testserver.TestClient;
import io.github.ollamaws.testserver.TestKeys;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The snippet {@code connection-details} of docs/configuration.md: an
 * {@link OllamaWsConnectionDetails} bean supplies the gateway, with no
 * {@code ollama.ws.*} property at all.
 */
class ConnectionDetailsSnippetTests {

	@Test
	void theBeanIsTheGatewayWithoutAnyProperty() {
		try (OllamaWsTestServer gateway = OllamaWsTestServer.builder()
			.backend(ScriptedBackend.withDefaultModels())
			.start()) {
			TestClient client = gateway.registerNewClient(TestKeys.ec());
			new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(OllamaWsAutoConfiguration.class))
				.withBean(OllamaWsTestServer.class, () -> gateway)
				.withBean(TestClient.class, () -> client)
				.withUserConfiguration(GatewayConfiguration.class)
				.withPropertyValues("ollama.ws.shutdown-timeout=1s")
				.run((context) -> {
					assertThat(context.getBean(OllamaTemplate.class).generate("Hi").text()).isNotEmpty();
					assertThat(gateway.receivedFrames("generate")).hasSize(1);
				});
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class GatewayConfiguration {

		// tag::connection-details[]
		@Bean
		OllamaWsConnectionDetails ollamaWsConnectionDetails(OllamaWsTestServer gateway, TestClient client) {
			// One gateway is a list of one; its key may also come from getPrivateKey().
			GatewayEndpoint endpoint = GatewayEndpoint.of(gateway.url(), client.clientId());
			return () -> List.of(endpoint.withPrivateKey(client.keys().privateKey()));
		}
		// end::connection-details[]

	}

}
