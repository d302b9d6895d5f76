package io.github.ollamaws.client;

import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.github.ollamaws.core.ConnectionLostException;
import io.github.ollamaws.core.GenerateRequest;
import io.github.ollamaws.core.GenerationResult;
import io.github.ollamaws.core.OllamaWsException;
import io.github.ollamaws.testserver.HostileFault;
import io.github.ollamaws.testserver.HostilePeer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A gateway that stops reading: the client's send buffer fills, and the requests on that
 * connection fail with {@link ConnectionLostException} instead of frames being dropped
 * silently or callers hanging. The peer is a {@link HostilePeer} (it answers the
 * handshake and the challenge, then never reads again), because a well-behaved server
 * cannot be made to stop reading.
 */
class OllamaTemplateSendBufferTests {

	private HostilePeer peer;

	@AfterEach
	void closePeer() {
		if (this.peer != null) {
			this.peer.close();
		}
	}

	@Test
	void fullSendBufferFailsTheConnectionsRequestsAndReplacesIt() throws Exception {
		this.peer = HostilePeer.start(HostileFault.STOPS_READING);
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
		generator.initialize(256);
		try (OllamaTemplate template = OllamaTemplate.builder()
			.url(this.peer.url())
			.clientId("client")
			.privateKey(generator.generateKeyPair().getPrivate())
			.pool((pool) -> pool.size(1))
			.maxMessageSize(64 * 1024)
			.sendBufferSizeLimit(64 * 1024)
			.sendTimeLimit(Duration.ofSeconds(1))
			.retry((retry) -> retry.enabled(false))
			.idleTimeout(Duration.ofSeconds(2))
			.heartbeat((heartbeat) -> heartbeat.enabled(false).timeout(Duration.ofSeconds(1)))
			.pool((pool) -> pool.eagerWarmUp(true))
			.build()) {
			template.start();
			assertThat(template.poolStatus().authenticated()).isEqualTo(1);
			String prompt = "x".repeat(60 * 1024);
			List<CompletableFuture<GenerationResult>> results = new ArrayList<>();
			// From other threads, as an application would; the sends queue on the one
			// connection.
			for (int i = 0; i < 200; i++) {
				results.add(CompletableFuture.supplyAsync(() -> template.generateAsync(GenerateRequest.of(prompt)))
					.thenCompose((result) -> result));
			}
			int lost = 0;
			for (CompletableFuture<GenerationResult> result : results) {
				// Every request ends, none hangs: those on the stuck connection with
				// ConnectionLostException, the
				// others (waiting for the replacement, or sent on it and never answered)
				// with another typed failure.
				Throwable failure = catchThrowable(() -> result.get(20, TimeUnit.SECONDS));
				assertThat(failure).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(OllamaWsException.class);
				if (failure.getCause() instanceof ConnectionLostException) {
					lost++;
				}
			}
			assertThat(lost).isPositive();
		}
	}

}
