package io.github.ollamaws.autoconfigure;

import io.github.ollamaws.testserver.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Tests for {@link OllamaWsConfigurationFailureAnalyzer} as Spring Boot runs it: found
 * through {@code META-INF/spring.factories}, reporting a real application's failed
 * startup.
 */
@ExtendWith(OutputCaptureExtension.class)
class OllamaWsConfigurationFailureAnalyzerTests {

	@Test
	void reportsAFailedStartupWithThePropertyToSet(CapturedOutput output) {
		SpringApplication application = new SpringApplication(ClientApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		String passphrase = "never-print-this-passphrase";
		String pem = TestKeys.rsa().encryptedPrivateKeyPem(passphrase);
		assertThatException().isThrownBy(() -> application.run("--ollama.ws.private-key=" + pem,
				"--ollama.ws.private-key-passphrase=" + passphrase, "--spring.main.banner-mode=off"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Property 'ollama.ws.client-id': No client id is set.")
			.contains("Set 'ollama.ws.client-id' to the client id the gateway registered your public key under.")
			.doesNotContain(passphrase)
			.doesNotContain(pem.lines().skip(1).findFirst().orElseThrow());
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(OllamaWsAutoConfiguration.class)
	static class ClientApplication {

	}

}
