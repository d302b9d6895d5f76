package io.github.ollamaws.client;

import java.time.Duration;
import java.util.List;

import io.github.ollamaws.core.GatewayUnavailableException;
import io.github.ollamaws.core.RateLimitedException;
import io.github.ollamaws.event.OllamaAuthenticationFailedEvent;
import io.github.ollamaws.event.OllamaReconnectingEvent;
import io.github.ollamaws.testserver.OllamaWsTestServer;
import io.github.ollamaws.testserver.ScriptedBackend;
import io.github.ollamaws.testserver.TestKeys;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Reconnection, pinned by what can be seen from outside: the events with their attempt
 * numbers and delays, the attempts the gateway counts against the clock, and the attempts
 * that are not made (after the last allowed one, before the gateway's
 * {@code retryAfter}).
 */
class OllamaTemplateReconnectionTests extends GatewayTestSupport {

	@Test
	void reconnectingEventsNumberTheAttemptsAndCarryTheBackoffDelays() {
		// Four attempts, the first made by the request itself.
		firstRequestFailedToConnect(Duration.ofMillis(100), 2.0, Duration.ofSeconds(1), 4);
		await().atMost(Duration.ofSeconds(10)).until(() -> events(OllamaReconnectingEvent.class).size() == 3);
		List<OllamaReconnectingEvent> reconnecting = events(OllamaReconnectingEvent.class);
		assertThat(reconnecting).extracting(OllamaReconnectingEvent::getAttempt).containsExactly(2, 3, 4);
		assertThat(reconnecting).extracting(OllamaReconnectingEvent::getDelay)
			.containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400));
		assertThat(reconnecting).allSatisfy((event) -> assertThat(event.getGatewayUrl()).isEqualTo(this.server.url()));
		// No connection exists yet: the events name its place in the pool, counted from
		// 1.
		assertThat(reconnecting).extracting(OllamaReconnectingEvent::getConnectionId).containsOnly("pool-entry-1");
	}

	@Test
	void backoffSpacesTheAttemptsOut() {
		firstRequestFailedToConnect(Duration.ofMillis(200), 2.0, Duration.ofSeconds(5), -1);
		// Attempts at about 0.2, 0.6 and 1.4 s after the first: at most 5 in 1.5 s even
		// counting generously;
		// a refused connection fails in a millisecond, so without backoff there would be
		// hundreds.
		await().during(Duration.ofMillis(1500))
			.atMost(Duration.ofSeconds(3))
			.until(() -> events(OllamaReconnectingEvent.class).size() <= 5);
		assertThat(events(OllamaReconnectingEvent.class)).hasSizeGreaterThanOrEqualTo(2);
	}

	@Test
	void givesUpAfterTheLastAttemptUntilTheNextRequest() {
		OllamaTemplate template = firstRequestFailedToConnect(Duration.ofMillis(50), 1.0, Duration.ofMillis(50), 3);
		// Attempts 2 and 3 are scheduled; after the third failure nothing more.
		await().atMost(Duration.ofSeconds(10)).until(() -> events(OllamaReconnectingEvent.class).size() == 2);
		await().during(Duration.ofSeconds(1))
			.atMost(Duration.ofSeconds(3))
			.until(() -> events(OllamaReconnectingEvent.class).size() == 2);
		// The gateway comes back: a pool that gave up does not notice until a request
		// asks for a connection.
		this.server.start();
		await().during(Duration.ofSeconds(1))
			.atMost(Duration.ofSeconds(3))
			.until(() -> this.server.openConnections() == 0);
		assertThat(this.server.authenticationAttempts(this.client.clientId())).isZero();
		assertThat(template.ping()).isPositive();
		assertThat(this.server.authenticatedConnections()).isEqualTo(1);
	}

	@Test
	void rejectedKeyWaitsForTheGatewaysRetryAfterBeforeTheNextAttempt() {
		// One failure blocks the client for 3 s; the client's own longest delay is far
		// shorter.
		startServer(OllamaWsTestServer.builder()
			.backend(ScriptedBackend.withDefaultModels())
			.maxAuthFailures(1)
			.firstBlock(Duration.ofSeconds(3)));
		OllamaTemplate template = template((builder) -> builder.pool((pool) -> pool.size(2))
			.privateKey(TestKeys.ec().privateKey())
			.reconnect((reconnect) -> reconnect.initialDelay(Duration.ofMillis(50))
				.multiplier(2.0)
				.maxDelay(Duration.ofMillis(100))
				.maxAttempts(-1)
				.jitter(0.0)));
		assertThatExceptionOfType(RateLimitedException.class).isThrownBy(template::ping)
			.satisfies((ex) -> assertThat(ex.retryAfter()).isEqualTo(Duration.ofSeconds(3)));
		assertThat(events(OllamaAuthenticationFailedEvent.class)).singleElement()
			.satisfies((event) -> assertThat(event.getRetryAfter()).hasValue(Duration.ofSeconds(3)));
		await().atMost(Duration.ofSeconds(5)).until(() -> !events(OllamaReconnectingEvent.class).isEmpty());
		assertThat(events(OllamaReconnectingEvent.class)).first()
			.satisfies((event) -> assertThat(event.getDelay()).isGreaterThanOrEqualTo(Duration.ofSeconds(3)));
		// Requests keep coming, as an application's would: none turns into an attempt
		// while blocked.
		String clientId = this.client.clientId();
		await().during(Duration.ofMillis(2500))
			.atMost(Duration.ofSeconds(4))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> {
				assertThatExceptionOfType(RateLimitedException.class).isThrownBy(template::ping);
				return this.server.authenticationAttempts(clientId) == 1;
			});
		// Once the block is over, one attempt, no more.
		await().atMost(Duration.ofSeconds(10)).until(() -> this.server.authenticationAttempts(clientId) == 2);
	}

	@Test
	void aRequestWaitingThroughTheAttemptsFailsWithTheLastFailureWhenThePoolGivesUp() {
		startServer(ScriptedBackend.withDefaultModels());
		this.server.stop();
		// The request waits through failed attempts, but not for attempts that will
		// never come.
		OllamaTemplate template = template((builder) -> builder
			.pool((pool) -> pool.size(1).waitForConnection(true).acquireTimeout(Duration.ofSeconds(20)))
			.reconnect((reconnect) -> reconnect.initialDelay(Duration.ofMillis(50))
				.multiplier(1.0)
				.maxDelay(Duration.ofMillis(50))
				.maxAttempts(3)
				.jitter(0.0)));
		long start = System.nanoTime();
		assertThatExceptionOfType(GatewayUnavailableException.class).isThrownBy(template::ping);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
		assertThat(events(OllamaReconnectingEvent.class)).hasSize(2);
	}

	/**
	 * A template of one connection, without jitter so that delays are exact, whose first
	 * request found the gateway down.
	 */
	private OllamaTemplate firstRequestFailedToConnect(Duration initialDelay, double multiplier, Duration maxDelay,
			int maxAttempts) {
		startServer(ScriptedBackend.withDefaultModels());
		this.server.stop();
		// The first failure at once: a request that waited would see the attempts too.
		OllamaTemplate template = template((builder) -> builder.pool((pool) -> pool.size(1))
			.reconnect((reconnect) -> reconnect.initialDelay(initialDelay)
				.multiplier(multiplier)
				.maxDelay(maxDelay)
				.maxAttempts(maxAttempts)
				.jitter(0.0))
			.pool((pool) -> pool.waitForConnection(false)));
		assertThatExceptionOfType(GatewayUnavailableException.class).isThrownBy(template::ping);
		return template;
	}

}
