package io.github.ollamaws.sample;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.ollamaws.sample.embedded.EmbeddedGateway;
import io.github.ollamaws.sample.embedded.EmbeddedGatewayInitializer;
import io.github.ollamaws.sample.embedded.GatewaySetup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.context.aot.AbstractAotProcessor;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.javapoet.ClassName;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link EmbeddedGatewayInitializer} under Spring's ahead-of-time processing: it starts
 * nothing while the build processes the application, and what it registers at run time
 * does not stand in the way of AOT processing. The packaged app's processed start is
 * {@link SampleApplicationAotIT}'s.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EmbeddedGatewayInitializerAotTests {

	@Test
	void startsAndRegistersNothingDuringAotProcessing() {
		System.setProperty(AbstractAotProcessor.AOT_PROCESSING, "true");
		try (GenericApplicationContext context = demoContext()) {
			new EmbeddedGatewayInitializer().initialize(context);
			assertThat(context.getEnvironment()
				.getPropertySources()
				.contains(EmbeddedGatewayInitializer.PROPERTY_SOURCE_NAME)).isFalse();
			assertThat(context.getBeanFactory().containsSingleton("embeddedGateway")).isFalse();
			assertThat(context.getEnvironment().getProperty("ollama.ws.url")).isNull();
		}
		finally {
			System.clearProperty(AbstractAotProcessor.AOT_PROCESSING);
		}
	}

	@Test
	void aContextWithTheRunningGatewayCanBeAotProcessed() {
		GenericApplicationContext context = demoContext();
		new EmbeddedGatewayInitializer().initialize(context);
		EmbeddedGateway gateway = (EmbeddedGateway) context.getBeanFactory().getSingleton("embeddedGateway");
		try {
			assertThat(gateway).isNotNull();
			assertThat(context.getBeanFactory().isTypeMatch("gatewaySetup", GatewaySetup.class)).isTrue();
			// An instance supplier here would fail with "instance supplier is not
			// supported".
			new ApplicationContextAotGenerator().processAheadOfTime(context, new DefaultGenerationContext(
					new ClassNameGenerator(ClassName.get(SampleApplication.class)), new InMemoryGeneratedFiles()));
		}
		finally {
			context.close();
			gateway.close();
		}
	}

	private static GenericApplicationContext demoContext() {
		GenericApplicationContext context = new GenericApplicationContext();
		context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("test", Map.of("sample.ollama.enabled", "false")));
		return context;
	}

}
