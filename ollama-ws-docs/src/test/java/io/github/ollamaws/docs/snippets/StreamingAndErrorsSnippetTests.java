package io.github.ollamaws.docs.snippets;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.github.ollamaws.client.OllamaTemplate;
import io.github.ollamaws.core.FinishReason;
import io.github.ollamaws.core.GenerateRequest;
import io.github.ollamaws.core.Generation;
import io.github.ollamaws.core.GenerationResult;
import io.github.ollamaws.core.ModelNotFoundException;
import io.github.ollamaws.core.OllamaTimeoutException;
import io.github.ollamaws.testserver.OllamaWsTestServer;
import io.github.ollamaws.testserver.ScriptedBackend;
import io.github.ollamaws.testserver.ScriptedModel;
import io.github.ollamaws.testserver.TestClient;
import io.github.ollamaws.testserver.TestKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The snippets {@code streaming} and {@code errors} of docs/api.md: a stream stopped
 * half-way keeps its text, and an unknown model is a {@link ModelNotFoundException}.
 */
class StreamingAndErrorsSnippetTests {

	private OllamaWsTestServer gateway;

	private OllamaTemplate ollama;

	@BeforeEach
	void start() {
		this.gateway = OllamaWsTestServer.builder()
			.defaultModel("demo")
			.backend(ScriptedBackend.create()
				.model(ScriptedModel.named("demo").tokenCount(200).tokenDelay(Duration.ofMillis(20))))
			.start();
		TestClient client = this.gateway.registerNewClient(TestKeys.ec());
		this.ollama = SnippetGateways.builder(this.gateway, client).build();
	}

	@AfterEach
	void stop() {
		this.ollama.close();
		this.gateway.close();
	}

	@Test
	void aStreamStoppedHalfWayKeepsItsText() {
		OllamaTemplate ollama = this.ollama;
		// tag::streaming[]
		Queue<String> tokens = new ConcurrentLinkedQueue<>();
		Generation generation = ollama.stream(GenerateRequest.of("Tell me a story"), tokens::add);
		// end::streaming[]
		await().atMost(Duration.ofSeconds(5)).until(() -> tokens.size() >= 2);
		// tag::streaming[]
		// Later, from any thread: stops the generation on the gateway. The result is
		// CANCELLED, with the text received so far.
		generation.cancel();
		GenerationResult result = generation.result().join();
		// end::streaming[]
		assertThat(result.finishReason()).isEqualTo(FinishReason.CANCELLED);
		assertThat(result.text()).isEqualTo(String.join("", tokens)).isNotEmpty();
		assertThat(result.totalTokens()).isLessThan(200);
		assertThat(this.gateway.receivedFrames("stop")).hasSize(1);
	}

	@Test
	void anUnknownModelIsCaughtByItsType() {
		assertThat(answer(this.ollama, "no-such-model", "Hi")).isEqualTo("No model no-such-model behind this gateway");
	}

	private static String answer(OllamaTemplate ollama, String model, String question) {
		// tag::errors[]
		try {
			return ollama.generate(model, question).text();
		}
		catch (ModelNotFoundException ex) {
			return "No model " + ex.model() + " behind this gateway";
		}
		catch (OllamaTimeoutException ex) {
			return "No answer within " + ex.limit();
		}
		// end::errors[]
	}

}
