package io.github.ollamaws.client;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.github.ollamaws.core.ProtocolException;
import io.github.ollamaws.testserver.ScriptedBackend;
import io.github.ollamaws.testsupport.CapturedLogs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The challenge: one without a nonce is a protocol error, and is never signed or
 * answered.
 */
class OllamaTemplateHandshakeTests extends GatewayTestSupport {

	@ParameterizedTest
	@ValueSource(strings = { "{\"type\":\"challenge\",\"timestamp\":1}",
			"{\"type\":\"challenge\",\"challenge\":\"\",\"timestamp\":1}",
			"{\"type\":\"challenge\",\"challenge\":null,\"timestamp\":1}" })
	void challengeWithoutANonceFailsTheConnectionUnanswered(String challenge) {
		startServer(ScriptedBackend.withDefaultModels());
		// A connection opened while the gateway is stalled gets no challenge of its own.
		this.server.faults().stall();
		OllamaTemplate template = template((builder) -> builder.pool((pool) -> pool.size(1))
			.reconnect((reconnect) -> reconnect.initialDelay(Duration.ofSeconds(30))
				.multiplier(2.0)
				.maxDelay(Duration.ofSeconds(30))
				.maxAttempts(-1)
				.jitter(0.0)));
		CompletableFuture<Duration> ping = template.pingAsync();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.server.openConnections() == 1);
		this.server.faults().endStall();
		this.server.faults().sendToAll(challenge);
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> ping.get(10, TimeUnit.SECONDS))
			.havingCause()
			.isInstanceOf(ProtocolException.class)
			.withMessageContaining("without a nonce");
		assertThat(this.server.receivedFrames("authenticate")).isEmpty();
		assertThat(this.server.authenticationAttempts(this.client.clientId())).isZero();
	}

	@Test
	void aRequestFrameBeforeTheChallengeIsIgnoredWithALogLine() {
		startServer(ScriptedBackend.withDefaultModels());
		this.server.faults().stall();
		OllamaTemplate template = template((builder) -> builder.pool((pool) -> pool.size(1)));
		template.pingAsync();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.server.openConnections() == 1);
		this.server.faults().endStall();
		try (CapturedLogs logs = CapturedLogs.atTrace()) {
			this.server.faults().sendToAll("{\"type\":\"stream_token\",\"id\":\"g-1\",\"token\":\"x\"}");
			await().atMost(Duration.ofSeconds(5))
				.until(() -> logs.lines()
					.stream()
					.anyMatch((line) -> line.contains(" WARN ")
							&& line.contains("ignored a 'stream_token' frame before authentication")));
		}
	}

}
