package io.github.ollamaws.sample;

import io.github.ollamaws.auth.PrivateKeyLoader;
import io.github.ollamaws.client.OllamaTemplate;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Interim wiring of the {@link OllamaTemplate} from the {@code ollama.ws.*} properties, used only until
 * the starter's auto-configuration is on the classpath.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnMissingClass("io.github.ollamaws.autoconfigure.OllamaWsAutoConfiguration")
class InterimOllamaTemplateConfiguration {

	@Bean
	OllamaTemplate ollamaTemplate(Environment environment) {
		return OllamaTemplate.builder()
			.url(environment.getRequiredProperty("ollama.ws.url"))
			.clientId(environment.getRequiredProperty("ollama.ws.client-id"))
			.privateKey(PrivateKeyLoader.load(environment.getRequiredProperty("ollama.ws.private-key"), null))
			.defaultModel(environment.getProperty("ollama.ws.default-model", "llama2"))
			.build();
	}

}
