package io.github.ollamaws.health;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

import io.github.ollamaws.client.OllamaTemplate;
import io.github.ollamaws.testserver.OllamaWsTestServer;
import io.github.ollamaws.testserver.ScriptedBackend;
import io.github.ollamaws.testserver.TestKeys;
import io.github.ollamaws.testsupport.LiveGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * End-to-end tests of {@link OllamaWsHealthIndicator} against a real test gateway.
 */
class OllamaWsHealthIndicatorTests {

	private static final Duration TIMEOUT = Duration.ofMillis(500);

	private LiveGateway gateway;

	@AfterEach
	void closeGateway() {
		if (this.gateway != null) {
			this.gateway.close();
		}
	}

	@Test
	void upWithDetails() {
		OllamaTemplate template = startGateway(3).template((builder) -> builder.pool((pool) -> pool.size(2)));
		Health health = awaitUp(new OllamaWsHealthIndicator(template, TIMEOUT));
		assertThat(health.getDetails()).containsEntry("url", this.gateway.server().url().toString())
			.containsEntry("clientId", this.gateway.client().clientId())
			.containsKeys("pingLatencyMs", "connections", "requests")
			.doesNotContainKeys("reason", "error");
		assertThat((long) health.getDetails().get("pingLatencyMs")).isNotNegative();
		// The first connection answered the ping; the pool may be opening its second one
		// meanwhile.
		Map<String, Object> connections = details(health, "connections");
		assertThat(connections).containsEntry("size", 2);
		assertThat((int) connections.get("authenticated")).isBetween(1, 2);
		assertThat((int) connections.get("open")).isBetween((int) connections.get("authenticated"), 2);
		assertThat(details(health, "requests")).containsEntry("inFlight", 0).containsEntry("waiting", 0);
		assertThat(health.toString()).doesNotContain(keyText());
	}

	@Test
	void urlIsShownWithoutUserInfoOrQuery() {
		OllamaWsTestServer server = startGateway(3).server();
		String url = "ws://user:secret@127.0.0.1:" + server.port() + "/?token=secret";
		OllamaTemplate template = this.gateway.template((builder) -> builder.url(url));
		Health health = new OllamaWsHealthIndicator(template, TIMEOUT).health();
		assertThat(health.getDetails().get("url")).isEqualTo("ws://127.0.0.1:" + server.port() + "/");
	}

	@Test
	void checksNeverOpenMoreConnectionsThanThePoolKeeps() {
		OllamaTemplate template = startGateway(3).template((builder) -> builder.pool((pool) -> pool.size(2)));
		OllamaWsHealthIndicator indicator = new OllamaWsHealthIndicator(template, TIMEOUT);
		awaitUp(indicator);
		int pings = this.gateway.server().receivedFrames("ping").size();
		for (int i = 0; i < 10; i++) {
			assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
		}
		assertThat(this.gateway.server().openConnections()).isLessThanOrEqualTo(2);
		assertThat(this.gateway.server().receivedFrames("ping")).hasSize(pings + 10);
	}

