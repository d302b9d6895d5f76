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
		try (OllamaTemplate template = template(64 * 1024)) {
			List<Throwable> failures = sendUnread(template, 200);
			assertThat(failures).anySatisfy((failure) -> assertThat(failure).isInstanceOf(ConnectionLostException.class)
				.hasMessageContaining("send failed: IOException: more than 65536 bytes waiting to be sent"));
		}
	}

	@Test
	void aSendOverTheSendTimeLimitFailsTheConnectionsRequestsAndReplacesIt() throws Exception {
		this.peer = HostilePeer.start(HostileFault.STOPS_READING);
		// A send buffer the frames never fill: once the socket's buffers are full, only
		// Tomcat's blocking send, out of time, can end the connection (Tomcat reports it
		// as a transport error).
		try (OllamaTemplate template = template(1024 * 1024 * 1024)) {
			List<Throwable> failures = sendUnread(template, 400);
			// With the transport's failure as the cause.
			assertThat(failures).anySatisfy(
					(failure) -> assertThat(failure).isInstanceOf(ConnectionLostException.class).cause().isNotNull());
		}
	}

	private OllamaTemplate template(long sendBufferSizeLimit) throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
		generator.initialize(256);
		OllamaTemplate template = OllamaTemplate.builder()
			.url(this.peer.url())
			.clientId("client")
			.privateKey(generator.generateKeyPair().getPrivate())
			.pool((pool) -> pool.size(1).maxInFlight(1000).eagerWarmUp(true))
			.maxMessageSize(64 * 1024)
			.sendBufferSizeLimit(sendBufferSizeLimit)
			.sendTimeLimit(Duration.ofSeconds(1))
			.retry((retry) -> retry.enabled(false))
			.idleTimeout(Duration.ofSeconds(2))
			.heartbeat((heartbeat) -> heartbeat.enabled(false).timeout(Duration.ofSeconds(1)))
			.build();
		template.start();
		assertThat(template.poolStatus().authenticated()).isEqualTo(1);
		return template;
	}

	/**
	 * Sends generations of nearly the largest message to a gateway that reads none, and
	 * waits for each to fail.
	 * @return the failures, each an {@link OllamaWsException}
	 */
	private static List<Throwable> sendUnread(OllamaTemplate template, int count) {
		String prompt = "x".repeat(60 * 1024);
		List<CompletableFuture<GenerationResult>> results = new ArrayList<>();
		// From other threads, as an application would; the sends queue on the one
		// connection.
		for (int i = 0; i < count; i++) {
			results.add(CompletableFuture.supplyAsync(() -> template.generateAsync(GenerateRequest.of(prompt)))
				.thenCompose((result) -> result));
		}
		List<Throwable> failures = new ArrayList<>();
		for (CompletableFuture<GenerationResult> result : results) {
			// Every request ends, none hangs: those on the stuck connection with
			// ConnectionLostException, the others (waiting for the replacement, or sent
			// on it and never answered) with another typed failure.
			Throwable failure = catchThrowable(() -> result.get(20, TimeUnit.SECONDS));
			assertThat(failure).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(OllamaWsException.class);
			failures.add(failure.getCause());
		}
		return failures;
	}

}
