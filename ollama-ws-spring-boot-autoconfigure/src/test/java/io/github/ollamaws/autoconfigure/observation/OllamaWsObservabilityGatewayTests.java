package io.github.ollamaws.autoconfigure.observation;

import java.time.Duration;

import io.github.ollamaws.autoconfigure.OllamaWsAutoConfiguration;
import io.github.ollamaws.autoconfigure.health.OllamaWsHealthContributorAutoConfiguration;
import io.github.ollamaws.client.OllamaTemplate;
import io.github.ollamaws.core.AuthenticationException;
import io.github.ollamaws.observation.MicrometerOllamaClientObserver;
import io.github.ollamaws.testserver.OllamaWsTestServer;
import io.github.ollamaws.testserver.ScriptedBackend;
import io.github.ollamaws.testserver.TestClient;
import io.github.ollamaws.testserver.TestKeys;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The whole starter, auto-configured with Spring Boot's metrics, observation and health,
 * against a real test gateway: the auto-configured template reports to the
 * auto-configured observer, meters and health.
 */
class OllamaWsObservabilityGatewayTests {

	private static OllamaWsTestServer server;

	private static TestClient client;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(OllamaWsAutoConfiguration.class, OllamaWsObservationAutoConfiguration.class,
						OllamaWsMetricsAutoConfiguration.class, OllamaWsHealthContributorAutoConfiguration.class,
						ObservationAutoConfiguration.class, MetricsAutoConfiguration.class,
						CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
						HealthContributorAutoConfiguration.class, HealthContributorRegistryAutoConfiguration.class))
		.withPropertyValues("ollama.ws.connect-timeout=2s", "ollama.ws.auth-timeout=2s",
				"ollama.ws.shutdown-timeout=1s", "ollama.ws.reconnect.initial-delay=100ms",
				"ollama.ws.reconnect.max-delay=1s");

	@BeforeAll
	static void startGateway() {
		server = OllamaWsTestServer.builder().backend(ScriptedBackend.withDefaultModels()).start();
		client = server.registerNewClient(TestKeys.ec());
	}

	@AfterAll
	static void stopGateway() {
		server.close();
	}

	@Test
	void autoConfiguredTemplateIsMeasuredAndHealthy() {
		this.contextRunner.withPropertyValues(server.springPropertyValues(client))
			.withPropertyValues("ollama.ws.pool.size=2", "ollama.ws.pool.eager-warm-up=true")
			.run((context) -> {
				OllamaTemplate template = context.getBean(OllamaTemplate.class);
				template.generate("one");
				template.generate("two");
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				// No model is asked for: the gateway says which it used.
				Counter usage = meters.get("gen_ai.client.token.usage")
					.tag("gen_ai.response.model", "llama2")
					.counter();
				assertThat(usage.count()).isEqualTo(2 * ScriptedBackend.DEFAULT_TOKENS.size());
				assertThat(meters.get("gen_ai.client.operation.duration").timer().count()).isEqualTo(2);
				assertThat(meters.find("gen_ai.client.operation").meters()).isEmpty();
				await().atMost(Duration.ofSeconds(5))
					.until(() -> meters.get("ollama.ws.connections").tag("state", "authenticated").gauge().value(),
							(value) -> value == 2);
				HealthIndicator health = (HealthIndicator) context.getBean(HealthContributorRegistry.class)
					.getContributor("ollamaWs");
				assertThat(health.health().getStatus()).isEqualTo(Status.UP);
				assertThat(meters.get("ollama.ws.ping").timer().count()).isEqualTo(1);
			});
	}

	@Test
	void authenticationFailuresAreCountedFromApplicationEvents() {
		this.contextRunner.withPropertyValues(server.springPropertyValues(client))
			.withPropertyValues("ollama.ws.private-key=" + TestKeys.ec().privateKeyPem())
			.run((context) -> {
				assertThatExceptionOfType(AuthenticationException.class)
					.isThrownBy(context.getBean(OllamaTemplate.class)::ping);
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				await().atMost(Duration.ofSeconds(5))
					.until(() -> meters.get("ollama.ws.auth.failures").tag("reason", "rejected").counter().count(),
							(count) -> count == 1);
			});
	}

	@Test
	void withoutMicrometerTheTemplateAndItsHealthStillWork() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("io.micrometer"))
			.withPropertyValues(server.springPropertyValues(client))
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(MicrometerOllamaClientObserver.class);
				assertThat(context.getBean(OllamaTemplate.class).generate("hi").totalTokens())
					.isEqualTo(ScriptedBackend.DEFAULT_TOKENS.size());
				HealthIndicator health = (HealthIndicator) context.getBean(HealthContributorRegistry.class)
					.getContributor("ollamaWs");
				assertThat(health.health().getStatus()).isEqualTo(Status.UP);
			});
	}

}
