package io.github.ollamaws.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.ollamaws.core.AuthenticationException;
import io.github.ollamaws.core.ConnectionLostException;
import io.github.ollamaws.core.GatewayUnavailableException;
import io.github.ollamaws.core.GenerateRequest;
import io.github.ollamaws.core.Generation;
import io.github.ollamaws.core.GenerationResult;
import io.github.ollamaws.core.OllamaTimeoutException;
import io.github.ollamaws.core.TemplateClosedException;
import io.github.ollamaws.fleet.GatewayEndpoint;
import io.github.ollamaws.fleet.GatewayStatus;
import io.github.ollamaws.testserver.OllamaWsTestServer;
import io.github.ollamaws.testserver.ScriptedBackend;
import io.github.ollamaws.testserver.ScriptedModel;
import io.github.ollamaws.testsupport.ClientThreads;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Requests issued while no connection is up ({@code waitForConnection}), over real
 * loopback connections to a gateway that is stopped like a killed process and started
 * again on the same port: waiting (the default), they ride out the restart; not waiting,
 * they fail at once as before; those already on the wire when the connection died fail as
 * ever and are never sent again after a token.
 */
class OllamaTemplateWaitForConnectionTests extends GatewayTestSupport {

	private static final String SLOW = "slow";

	@BeforeEach
	void startGateway() {
		startServer(ScriptedBackend.withDefaultModels()
			.model(ScriptedModel.named(SLOW).tokenCount(40).tokenDelay(Duration.ofMillis(50))));
	}

	@Test
	void notWaitingForAConnectionStillWaitsForABusySlot() throws Exception {
		OllamaTemplate template = template((builder) -> builder.pool(
				(pool) -> pool.size(1).maxInFlight(1).waitForConnection(false).acquireTimeout(Duration.ofSeconds(15))));
		CompletableFuture<GenerationResult> holding = template
			.generateAsync(GenerateRequest.builder("long").model(SLOW).build());
		await().atMost(Duration.ofSeconds(10)).until(() -> template.poolStatus().inFlight() == 1);
		// The gateway is up and the one slot busy: the next request queues for it.
		CompletableFuture<GenerationResult> next = template.generateAsync(GenerateRequest.of("next"));
		assertThat(holding.get(15, TimeUnit.SECONDS).totalTokens()).isEqualTo(40);
		assertThat(next.get(15, TimeUnit.SECONDS).text()).isNotEmpty();
	}

