package io.github.ollamaws.observation;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.ollamaws.client.OllamaTemplate;
import io.github.ollamaws.event.OllamaAuthenticatedEvent;
import io.github.ollamaws.event.OllamaConnectedEvent;
import io.github.ollamaws.testserver.OllamaWsTestServer;
import io.github.ollamaws.testserver.TestClient;
import io.github.ollamaws.testserver.TestKeys;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

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

}
