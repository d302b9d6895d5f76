package io.github.ollamaws.autoconfigure.observation;

import java.time.Duration;

import io.github.ollamaws.client.OllamaTemplate;
import io.github.ollamaws.core.AuthenticationException;
import io.github.ollamaws.core.RateLimitedException;
import io.github.ollamaws.event.OllamaAuthenticationFailedEvent;
import io.github.ollamaws.observation.OllamaTemplateMetrics;
import io.github.ollamaws.testserver.TestKeys;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link OllamaWsMetricsAutoConfiguration}.
 */
class OllamaWsMetricsAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OllamaWsMetricsAutoConfiguration.class, MetricsAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class));

	@Test
	void bindsTheTemplatesMeters() {
		this.contextRunner.withBean(OllamaTemplate.class, OllamaWsMetricsAutoConfigurationTests::template)
			.run((context) -> {
				assertThat(context).hasSingleBean(OllamaTemplateMetrics.class);
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				// The template never connected.
				assertThat(meters.get("ollama.ws.connections").tag("state", "open").gauge().value()).isZero();
				assertThat(meters.get("ollama.ws.connections").tag("state", "authenticated").gauge().value()).isZero();
				assertThat(meters.get("ollama.ws.requests.active").gauge().value()).isZero();
				assertThat(meters.get("ollama.ws.reconnects").functionCounter().count()).isZero();
				assertThat(meters.get("ollama.ws.auth.failures").tag("reason", "rejected").counter().count()).isZero();
				assertThat(meters.get("ollama.ws.auth.failures").tag("reason", "rate_limited").counter().count())
					.isZero();
			});
	}

	@Test
	void countsAuthenticationFailuresByReason() {
		this.contextRunner.withBean(OllamaTemplate.class, OllamaWsMetricsAutoConfigurationTests::template)
			.run((context) -> {
				OllamaTemplate template = context.getBean(OllamaTemplate.class);
				context.publishEvent(new OllamaAuthenticationFailedEvent(template, "ollama-ws-1", null,
						new AuthenticationException("rejected", 2), 2, null));
				context.publishEvent(new OllamaAuthenticationFailedEvent(template, "ollama-ws-1", null,
						new AuthenticationException("rejected", 1), 1, null));
				context.publishEvent(new OllamaAuthenticationFailedEvent(template, "ollama-ws-1", null,
						new RateLimitedException("blocked", Duration.ofSeconds(30)), null, Duration.ofSeconds(30)));
				// Another template's failure is not this template's.
				context.publishEvent(new OllamaAuthenticationFailedEvent(new Object(), "other-1", null,
						new AuthenticationException("rejected", 0), 0, null));
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				assertThat(meters.get("ollama.ws.auth.failures").tag("reason", "rejected").counter().count())
					.isEqualTo(2);
				assertThat(meters.get("ollama.ws.auth.failures").tag("reason", "rate_limited").counter().count())
					.isEqualTo(1);
			});
	}

	@Test
	void backsOffWithoutTemplate() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(OllamaTemplateMetrics.class));
	}

	@Test
	void backsOffWithSeveralTemplates() {
		this.contextRunner.withBean("first", OllamaTemplate.class, OllamaWsMetricsAutoConfigurationTests::template)
			.withBean("second", OllamaTemplate.class, OllamaWsMetricsAutoConfigurationTests::template)
			.run((context) -> assertThat(context).doesNotHaveBean(OllamaTemplateMetrics.class));
	}

	@Test
	void backsOffWithoutMeterRegistry() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(OllamaWsMetricsAutoConfiguration.class))
			.withBean(OllamaTemplate.class, OllamaWsMetricsAutoConfigurationTests::template)
			.run((context) -> assertThat(context).doesNotHaveBean(OllamaTemplateMetrics.class));
	}

	@Test
	void backsOffWithoutMicrometer() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("io.micrometer"))
			.withBean(OllamaTemplate.class, OllamaWsMetricsAutoConfigurationTests::template)
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(OllamaTemplateMetrics.class));
	}

	@Test
	void backsOffWhenUserDefinesTheMetrics() {
		this.contextRunner.withBean(OllamaTemplate.class, OllamaWsMetricsAutoConfigurationTests::template)
			.withBean("myMetrics", OllamaTemplateMetrics.class,
					() -> new OllamaTemplateMetrics(OllamaWsMetricsAutoConfigurationTests.template()))
			.run((context) -> assertThat(context).hasSingleBean(OllamaTemplateMetrics.class).hasBean("myMetrics"));
	}

	static OllamaTemplate template() {
		// Never connected: these tests only wire beans.
		return OllamaTemplate.builder().clientId("test-client").privateKey(TestKeys.ec().privateKey()).build();
	}

}