	@Test
	void waitingRequestsIssuedDuringARestartSucceedAndOnlyThoseOnTheWireAreLost() throws Exception {
		OllamaTemplate template = template(
				(builder) -> builder.pool((pool) -> pool.acquireTimeout(Duration.ofSeconds(15))));
		assertThat(template.generate("llama2", "warm up").text()).isNotEmpty();
		// Under load: streams that have delivered tokens when the gateway dies.
		List<CountDownLatch> firstTokens = new ArrayList<>();
		List<CompletableFuture<GenerationResult>> onTheWire = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			CountDownLatch firstToken = new CountDownLatch(1);
			firstTokens.add(firstToken);
			Generation generation = template.stream(GenerateRequest.builder("long").model(SLOW).build(),
					(token) -> firstToken.countDown());
			onTheWire.add(generation.result().toCompletableFuture());
		}
		for (CountDownLatch firstToken : firstTokens) {
			assertThat(firstToken.await(10, TimeUnit.SECONDS)).isTrue();
		}
		this.server.stop();
		await().atMost(Duration.ofSeconds(10)).until(() -> template.poolStatus().authenticated() == 0);
		List<CompletableFuture<GenerationResult>> duringRestart = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			duringRestart.add(template.generateAsync(GenerateRequest.builder("during " + i).model("llama2").build()));
		}
		// They wait: nothing fails while the gateway is down.
		assertThat(duringRestart).noneMatch(CompletableFuture::isDone);
		this.server.start();
		for (CompletableFuture<GenerationResult> request : duringRestart) {
			assertThat(request.get(15, TimeUnit.SECONDS).text()).isNotEmpty();
		}
		for (CompletableFuture<GenerationResult> lost : onTheWire) {
			assertThat(lost).failsWithin(Duration.ofSeconds(10))
				.withThrowableThat()
				.havingCause()
				.isInstanceOf(ConnectionLostException.class);
		}
		// Lost after a token: each was sent once, never again to the restarted gateway.
		assertThat(this.server.generationRequests()).filteredOn((request) -> SLOW.equals(request.model()))
			.hasSize(onTheWire.size());
	}

	@Test
	void overSeveralGatewaysOneThatIsUpServesFirst() {
		try (OllamaWsTestServer other = OllamaWsTestServer.builder()
			.backend(ScriptedBackend.withDefaultModels())
			.start();
				OllamaTemplate fleet = OllamaTemplate.builder()
					.privateKey(this.client.keys().privateKey())
					.gateway(GatewayEndpoint.of(this.server.url(), this.client.clientId()))
					.gateway(GatewayEndpoint.of(other.url(), other.registerNewClient(this.client.keys()).clientId()))
					.pool((pool) -> pool.acquireTimeout(Duration.ofSeconds(20)))
					.reconnect((reconnect) -> reconnect.initialDelay(Duration.ofMillis(100))
						.multiplier(2.0)
						.maxDelay(Duration.ofSeconds(1))
						.maxAttempts(-1)
						.jitter(0.2))
					.shutdownTimeout(Duration.ofMillis(500))
					.build()) {
			assertThat(fleet.pingAll()).hasSize(2);
			other.stop();
			await().atMost(Duration.ofSeconds(10))
				.until(() -> fleet.gatewayStatuses().stream().filter(GatewayStatus::isUp).count() == 1);
			long start = System.nanoTime();
			for (int i = 0; i < 20; i++) {
				assertThat(fleet.generate("llama2", "x " + i).text()).isNotEmpty();
			}
			// None waited for the gateway that is down.
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
		}
	}

	@Test
	void withoutWaitingRequestsFailAtOnceWhileTheGatewayIsDown() {
		OllamaTemplate template = template((builder) -> builder
			.pool((pool) -> pool.waitForConnection(false).acquireTimeout(Duration.ofSeconds(30))));
		template.ping();
		this.server.stop();
		await().atMost(Duration.ofSeconds(10)).until(() -> template.poolStatus().lastFailure() != null);
		long start = System.nanoTime();
		assertThatExceptionOfType(GatewayUnavailableException.class).isThrownBy(() -> template.generate("llama2", "x"));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
	}

	@Test
	void waitingRequestsTimeOutAtTheAcquireTimeoutWithTheLastFailureAsCause() {
		OllamaTemplate template = template(
				(builder) -> builder.pool((pool) -> pool.acquireTimeout(Duration.ofSeconds(1))));
		template.ping();
		this.server.stop();
		await().atMost(Duration.ofSeconds(10)).until(() -> template.poolStatus().lastFailure() != null);
		long start = System.nanoTime();
		assertThatExceptionOfType(OllamaTimeoutException.class).isThrownBy(() -> template.generate("llama2", "x"))
			.satisfies((ex) -> {
				assertThat(ex.kind()).isEqualTo(OllamaTimeoutException.Kind.ACQUIRE);
				assertThat(ex.limit()).isEqualTo(Duration.ofSeconds(1));
				assertThat(ex).hasCauseInstanceOf(GatewayUnavailableException.class);
			});
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(900),
				Duration.ofSeconds(5));
	}

	@Test
	void aRejectedKeyFailsAtOnceEvenWhenWaiting() {
		OllamaTemplate template = template(
				(builder) -> builder.clientId("nobody").pool((pool) -> pool.acquireTimeout(Duration.ofSeconds(30))));
		long start = System.nanoTime();
		assertThatExceptionOfType(AuthenticationException.class).isThrownBy(template::ping);
		assertThatExceptionOfType(AuthenticationException.class).isThrownBy(template::ping);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
	}

	@Test
	void closeEndsWaitingRequestsWithATypedExceptionAndLeavesNoThread() {
		OllamaTemplate template = OllamaTemplate.builder()
			.url(this.server.url())
			.clientId(this.client.clientId())
			.privateKey(this.client.keys().privateKey())
			.pool((pool) -> pool.acquireTimeout(Duration.ofSeconds(30)))
			.reconnect((reconnect) -> reconnect.initialDelay(Duration.ofMillis(100))
				.multiplier(2.0)
				.maxDelay(Duration.ofSeconds(1))
				.maxAttempts(-1)
				.jitter(0.2))
			.shutdownTimeout(Duration.ofMillis(500))
			.build();
		template.ping();
		this.server.stop();
		await().atMost(Duration.ofSeconds(10)).until(() -> template.poolStatus().lastFailure() != null);
		CompletableFuture<GenerationResult> waiting = template
			.generateAsync(GenerateRequest.builder("x").model("llama2").build());
		await().atMost(Duration.ofSeconds(5)).until(() -> template.poolStatus().waiting() == 1);
		template.close();
		assertThat(waiting).failsWithin(Duration.ofSeconds(5))
			.withThrowableThat()
			.havingCause()
			.isInstanceOf(TemplateClosedException.class);
		// The client's own threads and Tomcat's client threads (the gateway, in this JVM,
		// keeps Tomcat's shared background thread).
		await().atMost(Duration.ofSeconds(10)).until(() -> ClientThreads.clientThreadNames().isEmpty());
	}

}
