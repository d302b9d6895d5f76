package io.github.ollamaws.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ServletLibraryWebApplicationTypeDeducer}. The integration-test applications prove it
 * leaves MVC and WebFlux applications alone.
 */
class ServletLibraryWebApplicationTypeDeducerTests {

	@Test
	void isRegistered() {
		assertThat(SpringFactoriesLoader.forDefaultResourceLocation().load(WebApplicationType.Deducer.class))
			.hasAtLeastOneElementOfType(ServletLibraryWebApplicationTypeDeducer.class);
	}

	@Test
	void servletAndSpringWebAloneMakeNoWebApplication() {
		// This module's test class path has jakarta.servlet and spring-web, like an application with the starter.
		assertThat(new ServletLibraryWebApplicationTypeDeducer().deduceWebApplicationType())
			.isEqualTo(WebApplicationType.NONE);
		assertThat(WebApplicationType.deduce()).isEqualTo(WebApplicationType.NONE);
	}

}
