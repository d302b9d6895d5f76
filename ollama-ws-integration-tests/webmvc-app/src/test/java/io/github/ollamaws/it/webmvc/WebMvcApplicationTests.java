package io.github.ollamaws.it.webmvc;

import io.github.ollamaws.client.OllamaTemplate;
import io.github.ollamaws.it.support.GatewayProperties;
import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.aot.AotServices;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter in a Spring MVC application: Spring Boot still starts its embedded Tomcat.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class WebMvcApplicationTests {

	@Autowired
	private ApplicationContext context;

	@DynamicPropertySource
	static void gateway(DynamicPropertyRegistry registry) {
		GatewayProperties.register(registry, "webmvc-app");
	}

	@Test
	void isDeducedAsAServletApplication() {
		assertThat(WebApplicationType.deduce()).isEqualTo(WebApplicationType.SERVLET);
	}

	@Test
	void startsTomcatAndHasTheTemplate() {
		assertThat(this.context).isInstanceOf(ServletWebServerApplicationContext.class);
		ServletWebServerApplicationContext webContext = (ServletWebServerApplicationContext) this.context;
		assertThat(webContext.getWebServer()).isInstanceOf(TomcatWebServer.class);
		assertThat(webContext.getWebServer().getPort()).isPositive();
		assertThat(this.context.getBean(OllamaTemplate.class).getClientId()).isEqualTo("webmvc-app");
	}

	@Test
	void runtimeHintsLetANativeImageFindTheWebStack() {
		// The starter's deducer looks these up by name; unregistered, a native image
		// would not find them.
		RuntimeHints hints = new RuntimeHints();
		AotServices.factories()
			.load(RuntimeHintsRegistrar.class)
			.stream()
			.filter((registrar) -> registrar.getClass().getName().startsWith("io.github.ollamaws."))
			.forEach((registrar) -> registrar.registerHints(hints, getClass().getClassLoader()));
		assertThat(RuntimeHintsPredicates.reflection()
			.onType(TypeReference.of("org.springframework.web.servlet.DispatcherServlet"))).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onType(TypeReference.of("org.springframework.boot.web.server.WebServer"))).accepts(hints);
	}

}
