package io.github.ollamaws.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.AotServices;
import org.springframework.boot.WebApplicationType;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ServletLibraryWebApplicationTypeDeducer}. The integration-test
 * applications prove it leaves MVC and WebFlux applications alone (and the MVC one that
 * its hints name the indicators present).
 */
class ServletLibraryWebApplicationTypeDeducerTests {

	@Test
	void isRegistered() {
		assertThat(SpringFactoriesLoader.forDefaultResourceLocation().load(WebApplicationType.Deducer.class))
			.hasAtLeastOneElementOfType(ServletLibraryWebApplicationTypeDeducer.class);
	}

	@Test
	void servletAndSpringWebAloneMakeNoWebApplication() {
		// This module's test class path has jakarta.servlet and spring-web, like an
		// application with the starter.
		assertThat(new ServletLibraryWebApplicationTypeDeducer().deduceWebApplicationType())
			.isEqualTo(WebApplicationType.NONE);
		assertThat(WebApplicationType.deduce()).isEqualTo(WebApplicationType.NONE);
	}

	@Test
	void runtimeHintsAreRegisteredInAotFactories() {
		assertThat(AotServices.factories().load(RuntimeHintsRegistrar.class)).hasAtLeastOneElementOfType(
				ServletLibraryWebApplicationTypeDeducer.ServletLibraryWebApplicationTypeDeducerRuntimeHints.class);
	}

	@Test
	void runtimeHintsNameNoIndicatorThatIsAbsent() {
		RuntimeHints hints = new RuntimeHints();
		new ServletLibraryWebApplicationTypeDeducer.ServletLibraryWebApplicationTypeDeducerRuntimeHints()
			.registerHints(hints, getClass().getClassLoader());
		assertThat(RuntimeHintsPredicates.reflection()
			.onType(TypeReference.of("org.springframework.web.servlet.DispatcherServlet"))).rejects(hints);
		assertThat(hints.reflection().typeHints()).isEmpty();
	}

}
