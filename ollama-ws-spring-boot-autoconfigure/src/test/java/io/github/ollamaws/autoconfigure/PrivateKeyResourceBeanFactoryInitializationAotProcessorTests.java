package io.github.ollamaws.autoconfigure;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.AotServices;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.javapoet.ClassName;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PrivateKeyResourceBeanFactoryInitializationAotProcessor}, through
 * Spring's AOT processing of a context configured as an application would be.
 */
class PrivateKeyResourceBeanFactoryInitializationAotProcessorTests {

	private static final String KEY = "keys/ec-p256-pkcs8.pem";

	@Test
	void isRegisteredInAotFactories() {
		assertThat(AotServices.factories().load(BeanFactoryInitializationAotProcessor.class))
			.hasAtLeastOneElementOfType(PrivateKeyResourceBeanFactoryInitializationAotProcessor.class);
	}

	@Test
	void registersTheKeyOfAClasspathLocation() {
		RuntimeHints hints = processAheadOfTime(Map.of("ollama.ws.private-key-location", "classpath:" + KEY));
		assertThat(RuntimeHintsPredicates.resource().forResource(KEY)).accepts(hints);
		// Exactly that file: not the other keys beside it.
		assertThat(RuntimeHintsPredicates.resource().forResource("keys/rsa-pkcs8.pem")).rejects(hints);
	}

	@Test
	void registersTheKeyOfAClasspathLocationWithALeadingSlash() {
		RuntimeHints hints = processAheadOfTime(Map.of("ollama.ws.private-key-location", "classpath:/" + KEY));
		assertThat(RuntimeHintsPredicates.resource().forResource(KEY)).accepts(hints);
	}

	@Test
	void registersAClasspathLocationGivenAsThePrivateKey() {
		RuntimeHints hints = processAheadOfTime(Map.of("ollama.ws.private-key", "classpath:" + KEY));
		assertThat(RuntimeHintsPredicates.resource().forResource(KEY)).accepts(hints);
	}

	@Test
	void registersTheKeysOfTheGatewaysOfAFleet() {
		RuntimeHints hints = processAheadOfTime(
				Map.of("ollama.ws.gateways[0].url", "ws://gateway-0:3000", "ollama.ws.gateways[1].url",
						"ws://gateway-1:3000", "ollama.ws.gateways[1].private-key", "classpath:" + KEY));
		assertThat(RuntimeHintsPredicates.resource().forResource(KEY)).accepts(hints);
		assertThat(RuntimeHintsPredicates.resource().forResource("keys/rsa-pkcs8.pem")).rejects(hints);
	}

	@Test
	void registersNothingForAFileLocationOrNoKey() {
		RuntimeHints fileHints = processAheadOfTime(Map.of("ollama.ws.private-key-location", "file:/etc/" + KEY));
		assertThat(RuntimeHintsPredicates.resource().forResource(KEY)).rejects(fileHints);
		assertThat(RuntimeHintsPredicates.resource().forResource("etc/" + KEY)).rejects(fileHints);
		RuntimeHints noKeyHints = processAheadOfTime(Map.of());
		assertThat(RuntimeHintsPredicates.resource().forResource(KEY)).rejects(noKeyHints);
	}

	private static RuntimeHints processAheadOfTime(Map<String, Object> properties) {
		try (GenericApplicationContext context = new GenericApplicationContext()) {
			context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test", properties));
			DefaultGenerationContext generationContext = new DefaultGenerationContext(
					new ClassNameGenerator(
							ClassName.get(PrivateKeyResourceBeanFactoryInitializationAotProcessorTests.class)),
					new InMemoryGeneratedFiles());
			new ApplicationContextAotGenerator().processAheadOfTime(context, generationContext);
			return generationContext.getRuntimeHints();
		}
	}

}
