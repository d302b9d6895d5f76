package io.github.ollamaws.client;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.github.ollamaws.core.FinishReason;
import io.github.ollamaws.core.GenerateRequest;
import io.github.ollamaws.core.Generation;
import io.github.ollamaws.core.GenerationResult;
import io.github.ollamaws.testserver.ScriptedBackend;
import io.github.ollamaws.testserver.ScriptedModel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * What the client takes from the gateway's frames for a generation in flight, with frames
 * sent over the wire by the test gateway: the figures of {@code stream_end}, and the
 * exception type of each error code.
 */
class OllamaTemplateGatewayFramesTests extends GatewayTestSupport {

	private OllamaTemplate template;

	@BeforeEach
	void startGateway() {
		startServer(ScriptedBackend.withDefaultModels().model(ScriptedModel.named("silent").neverAnswers()));
		this.template = template((builder) -> builder.pool((pool) -> pool.size(1)));
	}

	@Test
	void reportsTheGatewaysElapsedTimeAndTokenCount() throws Exception {
		Generation generation = silentGeneration();
		send("{'type':'stream_token','id':'ID','token':'a'}", generation);
		send("{'type':'stream_token','id':'ID','token':'b'}", generation);
		send("{'type':'stream_end','id':'ID','totalTokens':7,'elapsedTime':98765,'timestamp':1}", generation);
		GenerationResult result = generation.result().get(10, TimeUnit.SECONDS);
		assertThat(result.text()).isEqualTo("ab");
		assertThat(result.elapsed()).isEqualTo(Duration.ofMillis(98765));
		assertThat(result.totalTokens()).isEqualTo(7);
		assertThat(result.finishReason()).isEqualTo(FinishReason.COMPLETED);
	}

	@Test
	void measuresTheElapsedTimeAndCountsTheTokensWhenTheGatewayDoesNotSay() throws Exception {
		long start = System.nanoTime();
		Generation generation = silentGeneration();
		send("{'type':'stream_token','id':'ID','token':'a'}", generation);
		send("{'type':'stream_end','id':'ID'}", generation);
		GenerationResult result = generation.result().get(10, TimeUnit.SECONDS);
		assertThat(result.elapsed()).isPositive().isLessThanOrEqualTo(Duration.ofNanos(System.nanoTime() - start));
		assertThat(result.totalTokens()).isEqualTo(1);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "invalid_model, ModelNotFoundException", "rate_limited, RateLimitedException",
			"auth_failed, AuthenticationException", "unauthorized, AuthenticationException",
			"generation_error, GenerationFailedException", "model_loading, GenerationFailedException" })
	void errorCodesEndTheGenerationWithTheirExceptionType(String code, String exceptionType) {
		Generation generation = silentGeneration();
		send("{'type':'error','id':'ID','error':'Failed','code':'" + code + "'}", generation);
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> generation.result().get(10, TimeUnit.SECONDS))
			.satisfies((ex) -> assertThat(ex.getCause().getClass().getSimpleName()).isEqualTo(exceptionType));
		// An error for one generation leaves the connection in service.
		assertThat(this.template.generate("x").finishReason()).isEqualTo(FinishReason.COMPLETED);
		assertThat(this.template.poolStatus().reconnects()).isZero();
	}

	private Generation silentGeneration() {
		Generation generation = this.template.stream(GenerateRequest.builder("x").model("silent").build(), (token) -> {
		});
		await().atMost(Duration.ofSeconds(5)).until(() -> this.server.activeGenerations() == 1);
		return generation;
	}

	private void send(String frame, Generation generation) {
		this.server.faults().sendToAll(frame.replace('\'', '"').replace("ID", generation.id()));
	}

}
