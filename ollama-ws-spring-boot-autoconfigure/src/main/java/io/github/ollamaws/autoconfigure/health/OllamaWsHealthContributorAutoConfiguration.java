package io.github.ollamaws.autoconfigure.health;

import io.github.ollamaws.autoconfigure.OllamaTemplateConfigurer;
import io.github.ollamaws.client.OllamaTemplate;
import io.github.ollamaws.health.OllamaWsHealthIndicator;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.CompositeHealthContributorConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code ollama-ws} health contributor: an
 * {@link OllamaWsHealthIndicator} per {@link OllamaTemplate} (a composite, by bean name,
 * when there are several), whether the application or the starter built it; a template of
 * several gateways is judged by {@code management.health.ollama-ws.fleet-rule}, with
 * {@code ollama.ws.default-model} as the model the rule looks for. Turned off with
 * {@code management.health.ollama-ws.enabled=false}; backs off when the application
 * defines a bean named {@code ollamaWsHealthIndicator} or
 * {@code ollamaWsHealthContributor}.
 */
@AutoConfiguration(afterName = "io.github.ollamaws.autoconfigure.OllamaWsAutoConfiguration")
@ConditionalOnClass({ OllamaWsHealthIndicator.class, OllamaTemplate.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean(OllamaTemplate.class)
@ConditionalOnEnabledHealthIndicator("ollama-ws")
@EnableConfigurationProperties(OllamaWsHealthProperties.class)
public final class OllamaWsHealthContributorAutoConfiguration
		extends CompositeHealthContributorConfiguration<HealthIndicator, OllamaTemplate> {

	OllamaWsHealthContributorAutoConfiguration(OllamaWsHealthProperties properties,
			ObjectProvider<OllamaTemplateConfigurer> configurer) {
		super((template) -> indicator(template, properties, configurer.getIfAvailable()));
	}

	private static HealthIndicator indicator(OllamaTemplate template, OllamaWsHealthProperties properties,
			@Nullable OllamaTemplateConfigurer configurer) {
		return new OllamaWsHealthIndicator(template, properties.getTimeout(), properties.getFleetRule(),
				(configurer != null) ? configurer.getDefaultModel() : null);
	}

	@Bean
	@ConditionalOnMissingBean(name = { "ollamaWsHealthIndicator", "ollamaWsHealthContributor" })
	HealthContributor ollamaWsHealthContributor(ConfigurableListableBeanFactory beanFactory) {
		return createContributor(beanFactory, OllamaTemplate.class);
	}

}
