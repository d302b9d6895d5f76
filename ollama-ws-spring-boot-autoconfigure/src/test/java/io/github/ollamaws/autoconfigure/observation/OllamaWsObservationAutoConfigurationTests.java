package io.github.ollamaws.autoconfigure.observation;

import java.net.URI;
import java.time.Duration;

import io.github.ollamaws.core.FinishReason;
import io.github.ollamaws.core.GenerationResult;
import io.github.ollamaws.core.OllamaClientObserver;
import io.github.ollamaws.core.OllamaClientObserver.GenerationContext;
import io.github.ollamaws.observation.DefaultGenerationObservationConvention;
import io.github.ollamaws.observation.GenerationMeterObservationHandler;
import io.github.ollamaws.observation.GenerationObservationConvention;
import io.github.ollamaws.observation.MicrometerOllamaClientObserver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link OllamaWsObservationAutoConfiguration}.
 */
class OllamaWsObservationAutoConfigurationTests {

	private static final URI GATEWAY = URI.create("ws://127.0.0.1:3000");

	// Listed first on purpose: the auto-configuration order, not this list, must put it
	// after Boot's.
	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OllamaWsObservationAutoConfiguration.class,
				ObservationAutoConfiguration.class, MetricsAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class));

	@Test
	void generationMetersAreRecordedThroughBootsObservationRegistry() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(MicrometerOllamaClientObserver.class)
				.hasSingleBean(GenerationMeterObservationHandler.class);
			generate(context.getBean(OllamaClientObserver.class), 6);
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.get("gen_ai.client.operation.duration").timer().count()).isEqualTo(1);
			assertThat(meters.get("gen_ai.client.token.usage").counter().count()).isEqualTo(6);
			// Micrometer's default meter handler would have named its timer after the
			// observation.
			assertThat(meters.find("gen_ai.client.operation").meters()).isEmpty();
		});
	}

	@Test
	void otherObservationsKeepTheDefaultMeterHandler() {
		this.contextRunner.run((context) -> {
			ObservationRegistry observations = context.getBean(ObservationRegistry.class);
			io.micrometer.observation.Observation.createNotStarted("other.work", observations).observe(() -> {
			});
			assertThat(context.getBean(MeterRegistry.class).get("other.work").timer().count()).isEqualTo(1);
		});
	}

	@Test
	void pingAndSlotTimersAreRegistered() {
		this.contextRunner.run((context) -> {
			OllamaClientObserver observer = context.getBean(OllamaClientObserver.class);
			observer.pingCompleted(Duration.ofMillis(5));
			observer.slotAcquired(Duration.ofMillis(1));
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.get("ollama.ws.ping").timer().count()).isEqualTo(1);
			assertThat(meters.get("ollama.ws.pool.acquire").timer().count()).isEqualTo(1);
		});
	}

	@Test
	void withoutBootsObservationRegistryGenerationMetersAreStillRecorded() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(OllamaWsObservationAutoConfiguration.class, MetricsAutoConfiguration.class,
							CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).doesNotHaveBean(ObservationRegistry.class);
				generate(context.getBean(OllamaClientObserver.class), 3);
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				assertThat(meters.get("gen_ai.client.token.usage").counter().count()).isEqualTo(3);
				assertThat(meters.find("gen_ai.client.operation").meters()).isEmpty();
			});
	}

	@Test
	void withoutAnyRegistryTheObserverDoesNothing() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(OllamaWsObservationAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).hasSingleBean(MicrometerOllamaClientObserver.class)
					.doesNotHaveBean(GenerationMeterObservationHandler.class);
				generate(context.getBean(OllamaClientObserver.class), 2);
			});
	}

	@Test
	void userConventionReplacesTheDefault() {
		this.contextRunner
			.withUserConfiguration(TestObservationRegistryConfiguration.class, ConventionConfiguration.class)
			.run((context) -> {
				generate(context.getBean(OllamaClientObserver.class), 1);
				TestObservationRegistryAssert.assertThat(context.getBean(TestObservationRegistry.class))
					.hasSingleObservationThat()
					.hasNameEqualTo("custom.generation");
			});
	}

	@Test
	void observationIsNamedAfterGenAiConventionsByDefault() {
		this.contextRunner.withUserConfiguration(TestObservationRegistryConfiguration.class).run((context) -> {
			generate(context.getBean(OllamaClientObserver.class), 1);
			TestObservationRegistryAssert.assertThat(context.getBean(TestObservationRegistry.class))
				.hasSingleObservationThat()
				.hasNameEqualTo("gen_ai.client.operation")
				.hasLowCardinalityKeyValue("gen_ai.provider.name", "ollama");
		});
	}

	@Test
	void backsOffWhenUserDefinesTheObserver() {
		this.contextRunner
			.withBean("myObserver", MicrometerOllamaClientObserver.class,
					() -> new MicrometerOllamaClientObserver(ObservationRegistry.NOOP, null))
			.run((context) -> assertThat(context).hasSingleBean(MicrometerOllamaClientObserver.class)
				.hasBean("myObserver"));
	}

	@Test
	void backsOffWithoutMicrometer() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("io.micrometer"))
			.run((context) -> assertThat(context).doesNotHaveBean(MicrometerOllamaClientObserver.class)
				.doesNotHaveBean(GenerationMeterObservationHandler.class));
	}

	private static void generate(OllamaClientObserver observer, int tokens) {
		observer.generationStarted(new GenerationContext("gen-1", "llama3", GATEWAY))
			.completed(new GenerationResult("gen-1", "llama3", "x".repeat(tokens), tokens, Duration.ofMillis(5),
					Duration.ofMillis(1), FinishReason.COMPLETED));
	}

	@Configuration(proxyBeanMethods = false)
	static class TestObservationRegistryConfiguration {

		@Bean
		TestObservationRegistry testObservationRegistry() {
			return TestObservationRegistry.create();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ConventionConfiguration {

		@Bean
		GenerationObservationConvention customConvention() {
			return new DefaultGenerationObservationConvention() {

				@Override
				public String getName() {
					return "custom.generation";
				}

			};
		}

	}

}
