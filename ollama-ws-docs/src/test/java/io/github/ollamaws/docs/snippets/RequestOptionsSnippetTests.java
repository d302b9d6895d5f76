package io.github.ollamaws.docs.snippets;

import java.time.Duration;
import java.util.Base64;

import io.github.ollamaws.client.OllamaTemplate;
import io.github.ollamaws.core.GenerateRequest;
import io.github.ollamaws.core.GenerationOptions;
import io.github.ollamaws.testserver.OllamaWsTestServer;
import io.github.ollamaws.testserver.ScriptedBackend;
import io.github.ollamaws.testserver.TestClient;
import io.github.ollamaws.testserver.TestKeys;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The snippet {@code request-options} of docs/api.md: each setting reaches Ollama where
 * it reads it, as the snippet's comment shows.
 */
class RequestOptionsSnippetTests {

	@Test
	void ollamaReceivesEachSettingWhereItReadsIt() throws Exception {
		try (OllamaWsTestServer gateway = OllamaWsTestServer.builder()
			.backend(ScriptedBackend.create().model("llava", "A", " cat."))
			.start()) {
			TestClient client = gateway.registerNewClient(TestKeys.ec());
			try (OllamaTemplate ollama = SnippetGateways.builder(gateway, client).build()) {
				// tag::request-options[]
				GenerateRequest request = GenerateRequest.builder("Describe this picture")
					.model("llava")
					.system("Answer in one sentence.")
					.options(GenerationOptions.builder().temperature(0.2).maxTokens(128).numCtx(8192).build())
					.image(new ClassPathResource("cat.png"))
					.keepAlive(Duration.ofMinutes(30))
					.build();
				// Ollama receives {"model":"llava","prompt":"Describe this picture",
				// "stream":true,"system":"Answer in one sentence.","keep_alive":"30m",
				// "images":["iVBORw0..."],
				// "options":{"temperature":0.2,"num_predict":128,"num_ctx":8192}}
				// end::request-options[]
				assertThat(ollama.generate(request).text()).isEqualTo("A cat.");
			}
			String image = Base64.getEncoder().encodeToString(new ClassPathResource("cat.png").getContentAsByteArray());
			assertThat(image).startsWith("iVBORw0");
			assertThat(gateway.generationRequests().get(0).ollamaBodyJson())
				.isEqualTo("{\"model\":\"llava\",\"prompt\":\"Describe this picture\",\"stream\":true,"
						+ "\"system\":\"Answer in one sentence.\",\"keep_alive\":\"30m\",\"images\":[\"" + image
						+ "\"],\"options\":{\"temperature\":0.2,\"num_predict\":128,\"num_ctx\":8192}}");
		}
	}

}
