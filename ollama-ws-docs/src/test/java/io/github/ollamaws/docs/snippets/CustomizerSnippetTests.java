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
					// The customizer's factory made the client's threads; the client
					// still
					// names them by role.
					assertThat(Thread.getAllStackTraces().keySet())
						.filteredOn((thread) -> thread.getName().startsWith("ollama-ws-io-")
								|| thread.getName().startsWith("ollama-ws-scheduler-"))
						.isNotEmpty()
						.allMatch((thread) -> thread.getPriority() == Thread.NORM_PRIORITY + 1);
				});
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class ThreadsConfiguration {

		// tag::customizer[]
		@Bean
		OllamaTemplateCustomizer ollamaThreads() {
			CustomizableThreadFactory threads = new CustomizableThreadFactory();
			threads.setThreadPriority(Thread.NORM_PRIORITY + 1);
			return (builder) -> builder.threadFactory(threads);
		}
		// end::customizer[]

	}

}
