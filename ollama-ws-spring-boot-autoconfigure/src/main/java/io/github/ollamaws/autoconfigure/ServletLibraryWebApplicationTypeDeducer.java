package io.github.ollamaws.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;
import org.springframework.boot.WebApplicationType;
import org.springframework.util.ClassUtils;

/**
 * Keeps an application that has no web stack a {@link WebApplicationType#NONE non-web}
 * application, although the starter puts {@code jakarta.servlet} (Tomcat's WebSocket
 * client needs tomcat-embed-core) and {@code spring-web} on its class path.
 * <p>
 * Without this, Spring Boot's fallback deduction sees those two and answers
 * {@link WebApplicationType#SERVLET}: the application itself then silently falls back to
 * a plain context (no embedded server support is present to start one), but
 * {@code @SpringBootTest} builds a mock servlet web context for it, so the tests of a
 * non-web application would run as a web application.
 * <p>
 * Answers only when no web stack is present (no embedded web server support, no Spring
 * MVC, WebFlux or Jersey); otherwise it leaves the decision to Spring Boot's own
 * deducers. An explicit {@code spring.main.web-application-type} still wins.
 * <p>
 * In a native image a class is found by name only when it is registered for reflection,
 * else a web application would be taken for a non-web one: the indicator classes present
 * at build time are registered by
 * {@link ServletLibraryWebApplicationTypeDeducerRuntimeHints}, as Spring Boot registers
 * its own.
 */
class ServletLibraryWebApplicationTypeDeducer implements WebApplicationType.Deducer {

	private static final String[] WEB_STACK_INDICATOR_CLASSES = { "org.springframework.boot.web.server.WebServer",
			"org.springframework.web.servlet.DispatcherServlet", "org.springframework.web.reactive.DispatcherHandler",
			"org.glassfish.jersey.servlet.ServletContainer" };

	@Override
	public @Nullable WebApplicationType deduceWebApplicationType() {
		for (String indicatorClass : WEB_STACK_INDICATOR_CLASSES) {
			if (ClassUtils.isPresent(indicatorClass, null)) {
				return null;
			}
		}
		return WebApplicationType.NONE;
	}

	/**
	 * Registers the web stack indicator classes present at build time, so that they are
	 * found by name in a native image.
	 */
	static class ServletLibraryWebApplicationTypeDeducerRuntimeHints implements RuntimeHintsRegistrar {

		@Override
		public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
			for (String indicatorClass : WEB_STACK_INDICATOR_CLASSES) {
				if (ClassUtils.isPresent(indicatorClass, classLoader)) {
					hints.reflection().registerType(TypeReference.of(indicatorClass));
				}
			}
		}

	}

}
