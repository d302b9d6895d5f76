package io.github.ollamaws.autoconfigure;

import io.github.ollamaws.client.OllamaTemplate;
import io.github.ollamaws.testserver.OllamaWsDynamicProperties;
import io.github.ollamaws.testserver.OllamaWsTestServer;
import io.github.ollamaws.testserver.ScriptedBackend;
import io.github.ollamaws.testserver.TestClient;
import io.github.ollamaws.testserver.TestKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example of docs/testing.md: a {@code @SpringBootTest} pointed at the test gateway
 * in one line, with the auto-configured template generating against a scripted model.
 */
@SpringBootTest(classes = SpringBootTestAgainstTestServerTests.App.class)
// Closed after the class with its gateway: a cached context's template would reconnect
// for the rest of the run.
@DirtiesContext
class SpringBootTestAgainstTestServerTests {

	static final OllamaWsTestServer gateway = OllamaWsTestServer.builder()
		.backend(ScriptedBackend.create().model("llama3", "Hello", " world"))
		.start();

	static final TestClient client = gateway.registerNewClient(TestKeys.ec());

	@DynamicPropertySource
	static void gatewayProperties(DynamicPropertyRegistry registry) {
		OllamaWsDynamicProperties.register(registry, gateway, client);
	}

	@AfterAll
	static void stopGateway() {
		gateway.close();
	}

	@Autowired
	OllamaTemplate ollama;

	@Test
	void generatesThroughTheAutoConfiguredTemplate() {
		assertThat(this.ollama.generate("llama3", "Hi").text()).isEqualTo("Hello world");
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

	}

}
