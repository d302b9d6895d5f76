package io.github.ollamaws.autoconfigure;

import org.springframework.boot.WebApplicationType;
import org.springframework.util.ClassUtils;

/**
 * Keeps an application that has no web stack a {@link WebApplicationType#NONE non-web} application,
 * although the starter puts {@code jakarta.servlet} (Tomcat's WebSocket client needs tomcat-embed-core)
 * and {@code spring-web} on its class path.
 * <p>
 * Without this, Spring Boot's fallback deduction sees those two and answers
 * {@link WebApplicationType#SERVLET}: the application itself then silently falls back to a plain context
 * (no embedded server support is present to start one), but {@code @SpringBootTest} builds a mock
 * servlet web context for it, so the tests of a non-web application would run as a web application.
 * <p>
 * Answers only when no web stack is present (no embedded web server support, no Spring MVC, WebFlux or
 * Jersey); otherwise it leaves the decision to Spring Boot's own deducers. An explicit
 * {@code spring.main.web-application-type} still wins.
 */
class ServletLibraryWebApplicationTypeDeducer implements WebApplicationType.Deducer {

	private static final String[] WEB_STACK_INDICATOR_CLASSES = { "org.springframework.boot.web.server.WebServer",
			"org.springframework.web.servlet.DispatcherServlet", "org.springframework.web.reactive.DispatcherHandler",
			"org.glassfish.jersey.servlet.ServletContainer" };

	@Override
	public WebApplicationType deduceWebApplicationType() {
		for (String indicatorClass : WEB_STACK_INDICATOR_CLASSES) {
			if (ClassUtils.isPresent(indicatorClass, null)) {
				return null;
			}
		}
		return WebApplicationType.NONE;
	}

}
