package io.github.ollamaws.docs.snippets;

import java.time.Duration;

import io.github.ollamaws.client.OllamaTemplate;
import io.github.ollamaws.client.PrivateKeyLoader;
import io.github.ollamaws.core.GenerationFailedException;
import io.github.ollamaws.core.ModelInfo;
import io.github.ollamaws.testserver.OllamaWsTestServer;
import io.github.ollamaws.testserver.ScriptedBackend;
import io.github.ollamaws.testserver.ScriptedModel;
import io.github.ollamaws.testserver.TestClient;
import io.github.ollamaws.testserver.TestKeys;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The snippet {@code test-server} of the test server's README: a gateway with scripted
 * models, and a client registered with it.
 */
class TestServerSnippetTests {

	@Test
	void theScriptedModelsAnswerARegisteredClient() {
		// tag::test-server[]
		try (OllamaWsTestServer server = OllamaWsTestServer.builder()
			.authTimeout(Duration.ofSeconds(2))
			.firstBlock(Duration.ofSeconds(2)) // blocks after 5 failures: 2 s, 4 s, ...
			.backend(ScriptedBackend.withDefaultModels()
				.model(ScriptedModel.named("echo").echo())
				.model(ScriptedModel.named("slow").tokenCount(50).tokenDelay(Duration.ofMillis(20)))
				.model(ScriptedModel.named("broken").tokens("a", "b", "c").failAfter(2))
				.model(ScriptedModel.named("silent").neverAnswers()))
			.start()) {
			TestClient client = server.registerNewClient(TestKeys.ec());
			// connect to server.url() as client.clientId() with client.privateKeyPem()
			// end::test-server[]
			try (OllamaTemplate ollama = OllamaTemplate.builder()
				.url(server.url())
				.clientId(client.clientId())
				.privateKey(PrivateKeyLoader.load(client.privateKeyPem(), null))
				.build()) {
				assertThat(ollama.generate("echo", "Hello there").text()).isEqualTo("Hello there");
				assertThat(ollama.listModels()).extracting(ModelInfo::name)
					.contains("echo", "slow", "broken", "silent");
				assertThatExceptionOfType(GenerationFailedException.class)
					.isThrownBy(() -> ollama.generate("broken", "Hi"));
			}
		}
	}

}
