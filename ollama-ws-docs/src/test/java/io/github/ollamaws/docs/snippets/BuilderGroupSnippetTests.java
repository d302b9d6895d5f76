package io.github.ollamaws.docs.snippets;

import java.time.Duration;

import io.github.ollamaws.autoconfigure.OllamaTemplateCustomizer;
import io.github.ollamaws.client.OllamaTemplate;
import io.github.ollamaws.testserver.OllamaWsTestServer;
import io.github.ollamaws.testserver.ScriptedBackend;
import io.github.ollamaws.testserver.TestClient;
import io.github.ollamaws.testserver.TestKeys;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The snippet {@code builder-group} of docs/configuration.md: a customizer changes one
 * setting of a group and keeps the others as the properties set them.
 */
class BuilderGroupSnippetTests {

	@Test
	void aCustomizerChangesOneSettingOfAGroupAndKeepsTheRest() {
		try (OllamaWsTestServer gateway = OllamaWsTestServer.builder()
			.backend(ScriptedBackend.withDefaultModels())
			.start()) {
			TestClient client = gateway.registerNewClient(TestKeys.ec());
			SnippetGateways.contextRunner(gateway, client)
				.withPropertyValues("ollama.ws.pool.size=3")
				.withUserConfiguration(WarmPoolConfiguration.class)
				.run((context) -> {
					OllamaTemplate ollama = context.getBean(OllamaTemplate.class);
					// pool.size from the properties, eager warm-up from the customizer:
					// every connection opens at start, before any request.
					assertThat(ollama.poolStatus().size()).isEqualTo(3);
					await().atMost(Duration.ofSeconds(10))
						.untilAsserted(() -> assertThat(ollama.poolStatus().authenticated()).isEqualTo(3));
				});
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class WarmPoolConfiguration {

		// tag::builder-group[]
		@Bean
		OllamaTemplateCustomizer warmPool() {
			// the pool's other settings stay as the ollama.ws.pool.* properties set them
			return (builder) -> builder.pool((pool) -> pool.eagerWarmUp(true));
		}
		// end::builder-group[]

	}

}
