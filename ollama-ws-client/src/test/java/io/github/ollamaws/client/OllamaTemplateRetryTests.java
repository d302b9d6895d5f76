package io.github.ollamaws.client;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.github.ollamaws.core.ConnectionLostException;
import io.github.ollamaws.core.GenerateRequest;
import io.github.ollamaws.core.Generation;
import io.github.ollamaws.testserver.ReceivedFrame;
import io.github.ollamaws.testserver.ScriptedBackend;
import io.github.ollamaws.testserver.ScriptedModel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A generation whose connection is lost before its first token: sent again once, on
 * another connection and under a new wire id (the gateway's ids are global, and the old
 * one may still be in use there), unless retries are turned off. Asserted on the frames
 * the gateway received.
 */
class OllamaTemplateRetryTests extends GatewayTestSupport {

	@BeforeEach
	void startGateway() {
		startServer(ScriptedBackend.withDefaultModels()
			.model(ScriptedModel.named("late").tokens("a", "b").firstTokenDelay(Duration.ofMillis(500))));
	}

	@Test
	void retriedGenerationGoesOutUnderANewWireId() throws Exception {
		OllamaTemplate template = warmPoolOfTwo(true);
		Generation generation = template.stream(GenerateRequest.builder("x").model("late").build(), (token) -> {
		});
		await().atMost(Duration.ofSeconds(5)).until(() -> this.server.activeGenerations() == 1);
		ReceivedFrame first = this.server.receivedFrames("generate").get(0);
		this.server.faults().dropConnection(first.connectionId());
		assertThat(generation.result().get(15, TimeUnit.SECONDS).text()).isEqualTo("ab");
		assertThat(this.server.receivedFrames("generate")).hasSize(2).last().satisfies((retry) -> {
			assertThat(retry.connectionId()).isNotEqualTo(first.connectionId());
			assertThat(wireId(retry)).isNotEqualTo(wireId(first)).matches("[0-9a-f-]{36}");
			assertThat(retry.json().get("prompt").asText()).isEqualTo("x");
			assertThat(retry.json().get("model").asText()).isEqualTo("late");
		});
	}

	@Test
	void noRetryWhenRetryBeforeFirstTokenIsOff() {
		OllamaTemplate template = warmPoolOfTwo(false);
		Generation generation = template.stream(GenerateRequest.builder("x").model("late").build(), (token) -> {
		});
		await().atMost(Duration.ofSeconds(5)).until(() -> this.server.activeGenerations() == 1);
		this.server.faults().dropConnection(this.server.receivedFrames("generate").get(0).connectionId());
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> generation.result().get(15, TimeUnit.SECONDS))
			.withCauseInstanceOf(ConnectionLostException.class);
		await().during(Duration.ofMillis(700))
			.atMost(Duration.ofSeconds(2))
			.until(() -> this.server.receivedFrames("generate").size() == 1);
	}

	private OllamaTemplate warmPoolOfTwo(boolean retryBeforeFirstToken) {
		OllamaTemplate template = template((builder) -> builder.pool((pool) -> pool.size(2).eagerWarmUp(true))
			.retry((retry) -> retry.enabled(retryBeforeFirstToken)));
		template.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> template.poolStatus().authenticated() == 2);
		return template;
	}

	private static String wireId(ReceivedFrame frame) {
		return frame.json().get("id").asText();
	}

}
