package io.github.ollamaws.langchain4j.autoconfigure;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.SystemMessage;
import io.github.ollamaws.testserver.OllamaWsTestServer;
import io.github.ollamaws.testserver.ScriptedBackend;
import io.github.ollamaws.testserver.ScriptedModel;
import io.github.ollamaws.testserver.TestClient;
import io.github.ollamaws.testserver.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Boot application with LangChain4j and this module, started as a user starts one: the
 * models are there, an {@code AiServices} interface answers, and the log has no WARN
 * line.
 */
@ExtendWith(OutputCaptureExtension.class)
class LangChain4jApplicationStartupTests {

	@Test
	void startsWithoutAWarningAndAnswers(CapturedOutput output) {
		try (OllamaWsTestServer server = OllamaWsTestServer.builder()
			.backend(ScriptedBackend.create().model(ScriptedModel.named("llama3").echo()))
			.start()) {
			TestClient client = server.registerNewClient(TestKeys.ec());
			try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Application.class)
				.web(WebApplicationType.NONE)
				.properties(server.springPropertyValues(client))
				.properties("ollama.ws.default-model=llama3")
				.run()) {
				Greeter greeter = AiServices.create(Greeter.class, context.getBean(ChatModel.class));
				assertThat(greeter.greet("Hello")).isEqualTo("Hello");
			}
		}
		assertThat(output.getAll()).containsPattern("Started \\S+ in").doesNotContain(" WARN ");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Application {

	}

	interface Greeter {

		@SystemMessage("Greet back.")
		String greet(String greeting);

	}

}
