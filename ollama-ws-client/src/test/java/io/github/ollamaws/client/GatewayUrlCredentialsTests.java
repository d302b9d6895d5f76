package io.github.ollamaws.client;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.ollamaws.core.AuthenticationException;
import io.github.ollamaws.core.ConnectionLostException;
import io.github.ollamaws.core.GatewayUnavailableException;
import io.github.ollamaws.core.GenerateRequest;
import io.github.ollamaws.core.Generation;
import io.github.ollamaws.core.InvalidSettingException;
import io.github.ollamaws.core.OllamaTimeoutException;
import io.github.ollamaws.core.OllamaWsException;
import io.github.ollamaws.core.RateLimitedException;
import io.github.ollamaws.event.OllamaConnectionEvent;
import io.github.ollamaws.fleet.GatewayEndpoint;
import io.github.ollamaws.fleet.GatewayStatus;
import io.github.ollamaws.observation.OllamaTemplateMetrics;
import io.github.ollamaws.testserver.OllamaWsTestServer;
import io.github.ollamaws.testserver.ScriptedBackend;
import io.github.ollamaws.testserver.ScriptedModel;
import io.github.ollamaws.testserver.TestCertificate;
import io.github.ollamaws.testserver.TestClient;
import io.github.ollamaws.testserver.TestKeys;
import io.github.ollamaws.testsupport.CapturedLogs;
import io.github.ollamaws.testsupport.SecretUrls;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * No credential from a gateway URL in anything the client prints or exposes: every
 * failure path runs against a URL with secret user info and a secret query, over real
 * loopback connections to the test gateway, and neither secret (nor the user info as a
 * Basic credential) may appear in an exception (its whole stack trace), a log line at any
 * level (TRACE for everything, Tomcat's JUL logging included), an event, a status, a
 * meter or the template's URL.
 */
class GatewayUrlCredentialsTests extends GatewayTestSupport {

	private static final String SLOW = "slow";

	private final List<String> shown = new CopyOnWriteArrayList<>();

	private CapturedLogs logs;

	@BeforeEach
	void captureEverythingLogged() {
		this.logs = CapturedLogs.atTrace();
		startServer(OllamaWsTestServer.builder()
			.backend(ScriptedBackend.withDefaultModels()
				.model(ScriptedModel.named(SLOW).tokenCount(200).tokenDelay(Duration.ofMillis(20))))
			.maxAuthFailures(2)
			.firstBlock(Duration.ofSeconds(3)));
	}

	@AfterEach
	void stopCapturing() {
		this.logs.close();
	}

	@Test
	void refusedAndGivenUp() throws IOException {
		URI refused = secret(URI.create("ws://127.0.0.1:" + closedPort()));
		OllamaTemplate failFast = template((builder) -> builder.url(refused)
			.pool((pool) -> pool.waitForConnection(false))
			.reconnect((reconnect) -> reconnect.initialDelay(Duration.ofMillis(50))
				.multiplier(2.0)
				.maxDelay(Duration.ofMillis(100))
				.maxAttempts(1)
				.jitter(0.2)));
		expectFailure(GatewayUnavailableException.class, failFast::ping);
		expectFailure(GatewayUnavailableException.class, () -> failFast.generate("llama2", "x"));
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.logs.lines().stream().anyMatch((line) -> line.contains("Giving up")));
		OllamaTemplate waiting = template(
				(builder) -> builder.url(refused).pool((pool) -> pool.acquireTimeout(Duration.ofMillis(500))));
		expectFailure(OllamaTimeoutException.class, waiting::ping);
		show(failFast, waiting);
		assertNoSecretShown();
	}

	@Test
	void tlsFailure() {
		TestCertificate certificate = TestCertificate.selfSigned();
		try (OllamaWsTestServer tls = OllamaWsTestServer.builder()
			.tls(certificate)
			.backend(ScriptedBackend.withDefaultModels())
			.start()) {
			TestClient tlsClient = tls.registerNewClient(TestKeys.ec());
			OllamaTemplate template = template((builder) -> builder.url(secret(tls.url()))
				.clientId(tlsClient.clientId())
				.privateKey(tlsClient.keys().privateKey())
				.pool((pool) -> pool.waitForConnection(false)));
			expectFailure(GatewayUnavailableException.class, template::ping);
			show(template);
			template.close();
		}
		assertNoSecretShown();
	}

	@Test
	void keyRejectedAndRateLimited() {
		OllamaTemplate rejected = template(
				(builder) -> builder.url(secret(this.server.url())).privateKey(TestKeys.ec().privateKey()));
		expectFailure(AuthenticationException.class, rejected::ping);
		OllamaTemplate again = template(
				(builder) -> builder.url(secret(this.server.url())).privateKey(TestKeys.ec().privateKey()));
		try {
			again.ping();
		}
		catch (OllamaWsException ex) {
			this.shown.add(SecretUrls.stackTrace(ex));
		}
		OllamaTemplate blocked = template((builder) -> builder.url(secret(this.server.url())));
		expectFailure(RateLimitedException.class, blocked::ping);
		show(rejected, again, blocked);
		assertNoSecretShown();
	}

	@Test
	void lostConnectionAndEvents() throws Exception {
		OllamaTemplate template = template((builder) -> builder.url(secret(this.server.url())));
		assertThat(template.generate("llama2", "hi").text()).isNotEmpty();
		CountDownLatch firstToken = new CountDownLatch(1);
		Generation generation = template.stream(GenerateRequest.builder("long").model(SLOW).build(),
				(token) -> firstToken.countDown());
		assertThat(firstToken.await(10, TimeUnit.SECONDS)).isTrue();
		this.server.faults().dropAllConnections();
		assertThat(generation.result().toCompletableFuture()).failsWithin(Duration.ofSeconds(10))
			.withThrowableThat()
			.satisfies((ex) -> this.shown.add(SecretUrls.stackTrace(ex)))
			.havingCause()
			.isInstanceOf(ConnectionLostException.class);
		await().atMost(Duration.ofSeconds(10)).until(() -> template.poolStatus().authenticated() > 0);
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		new OllamaTemplateMetrics(template).bindTo(registry);
		registry.getMeters().stream().map(Meter::getId).map(Object::toString).forEach(this.shown::add);
		show(template);
		assertThat(this.events).isNotEmpty();
		for (OllamaConnectionEvent event : this.events) {
			this.shown.add(event.toString());
			this.shown.add(String.valueOf(event.getGatewayUrl()));
		}
		assertThat(template.getUrl()).hasToString(this.server.url() + "/");
		assertNoSecretShown();
	}

	@Test
	void fleetAddRemoveAndDrain() throws IOException {
		List<GatewayEndpoint> listed = new CopyOnWriteArrayList<>();
		GatewayEndpoint up = GatewayEndpoint.of(secret(this.server.url()), this.client.clientId());
		GatewayEndpoint down = GatewayEndpoint.of(secret(URI.create("ws://127.0.0.1:" + closedPort() + "/ws")),
				this.client.clientId());
		listed.add(up);
		listed.add(down);
		try (OllamaTemplate fleet = OllamaTemplate.builder()
			.privateKey(this.client.keys().privateKey())
			.discovery(
					(discovery) -> discovery.source(() -> List.copyOf(listed)).refreshInterval(Duration.ofMillis(100)))
			.reconnect((reconnect) -> reconnect.initialDelay(Duration.ofMillis(50))
				.multiplier(2.0)
				.maxDelay(Duration.ofMillis(200))
				.maxAttempts(-1)
				.jitter(0.2))
			.pool((pool) -> pool.acquireTimeout(Duration.ofSeconds(2)))
			.shutdownTimeout(Duration.ofMillis(500))
			.eventListener(this.events::add)
			.build()) {
			assertThat(fleet.generate("llama2", "hi").text()).isNotEmpty();
			await().atMost(Duration.ofSeconds(10))
				.until(() -> fleet.gatewayStatuses().stream().anyMatch((status) -> status.reason() != null));
			SimpleMeterRegistry registry = new SimpleMeterRegistry();
			new OllamaTemplateMetrics(fleet).bindTo(registry);
			registry.getMeters().stream().map(Meter::getId).map(Object::toString).forEach(this.shown::add);
			listed.remove(down);
			listed.remove(up);
			await().atMost(Duration.ofSeconds(10)).until(() -> fleet.gatewayStatuses().isEmpty());
			show(fleet);
			listed.add(up);
			await().atMost(Duration.ofSeconds(10)).until(() -> fleet.gatewayStatuses().size() == 1);
			for (GatewayStatus status : fleet.gatewayStatuses()) {
				this.shown.add(status.toString());
				this.shown.add(status.endpoint().toString());
			}
		}
		this.events.forEach((event) -> this.shown.add(event.toString()));
		assertThat(this.logs.lines()).anyMatch((line) -> line.contains("drained and closed"))
			.anyMatch((line) -> line.contains("added"));
		assertNoSecretShown();
	}

	@Test
	void invalidSettings() {
		URI notWebSocket = SecretUrls.withSecrets(URI.create("http://127.0.0.1"));
		expectFailure(InvalidSettingException.class,
				() -> builderFor(notWebSocket).privateKey(this.client.keys().privateKey()).build());
		expectFailure(InvalidSettingException.class,
				() -> OllamaTemplate.builder()
					.privateKey(this.client.keys().privateKey())
					.gateway(GatewayEndpoint.of(secret(this.server.url()), "a"))
					.gateway(GatewayEndpoint.of(secret(this.server.url()), "b"))
					.build());
		assertNoSecretShown();
	}

	private static OllamaTemplate.Builder builderFor(URI url) {
		return OllamaTemplate.builder().url(url).clientId("c");
	}

	private <E extends RuntimeException> void expectFailure(Class<E> type, Runnable call) {
		assertThatExceptionOfType(type).isThrownBy(call::run).satisfies((ex) -> {
			this.shown.add(SecretUrls.stackTrace(ex));
			this.shown.add(String.valueOf(ex.getMessage()));
		});
	}

	private void show(OllamaTemplate... templates) {
		for (OllamaTemplate template : templates) {
			this.shown.add(template.getUrl().toString());
			this.shown.add(template.poolStatus().toString());
			template.gatewayStatuses().forEach((status) -> this.shown.add(status.toString()));
		}
	}

	private void assertNoSecretShown() {
		assertThat(this.logs.lines()).as("log lines captured").isNotEmpty();
		List<String> everything = new ArrayList<>(this.shown);
		everything.addAll(this.logs.lines());
		SecretUrls.assertNoSecretIn(everything);
	}

	private static URI secret(URI url) {
		return SecretUrls.withSecrets(url);
	}

	private static int closedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
