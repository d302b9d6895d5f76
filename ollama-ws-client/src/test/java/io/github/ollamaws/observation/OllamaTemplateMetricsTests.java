package io.github.ollamaws.observation;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.ollamaws.client.OllamaTemplate;
import io.github.ollamaws.core.GenerateRequest;
import io.github.ollamaws.core.Generation;
import io.github.ollamaws.event.OllamaAuthenticatedEvent;
import io.github.ollamaws.event.OllamaConnectedEvent;
import io.github.ollamaws.fleet.GatewayEndpoint;
import io.github.ollamaws.fleet.GatewayStatus;
import io.github.ollamaws.testserver.OllamaWsTestServer;
import io.github.ollamaws.testserver.ScriptedBackend;
import io.github.ollamaws.testserver.ScriptedModel;
import io.github.ollamaws.testserver.TestClient;
import io.github.ollamaws.testserver.TestKeys;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link OllamaTemplateMetrics}'s per-gateway gauges are registered once per gateway, as
 * their Javadoc says ("a gateway seen for the first time"), not again on every connection
 * event, which made Micrometer log "This Gauge has been already registered" in every
 * application with Actuator.
 */
class OllamaTemplateMetricsTests {

	private final OllamaWsTestServer server = OllamaWsTestServer.builder().start();

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void registersAGatewaysGaugesOnceHoweverManyConnectionEventsNameIt() {
		TestClient client = this.server.registerNewClient(TestKeys.ec());
		// Micrometer warns once per JVM, then logs at DEBUG: DEBUG shows every double
		// registration.
		Logger logger = (Logger) LoggerFactory.getLogger(MeterRegistry.class);
		ListAppender<ILoggingEvent> log = new ListAppender<>();
		log.start();
		logger.addAppender(log);
		Level level = logger.getLevel();
		logger.setLevel(Level.DEBUG);
		try (OllamaTemplate template = OllamaTemplate.builder()
			.url(this.server.url())
			.clientId(client.clientId())
			.privateKey(client.keys().privateKey())
			.build()) {
			SimpleMeterRegistry meters = new SimpleMeterRegistry();
			OllamaTemplateMetrics metrics = new OllamaTemplateMetrics(template);
			metrics.bindTo(meters);
			for (int i = 0; i < 3; i++) {
				metrics.onApplicationEvent(new OllamaConnectedEvent(template, "connection-" + i, this.server.url()));
				metrics
					.onApplicationEvent(new OllamaAuthenticatedEvent(template, "connection-" + i, this.server.url()));
			}
			assertThat(meters.find(OllamaTemplateMetrics.GATEWAY_UP).gauges()).hasSize(1);
			assertThat(meters.find(OllamaTemplateMetrics.GATEWAY_CONNECTIONS).gauges()).hasSize(1);
			assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage)
				.noneMatch((message) -> message.contains("already registered"));
		}
		finally {
			logger.setLevel(level);
			logger.detachAppender(log);
		}
	}

	@Test
	void bindingATemplateThatAlreadyKnowsItsGatewayRegistersItsGaugesAtOnce() {
		// Bound after the template was first used (as a registry added late would bind
		// it):
		// no connection event will come to name the gateway, so bindTo must.
		TestClient client = this.server.registerNewClient(TestKeys.ec());
		try (OllamaTemplate template = OllamaTemplate.builder()
			.url(this.server.url())
			.clientId(client.clientId())
			.privateKey(client.keys().privateKey())
			.build()) {
			template.ping();
			SimpleMeterRegistry meters = new SimpleMeterRegistry();
			new OllamaTemplateMetrics(template).bindTo(meters);
			assertThat(meters.get(OllamaTemplateMetrics.GATEWAY_UP)
				.tag("server.port", String.valueOf(this.server.url().getPort()))
				.gauge()
				.value()).isEqualTo(1);
			assertThat(meters.get(OllamaTemplateMetrics.GATEWAY_CONNECTIONS).gauge().value()).isPositive();
		}
	}

	@Test
	void aDrainingGatewaysGaugesShowItUntilItsUrlIsBackInRotation() throws Exception {
		try (OllamaWsTestServer gateway = OllamaWsTestServer.builder()
			.backend(ScriptedBackend.create().model(ScriptedModel.named("hold").neverAnswers()))
			.start()) {
			TestClient client = gateway.registerNewClient(TestKeys.ec());
			GatewayEndpoint endpoint = GatewayEndpoint.of(gateway.url(), client.clientId());
			AtomicReference<List<GatewayEndpoint>> listed = new AtomicReference<>(List.of(endpoint));
			AtomicReference<OllamaTemplateMetrics> metrics = new AtomicReference<>();
			try (OllamaTemplate template = OllamaTemplate.builder()
				.privateKey(client.keys().privateKey())
				.discovery((discovery) -> discovery.source(listed::get).refreshInterval(Duration.ofMillis(100)))
				.eventListener((event) -> {
					OllamaTemplateMetrics bound = metrics.get();
					if (bound != null) {
						bound.onApplicationEvent(event);
					}
				})
				.build()) {
				SimpleMeterRegistry meters = new SimpleMeterRegistry();
				metrics.set(new OllamaTemplateMetrics(template));
				metrics.get().bindTo(meters);
				template.start();
				await().atMost(Duration.ofSeconds(10))
					.until(() -> states(template).equals(List.of(GatewayStatus.State.UP)));
				Generation held = template.stream(GenerateRequest.builder("x").model("hold").build(), (token) -> {
				});
				await().atMost(Duration.ofSeconds(5)).until(() -> gateway.activeGenerations() == 1);
				// No longer listed: it drains, and its gauges still show it (the
				// generation
				// it holds).
				listed.set(List.of());
				await().atMost(Duration.ofSeconds(5))
					.until(() -> states(template).equals(List.of(GatewayStatus.State.DRAINING)));
				assertThat(gauge(meters, OllamaTemplateMetrics.GATEWAY_REQUESTS_ACTIVE, gateway)).isEqualTo(1);
				assertThat(gauge(meters, OllamaTemplateMetrics.GATEWAY_UP, gateway)).isZero();
				// Listed again while the old one drains: the gauges follow the one in
				// rotation.
				listed.set(List.of(endpoint));
				await().atMost(Duration.ofSeconds(10))
					.until(() -> states(template)
						.equals(List.of(GatewayStatus.State.DRAINING, GatewayStatus.State.UP)));
				// (Its requests in flight are no steady sign: its model listings come and
				// go.)
				assertThat(gauge(meters, OllamaTemplateMetrics.GATEWAY_UP, gateway)).isEqualTo(1);
				assertThat(held.cancel()).isTrue();
				assertThat(held.result().get(5, TimeUnit.SECONDS).isCancelled()).isTrue();
			}
		}
	}

	private static List<GatewayStatus.State> states(OllamaTemplate template) {
		return template.gatewayStatuses().stream().map(GatewayStatus::state).toList();
	}

	private static double gauge(SimpleMeterRegistry meters, String name, OllamaWsTestServer gateway) {
		return meters.get(name).tag("server.port", String.valueOf(gateway.url().getPort())).gauge().value();
	}

}
