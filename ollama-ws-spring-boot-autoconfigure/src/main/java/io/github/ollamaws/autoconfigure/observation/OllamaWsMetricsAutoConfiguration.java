package io.github.ollamaws.autoconfigure.observation;

import io.github.ollamaws.client.OllamaTemplate;
import io.github.ollamaws.observation.OllamaTemplateMetrics;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the meters of the {@link OllamaTemplate}'s connections
 * ({@link OllamaTemplateMetrics}), bound to the application's meter registry. Applies
 * when there is one template (or one primary template).
 */
@AutoConfiguration(afterName = {
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
		"io.github.ollamaws.autoconfigure.OllamaWsAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnSingleCandidate(OllamaTemplate.class)
public final class OllamaWsMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	OllamaTemplateMetrics ollamaTemplateMetrics(OllamaTemplate ollamaTemplate) {
		return new OllamaTemplateMetrics(ollamaTemplate);
	}

}
