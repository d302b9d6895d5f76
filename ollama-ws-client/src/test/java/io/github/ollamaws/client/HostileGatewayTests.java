package io.github.ollamaws.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import io.github.ollamaws.core.ConnectionLostException;
import io.github.ollamaws.core.GenerateRequest;
import io.github.ollamaws.core.Generation;
import io.github.ollamaws.core.GenerationResult;
import io.github.ollamaws.core.RateLimitedException;
import io.github.ollamaws.testserver.HostileFault;
import io.github.ollamaws.testserver.HostilePeer;
import io.github.ollamaws.testserver.TestKeys;
import io.github.ollamaws.testsupport.ClientThreads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Gateways no well-behaved server can imitate, played by a {@link HostilePeer} on
 * loopback: each test is a defect found by running the client against one.
 */
class HostileGatewayTests {

	private final List<AutoCloseable> resources = new ArrayList<>();

	@AfterEach
	void closeResources() throws Exception {
		for (int i = this.resources.size() - 1; i >= 0; i--) {
			this.resources.get(i).close();
		}
	}

	@Test
	void aHugeRetryAfterFailsRequestsAtOnceAndIsCapped() {
		HostilePeer peer = peer(HostileFault.HUGE_RETRY_AFTER);
		OllamaTemplate template = template(peer,
				(builder) -> builder.pool((pool) -> pool.acquireTimeout(Duration.ofSeconds(30)))
					.requestTimeout(Duration.ofSeconds(30)));
		long start = System.nanoTime();
		assertThatExceptionOfType(RateLimitedException.class).isThrownBy(() -> template.generate("x"))
			.satisfies((ex) -> assertThat(ex.retryAfter()).isEqualTo(Duration.ofMinutes(30)));
		// Blocked: the next request fails at once too, and no new attempt is made.
		assertThatExceptionOfType(RateLimitedException.class).isThrownBy(() -> template.generate("x"));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
		assertThat(peer.acceptedConnections()).isEqualTo(1);
	}

	@Test
	void closeIsBoundedAndLeavesNoThreadWhenThePeerNeverAnswersTheCloseFrame() {
		List<LogRecord> tomcatLogs = new CopyOnWriteArrayList<>();
		Handler handler = recordingHandler(tomcatLogs);
		Logger tomcat = Logger.getLogger("org.apache.tomcat");
		tomcat.addHandler(handler);
		try {
			HostilePeer peer = peer(HostileFault.NEVER_ANSWERS_CLOSE);
			ClientThreads threads = ClientThreads.snapshot();
			OllamaTemplate template = template(peer, (builder) -> builder.pool((pool) -> pool.eagerWarmUp(true))
				.shutdownTimeout(Duration.ofMillis(500)));
			template.start();
			await().atMost(Duration.ofSeconds(10)).until(() -> template.poolStatus().authenticated() == 2);
			long start = System.nanoTime();
			template.close();
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
			threads.awaitAllEnded(Duration.ofSeconds(5));
			assertThat(tomcatLogs).noneMatch((record) -> record.getLevel().intValue() >= Level.WARNING.intValue());
		}
		finally {
			tomcat.removeHandler(handler);
		}
	}

	@Test
	void streamAndGenerateAsyncReturnAtOnceWhenThePeerStopsReading() throws Exception {
		HostilePeer peer = peer(HostileFault.STOPS_READING);
		OllamaTemplate template = template(peer,
				(builder) -> builder.pool((pool) -> pool.size(1).eagerWarmUp(true))
					.sendTimeLimit(Duration.ofSeconds(10))
					.retry((retry) -> retry.enabled(false)));
		template.start();
		String prompt = "x".repeat(12 * 1024 * 1024);
		long start = System.nanoTime();
		Generation generation = template.stream(GenerateRequest.of(prompt), (token) -> {
		});
		CompletableFuture<GenerationResult> async = template.generateAsync(GenerateRequest.of(prompt));
		// Both return long before the send time limit; the sends that cannot finish fail
		// the requests later.
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
		for (CompletableFuture<GenerationResult> result : List.of(generation.result(), async)) {
			assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> result.get(30, TimeUnit.SECONDS))
				.withCauseInstanceOf(ConnectionLostException.class);
		}
	}

	@Test
	void messagesFragmentedIntoSingleBytesWithPingsBetweenAreAssembled() {
		HostilePeer peer = peer((connection) -> {
			connection.fragmentTextMessages(1);
			connection.authenticate();
			while (true) {
				String id = connection.awaitRequest("generate");
				connection.sendText("{\"type\":\"stream_start\",\"id\":\"" + id + "\",\"model\":\"llama2\"}");
				connection.sendText("{\"type\":\"stream_token\",\"id\":\"" + id + "\",\"token\":\"caf\u00e9 \"}");
				connection.sendText("{\"type\":\"stream_token\",\"id\":\"" + id + "\",\"token\":\"\ud83d\ude00\"}");
				connection
					.sendText("{\"type\":\"stream_end\",\"id\":\"" + id + "\",\"totalTokens\":2,\"elapsedTime\":5}");
			}
		});
		OllamaTemplate template = template(peer, (builder) -> builder.pool((pool) -> pool.size(1)));
		GenerationResult result = template.generate("x");
		assertThat(result.text()).isEqualTo("caf\u00e9 \ud83d\ude00");
		assertThat(result.totalTokens()).isEqualTo(2);
	}

	private HostilePeer peer(HostilePeer.Behaviour behaviour) {
		HostilePeer peer = HostilePeer.start(behaviour);
		this.resources.add(peer);
		return peer;
	}

	private OllamaTemplate template(HostilePeer peer, UnaryOperator<OllamaTemplate.Builder> customizer) {
		OllamaTemplate template = customizer.apply(hostileTemplateBuilder(peer)).build();
		this.resources.add(template);
		return template;
	}

	/**
	 * A template builder for a hostile peer, with short limits.
	 * @param peer the peer
	 * @return the builder
	 */
	static OllamaTemplate.Builder hostileTemplateBuilder(HostilePeer peer) {
		return OllamaTemplate.builder()
			.url(peer.url())
			.clientId("hostile")
			.privateKey(TestKeys.ec().privateKey())
			.connectTimeout(Duration.ofSeconds(5))
			.authTimeout(Duration.ofSeconds(5))
			.shutdownTimeout(Duration.ofMillis(500))
			.reconnect((reconnect) -> reconnect.initialDelay(Duration.ofMillis(100))
				.multiplier(2.0)
				.maxDelay(Duration.ofSeconds(1))
				.maxAttempts(-1)
				.jitter(0.2));
	}

	private static Handler recordingHandler(List<LogRecord> records) {
		return new Handler() {

			@Override
			public void publish(LogRecord record) {
				records.add(record);
			}

			@Override
			public void flush() {
			}

			@Override
			public void close() {
			}

		};
	}

}
