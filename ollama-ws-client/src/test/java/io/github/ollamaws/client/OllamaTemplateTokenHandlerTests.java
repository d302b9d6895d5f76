package io.github.ollamaws.client;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.github.ollamaws.core.FinishReason;
import io.github.ollamaws.core.GenerateRequest;
import io.github.ollamaws.core.Generation;
import io.github.ollamaws.core.GenerationFailedException;
import io.github.ollamaws.core.GenerationResult;
import io.github.ollamaws.core.TokenHandler;
import io.github.ollamaws.testserver.ScriptedBackend;
import io.github.ollamaws.testserver.ScriptedModel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A {@link TokenHandler} that throws disturbs neither its own generation nor the others
 * on the same connection, nor the connection itself.
 */
class OllamaTemplateTokenHandlerTests extends GatewayTestSupport {

	private static final String FULL_TEXT = String.join("", ScriptedBackend.DEFAULT_TOKENS);

	@BeforeEach
	void startGateway() {
		startServer(ScriptedBackend.withDefaultModels()
			.model(ScriptedModel.named("steady").tokenCount(20).tokenDelay(Duration.ofMillis(20)))
			.model(ScriptedModel.named("broken").tokens("one ", "two ").failAfter(1, "upstream died")));
	}

	@Test
	void handlerThrowingOnEveryCallbackLeavesTheGenerationsAndTheConnectionWhole() throws Exception {
		OllamaTemplate template = template((builder) -> builder.pool((pool) -> pool.size(1)));
		template.ping();
		List<String> tokens = new CopyOnWriteArrayList<>();
		Generation bystander = template.stream(GenerateRequest.builder("y").model("steady").build(), tokens::add);
		Generation throwing = template.stream(GenerateRequest.of("x"), new ThrowingHandler());
		GenerationResult result = throwing.result().get(10, TimeUnit.SECONDS);
		assertThat(result.text()).isEqualTo(FULL_TEXT);
		assertThat(result.finishReason()).isEqualTo(FinishReason.COMPLETED);
		assertThat(bystander.result().get(10, TimeUnit.SECONDS).totalTokens()).isEqualTo(20);
		assertThat(tokens).hasSize(20);
		assertThat(template.poolStatus().reconnects()).isZero();
		assertThat(this.server.openConnections()).isEqualTo(1);
		assertThat(template.generate("x").text()).isEqualTo(FULL_TEXT);
	}

	@Test
	void handlerThrowingOnErrorStillFailsTheGenerationWithTheGatewaysError() {
		OllamaTemplate template = template((builder) -> builder.pool((pool) -> pool.size(1)));
		Generation generation = template.stream(GenerateRequest.builder("x").model("broken").build(),
				new ThrowingHandler());
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> generation.result().get(10, TimeUnit.SECONDS))
			.havingCause()
			.isInstanceOfSatisfying(GenerationFailedException.class,
					(ex) -> assertThat(ex.partialText()).isEqualTo("one "));
		assertThat(template.poolStatus().reconnects()).isZero();
		assertThat(template.generate("x").text()).isEqualTo(FULL_TEXT);
	}

	private static final class ThrowingHandler implements TokenHandler {

		@Override
		public void onToken(String token) {
			throw new IllegalStateException("onToken failed");
		}

		@Override
		public void onStart(String generationId, String model) {
			throw new IllegalStateException("onStart failed");
		}

		@Override
		public void onComplete(GenerationResult result) {
			throw new IllegalStateException("onComplete failed");
		}

		@Override
		public void onError(Throwable error) {
			throw new IllegalStateException("onError failed");
		}

	}

}