	@Test
	void downWhenGatewayStoppedAndUpAfterRestart() {
		OllamaTemplate template = startGateway(3).template(UnaryOperator.identity());
		OllamaWsHealthIndicator indicator = new OllamaWsHealthIndicator(template, TIMEOUT);
		awaitUp(indicator);
		this.gateway.server().stop();
		Health down = indicator.health();
		assertThat(down.getStatus()).isEqualTo(Status.DOWN);
		assertThat(down.getDetails()).containsEntry("reason", "unreachable").containsKey("error");
		// Known to be down: the next check says so at once, while its ping waits for the
		// gateway to come back.
		long start = System.nanoTime();
		assertThat(indicator.health().getDetails()).containsEntry("reason", "unreachable");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT);
		assertThat(details(down, "connections")).containsEntry("authenticated", 0);
		this.gateway.server().restart();
		await().atMost(Duration.ofSeconds(10)).until(() -> indicator.health().getStatus(), Status.UP::equals);
	}

	@Test
	void downWithRemainingAttemptsWhenKeyRejected() {
		OllamaTemplate template = startGateway(3).template((builder) -> builder.privateKey(TestKeys.ec().privateKey()));
		Health health = new OllamaWsHealthIndicator(template, TIMEOUT).health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("reason", "key_rejected")
			.containsEntry("remainingAttempts", 2)
			.containsEntry("clientId", this.gateway.client().clientId());
		assertThat(health.toString()).doesNotContain(keyText());
	}

	@Test
	void theRefusedKeyStaysTheReasonWhileTheNextAttemptIsUnderWay() {
		OllamaTemplate template = startGateway(3).template((builder) -> builder.privateKey(TestKeys.ec().privateKey()));
		OllamaWsHealthIndicator indicator = new OllamaWsHealthIndicator(template, TIMEOUT);
		assertThat(indicator.health().getDetails()).containsEntry("reason", "key_rejected");
		// The pool's next attempt connects but gets no challenge: the next check's ping
		// waits for it, and the check reports the refusal that attempt follows.
		this.gateway.server().faults().stall();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.gateway.server().openConnections() == 1);
		Health health = indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("reason", "key_rejected");
	}

	@Test
	void downWithRetryAfterWhenClientBlocked() {
		OllamaTemplate template = startGateway(1).template((builder) -> builder.privateKey(TestKeys.ec().privateKey()));
		Health health = new OllamaWsHealthIndicator(template, TIMEOUT).health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("reason", "rate_limited");
		assertThat((long) health.getDetails().get("retryAfterMs")).isGreaterThanOrEqualTo(1000);
	}

	@Test
	void returnsWithinItsTimeoutAgainstAStalledGateway() {
		OllamaTemplate template = startGateway(3).template((builder) -> builder
			.heartbeat((heartbeat) -> heartbeat.interval(Duration.ofMinutes(5)).timeout(Duration.ofSeconds(30))));
		OllamaWsHealthIndicator indicator = new OllamaWsHealthIndicator(template, TIMEOUT);
		awaitUp(indicator);
		int pings = this.gateway.server().receivedFrames("ping").size();
		this.gateway.server().faults().stall();
		long start = System.nanoTime();
		Health health = indicator.health();
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("reason", "ping_timeout").containsEntry("timeoutMs", 500L);
		// Generous margin: the point is that the check does not wait for the template's
		// 30 s ping limit.
		assertThat(took).isLessThan(TIMEOUT.plusSeconds(5));
		// A second check waits for the same ping rather than sending another.
		assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
		assertThat(this.gateway.server().receivedFrames("ping")).hasSize(pings + 1);
	}

	@Test
	void downWhenTemplateClosed() {
		OllamaTemplate template = startGateway(3).template(UnaryOperator.identity());
		template.close();
		Health health = new OllamaWsHealthIndicator(template, TIMEOUT).health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("reason", "closed");
	}

	@Test
	void timeoutMustBePositive() {
		OllamaTemplate template = startGateway(3).template(UnaryOperator.identity());
		assertThatIllegalArgumentException().isThrownBy(() -> new OllamaWsHealthIndicator(template, Duration.ZERO));
	}

	private LiveGateway startGateway(int maxAuthFailures) {
		this.gateway = LiveGateway.start(OllamaWsTestServer.builder()
			.backend(ScriptedBackend.withDefaultModels())
			.maxAuthFailures(maxAuthFailures)
			.firstBlock(Duration.ofSeconds(3)));
		return this.gateway;
	}

	/**
	 * The first check that finds the gateway up. A first check also opens the first
	 * connection, which a loaded machine can take longer than the checks' 500 ms for.
	 */
	private static Health awaitUp(OllamaWsHealthIndicator indicator) {
		AtomicReference<Health> up = new AtomicReference<>();
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			up.set(indicator.health());
			return Status.UP.equals(up.get().getStatus());
		});
		return up.get();
	}

	private String keyText() {
		// The PEM's base64 body, without its armour lines.
		String[] lines = this.gateway.client().privateKeyPem().split("\n");
		return lines[1];
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> details(Health health, String key) {
		return (Map<String, Object>) health.getDetails().get(key);
	}

}
