package io.github.ollamaws.autoconfigure.testserver;

import io.github.ollamaws.autoconfigure.OllamaWsAutoConfiguration;
import io.github.ollamaws.autoconfigure.OllamaWsConnectionDetails;
import io.github.ollamaws.client.OllamaTemplate;
import io.github.ollamaws.testserver.OllamaWsTestServer;
import io.github.ollamaws.testserver.ScriptedBackend;
import io.github.ollamaws.testserver.TestClient;
import io.github.ollamaws.testserver.spring.AutoConfigureOllamaWsTestServer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link AutoConfigureOllamaWsTestServer} on a {@code @SpringBootTest} with the starter's
 * auto-configuration.
 */
@SpringBootTest(classes = AutoConfigureOllamaWsTestServerTests.App.class)
@AutoConfigureOllamaWsTestServer
class AutoConfigureOllamaWsTestServerTests {

	@Autowired
	OllamaWsTestServer gateway;

	@Autowired
	TestClient client;

	@Autowired
	OllamaTemplate ollama;

	@Autowired
	OllamaWsConnectionDetails connectionDetails;

	@Test
	void theTemplateTalksToTheInjectedServerWithNothingToConfigure() {
		assertThat(this.connectionDetails.getFirstGateway().url()).isEqualTo(this.gateway.url());
		assertThat(this.connectionDetails.getFirstGateway().clientId()).isEqualTo(this.client.clientId());
		this.gateway.scriptedBackend().model("llama3", "Hello", " world");
		assertThat(this.ollama.generate("llama3", "Hi").text()).isEqualTo("Hello world");
		assertThat(this.gateway.receivedFrames("generate")).hasSize(1);
		assertThat(this.ollama.generate("Hi again").text()).isEqualTo(String.join("", ScriptedBackend.DEFAULT_TOKENS));
		assertThat(this.gateway.defaultModel()).isNotEqualTo("mistral");
	}

	@Nested
	@AutoConfigureOllamaWsTestServer(defaultModel = "mistral")
	class AnotherConfiguration {

		@Autowired
		OllamaWsTestServer otherGateway;

		@Test
		void aContextConfiguredOtherwiseHasAServerOfItsOwn() {
			assertThat(this.otherGateway.defaultModel()).isEqualTo("mistral");
		}

	}

	@SpringBootConfiguration
	@ImportAutoConfiguration(OllamaWsAutoConfiguration.class)
	static class App {

	}

}
