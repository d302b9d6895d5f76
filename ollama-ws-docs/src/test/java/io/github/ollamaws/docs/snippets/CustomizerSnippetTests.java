package io.github.ollamaws.docs.snippets;

import io.github.ollamaws.autoconfigure.OllamaTemplateCustomizer;
import io.github.ollamaws.client.OllamaTemplate;
import io.github.ollamaws.testserver.OllamaWsTestServer;
import io.github.ollamaws.testserver.ScriptedBackend;
import io.github.ollamaws.testserver.TestClient;
import io.github.ollamaws.testserver.TestKeys;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The snippet {@code customizer} of docs/configuration.md: a customizer sets what no
 * property expresses, here the factory of the client's own threads.
 */
class CustomizerSnippetTests {

	@Test
	void theCustomizersThreadFactoryMakesTheClientsThreads() {
		try (OllamaWsTestServer gateway = OllamaWsTestServer.builder()
			.backend(ScriptedBackend.withDefaultModels())
			.start()) {
			TestClient client = gateway.registerNewClient(TestKeys.ec());
			SnippetGateways.contextRunner(gateway, client)
				.withUserConfiguration(ThreadsConfiguration.class)
				.run((context) -> {
					assertThat(context.getBean(OllamaTemplate.class).generate("Hi").text()).isNotEmpty();
					assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
						.anyMatch((name) -> name.startsWith("my-ollama-"))
						.noneMatch((name) -> name.startsWith("ollama-ws-io-"));
				});
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class ThreadsConfiguration {

		// tag::customizer[]
		@Bean
		OllamaTemplateCustomizer ollamaThreads() {
			return (builder) -> builder.threadFactory(new CustomizableThreadFactory("my-ollama-"));
		}
		// end::customizer[]

	}

}
