package io.github.ollamaws.autoconfigure.observation;

import io.github.ollamaws.core.OllamaClientObserver;
import io.github.ollamaws.observation.GenerationMeterObservationHandler;
import io.github.ollamaws.observation.GenerationObservationConvention;
import io.github.ollamaws.observation.MicrometerOllamaClientObserver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.observation.ObservationHandler.FirstMatchingCompositeObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Auto-configuration of the Micrometer {@link OllamaClientObserver}: an observation per
 * generation and the GenAI meters derived from it, plus the ping and slot-wait timers.
 *
 * <p>
 * Ordered after Spring Boot's meter and observation registries (without that order the
 * registries are not yet defined when the observer is, and the meters are silently
 * absent), and before the client's auto-configuration, which hands the observer to the
 * template it builds.
 */
@AutoConfiguration(
		afterName = {
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
				"org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration" },
		beforeName = "io.github.ollamaws.autoconfigure.OllamaWsAutoConfiguration")
@ConditionalOnClass({ ObservationRegistry.class, MeterRegistry.class })
public final class OllamaWsObservationAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	MicrometerOllamaClientObserver micrometerOllamaClientObserver(
			ObjectProvider<ObservationRegistry> observationRegistry, ObjectProvider<MeterRegistry> meterRegistry,
			ObjectProvider<GenerationObservationConvention> convention) {
		MeterRegistry meters = meterRegistry.getIfUnique();
		ObservationRegistry observations = observationRegistry.getIfUnique(() -> standaloneRegistry(meters));
		MicrometerOllamaClientObserver observer = new MicrometerOllamaClientObserver(observations, meters);
		observer.setObservationConvention(convention.getIfUnique());
		return observer;
	}

	/**
	 * The generation meters' handler, ordered before Micrometer's default meter handler
	 * so that it takes generations (Spring Boot registers meter handlers as a
	 * first-matching group).
	 * @param meterRegistry the registry
	 * @return the handler
	 */
	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE + 100)
	@ConditionalOnBean(MeterRegistry.class)
	@ConditionalOnMissingBean
	GenerationMeterObservationHandler generationMeterObservationHandler(MeterRegistry meterRegistry) {
		return new GenerationMeterObservationHandler(meterRegistry);
	}

	// Without an observation registry (Spring Boot's observation auto-configuration
	// excluded), the generation meters still need one to derive from.
	private static ObservationRegistry standaloneRegistry(@Nullable MeterRegistry meterRegistry) {
		if (meterRegistry == null) {
			return ObservationRegistry.NOOP;
		}
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig()
			.observationHandler(
					new FirstMatchingCompositeObservationHandler(new GenerationMeterObservationHandler(meterRegistry),
							new DefaultMeterObservationHandler(meterRegistry)));
		return registry;
	}

}
