package io.github.ollamaws.autoconfigure.health;

import java.time.Duration;

import io.github.ollamaws.client.OllamaTemplate;
import io.github.ollamaws.health.OllamaWsHealthIndicator;
import io.github.ollamaws.testserver.TestKeys;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link OllamaWsHealthContributorAutoConfiguration}.
 */
class OllamaWsHealthContributorAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OllamaWsHealthContributorAutoConfiguration.class,
				HealthContributorAutoConfiguration.class));

	@Test
	void registersHealthIndicatorForTheTemplate() {
		this.contextRunner.withBean(OllamaTemplate.class, OllamaWsHealthContributorAutoConfigurationTests::template)
			.run((context) -> assertThat(context).hasSingleBean(OllamaWsHealthIndicator.class)
				.hasBean("ollamaWsHealthContributor"));
	}

	@Test
	void contributesToTheHealthEndpointAsOllamaWs() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(HealthContributorRegistryAutoConfiguration.class))
			.withBean(OllamaTemplate.class, OllamaWsHealthContributorAutoConfigurationTests::template)
			.run((context) -> assertThat(context.getBean(HealthContributorRegistry.class).getContributor("ollamaWs"))
				.isInstanceOf(OllamaWsHealthIndicator.class));
	}

	@Test
	void registersCompositeForSeveralTemplates() {
		this.contextRunner
			.withBean("first", OllamaTemplate.class, OllamaWsHealthContributorAutoConfigurationTests::template)
			.withBean("second", OllamaTemplate.class, OllamaWsHealthContributorAutoConfigurationTests::template)
			.run((context) -> {
				assertThat(context).hasSingleBean(CompositeHealthContributor.class);
				CompositeHealthContributor composite = context.getBean(CompositeHealthContributor.class);
				assertThat(composite.getContributor("first")).isInstanceOf(OllamaWsHealthIndicator.class);
				assertThat(composite.getContributor("second")).isInstanceOf(OllamaWsHealthIndicator.class);
			});
	}

	@Test
	void timeoutDefaultsToTwoSeconds() {
		this.contextRunner.withBean(OllamaTemplate.class, OllamaWsHealthContributorAutoConfigurationTests::template)
			.run((context) -> assertThat(context.getBean(OllamaWsHealthProperties.class).getTimeout())
				.isEqualTo(Duration.ofSeconds(2)));
	}

	@Test
	void timeoutIsConfigurable() {
		this.contextRunner.withBean(OllamaTemplate.class, OllamaWsHealthContributorAutoConfigurationTests::template)
			.withPropertyValues("management.health.ollama-ws.timeout=150ms")
			.run((context) -> assertThat(context.getBean(OllamaWsHealthProperties.class).getTimeout())
				.isEqualTo(Duration.ofMillis(150)));
	}

	@Test
	void backsOffWhenDisabled() {
		this.contextRunner.withBean(OllamaTemplate.class, OllamaWsHealthContributorAutoConfigurationTests::template)
			.withPropertyValues("management.health.ollama-ws.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(OllamaWsHealthIndicator.class)
				.doesNotHaveBean("ollamaWsHealthContributor"));
	}

	@Test
	void backsOffWhenDefaultsAreDisabled() {
		this.contextRunner.withBean(OllamaTemplate.class, OllamaWsHealthContributorAutoConfigurationTests::template)
			.withPropertyValues("management.health.defaults.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(OllamaWsHealthIndicator.class));
	}

	@Test
	void backsOffWithoutTemplate() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(OllamaWsHealthIndicator.class));
	}

	@Test
	void backsOffWhenUserDefinesHealthIndicatorBean() {
		this.contextRunner.withBean(OllamaTemplate.class, OllamaWsHealthContributorAutoConfigurationTests::template)
			.withBean("ollamaWsHealthIndicator", HealthIndicator.class, () -> () -> Health.up().build())
			.run((context) -> assertThat(context).doesNotHaveBean(OllamaWsHealthIndicator.class)
				.hasBean("ollamaWsHealthIndicator")
				.doesNotHaveBean("ollamaWsHealthContributor"));
	}

	@Test
	void backsOffWhenUserDefinesHealthContributorBean() {
		this.contextRunner.withBean(OllamaTemplate.class, OllamaWsHealthContributorAutoConfigurationTests::template)
			.withBean("ollamaWsHealthContributor", HealthIndicator.class, () -> () -> Health.up().build())
			.run((context) -> assertThat(context).doesNotHaveBean(OllamaWsHealthIndicator.class));
	}

	@Test
	void backsOffWithoutSpringBootHealth() {
		// Hiding a class by name is what a missing spring-boot-health looks like to the
		// condition.
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(OllamaWsHealthContributorAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(ConditionalOnEnabledHealthIndicator.class))
			.withBean(OllamaTemplate.class, OllamaWsHealthContributorAutoConfigurationTests::template)
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean("ollamaWsHealthContributor"));
	}

	static OllamaTemplate template() {
		// Never connected: these tests only wire beans.
		return OllamaTemplate.builder().clientId("test-client").privateKey(TestKeys.ec().privateKey()).build();
	}

}
