package io.github.ollamaws.client;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.github.ollamaws.core.ConnectionLostException;
import io.github.ollamaws.core.FinishReason;
import io.github.ollamaws.core.GenerateRequest;
import io.github.ollamaws.core.Generation;
import io.github.ollamaws.core.MessageTooLargeException;
import io.github.ollamaws.testserver.ScriptedBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for message sizes: the container's buffers are small, so larger messages arrive
 * in parts that the connection assembles, up to {@code maxMessageSize} and no further.
 * The limit is in UTF-8 bytes, both ways.
 */
class OllamaTemplateMessageSizeTests extends GatewayTestSupport {

	@Test
	void assemblesMessagesUpToTheLimitFromParts() {
		String token = "é".repeat(150 * 1024);
		startServer(ScriptedBackend.withDefaultModels().model("big", "a", token, "b"));
		OllamaTemplate template = template((builder) -> builder.maxMessageSize(512 * 1024));
		assertThat(template.generate("big", "x").text()).isEqualTo("a" + token + "b");
		assertThat(template.generate("llama2", "x").text()).isEqualTo("Hello, I am llama2.");
	}

	@Test
	void aMessageOverTheLimitReplacesTheConnection() throws Exception {
		startServer(ScriptedBackend.withDefaultModels().model("huge", "a", "x".repeat(100 * 1024)));
		OllamaTemplate template = template((builder) -> builder.maxMessageSize(64 * 1024)
			.pool((pool) -> pool.size(1))
			.retry((retry) -> retry.enabled(false)));
		Generation generation = template.stream(GenerateRequest.builder("x").model("huge").build(), (token) -> {
		});
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> generation.result().get(10, TimeUnit.SECONDS))
			.havingCause()
			.isInstanceOfSatisfying(ConnectionLostException.class, (lost) -> {
				assertThat(lost.closeCode()).isEqualTo(1009);
				assertThat(lost).hasMessageContaining("(1009 message too big)");
				assertThat(lost.partialText()).isEqualTo("a");
			});
		// A new connection replaces the lost one, after the reconnection delay.
		await().atMost(Duration.ofSeconds(10))
			.ignoreExceptions()
			.until(() -> template.generate("llama2", "x").text().equals("Hello, I am llama2."));
		// The lost connection's WebSocket closed, not left open beside its replacement.
		await().atMost(Duration.ofSeconds(10)).until(() -> this.server.openConnections() == 1);
	}

	@Test
	void requestsThatAddUpToMoreThanTheSendBufferPassOneAfterAnother() {
		startServer(ScriptedBackend.withDefaultModels());
		OllamaTemplate template = template((builder) -> builder.maxMessageSize(64 * 1024)
			.sendBufferSizeLimit(64 * 1024)
			.pool((pool) -> pool.size(1)));
		// 48 KiB each: the buffer holds one at a time, and the gateway reads each before
		// the next.
		String prompt = "x".repeat(48 * 1024);
		for (int i = 0; i < 4; i++) {
			assertThat(template.generate(prompt).finishReason()).isEqualTo(FinishReason.COMPLETED);
		}
		assertThat(template.poolStatus().reconnects()).isZero();
	}

	@Test
	void aRequestOverTheLimitInUtf8BytesFailsWithoutBeingSent() {
		startServer(ScriptedBackend.withDefaultModels());
		OllamaTemplate template = template((builder) -> builder.maxMessageSize(64 * 1024).pool((pool) -> pool.size(1)));
		// 40 Ki characters, 80 KiB in UTF-8.
		String prompt = "é".repeat(40 * 1024);
		assertThatExceptionOfType(MessageTooLargeException.class).isThrownBy(() -> template.generate(prompt))
			.satisfies((ex) -> {
				assertThat(ex.size()).isGreaterThan(80 * 1024);
				assertThat(ex.limit()).isEqualTo(64 * 1024);
			});
		assertThat(this.server.receivedFrames("generate")).isEmpty();
		// The connection is fine: only the request failed.
		assertThat(template.generate("x").finishReason()).isEqualTo(FinishReason.COMPLETED);
		assertThat(template.poolStatus().reconnects()).isZero();
		// The refused request gave its slot back.
		assertThat(template.poolStatus().inFlight()).isZero();
	}

	@ParameterizedTest
	@ValueSource(ints = { 40 * 1024, 750 * 1024 })
	void theIncomingLimitCountsUtf8Bytes(int characters) throws Exception {
		// Fewer characters than the limit, more UTF-8 bytes: in one part of the
		// container's buffer, or in many.
		startServer(ScriptedBackend.withDefaultModels().model("wide", "é".repeat(characters)));
		int limit = (characters < 64 * 1024) ? 64 * 1024 : 1024 * 1024;
		OllamaTemplate template = template((builder) -> builder.maxMessageSize(limit)
			.pool((pool) -> pool.size(1))
			.retry((retry) -> retry.enabled(false)));
		Generation generation = template.stream(GenerateRequest.builder("x").model("wide").build(), (token) -> {
		});
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> generation.result().get(10, TimeUnit.SECONDS))
			.havingCause()
			.isInstanceOfSatisfying(ConnectionLostException.class,
					(lost) -> assertThat(lost.closeCode()).isEqualTo(1009));
	}

}
