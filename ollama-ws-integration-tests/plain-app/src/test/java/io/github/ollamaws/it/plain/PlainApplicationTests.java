package io.github.ollamaws.it.plain;

import io.github.ollamaws.client.OllamaTemplate;
import io.github.ollamaws.it.support.GatewayProperties;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.ClassUtils;
import org.springframework.web.context.WebApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter puts {@code jakarta.servlet} (Tomcat's WebSocket client needs
 * tomcat-embed-core) and {@code spring-web} on a non-web application's class path; the
 * application must stay a non-web application all the same.
 */
@SpringBootTest
class PlainApplicationTests {

	private static final String PEM = GatewayProperties.generatedPrivateKeyPem();

	@Autowired
	private ConfigurableApplicationContext context;

	@DynamicPropertySource
	static void gateway(DynamicPropertyRegistry registry) {
		registry.add("ollama.ws.client-id", () -> "plain-app");
		registry.add("ollama.ws.private-key", () -> PEM);
	}

	@Test
	void servletClassesAreOnTheClassPathButNoWebServerSupport() {
		assertThat(ClassUtils.isPresent("jakarta.servlet.Servlet", null)).isTrue();
		assertThat(ClassUtils.isPresent("org.springframework.web.context.ConfigurableWebApplicationContext", null))
			.isTrue();
		assertThat(ClassUtils.isPresent("org.springframework.boot.web.server.WebServer", null)).isFalse();
	}

	@Test
	void theStarterBringsNoLangChain4j() {
		// LangChain4j is a dependency of ollama-ws-langchain4j only, which this app does
		// not use.
		assertThat(ClassUtils.isPresent("dev.langchain4j.model.chat.ChatModel", null)).isFalse();
		assertThat(ClassUtils.isPresent("io.github.ollamaws.langchain4j.OllamaWsLangChain4jChatModel", null)).isFalse();
	}

	@Test
	void isDeducedAsANonWebApplication() {
		assertThat(WebApplicationType.deduce()).isEqualTo(WebApplicationType.NONE);
	}

	@Test
	void testContextIsNotAWebApplicationContextAndHasTheTemplate() {
		assertThat(this.context).isNotInstanceOf(WebApplicationContext.class);
		assertThat(this.context.getBean(OllamaTemplate.class).getClientId()).isEqualTo("plain-app");
		assertThat(GatewayProperties.tomcatServerThreads()).isEmpty();
	}

	@Test
	void runsAsANonWebApplicationFromSpringApplication() {
		SpringApplication application = new SpringApplication(PlainApplication.class);
		try (ConfigurableApplicationContext running = application.run("--ollama.ws.client-id=plain-app",
				"--ollama.ws.private-key=" + PEM, "--spring.main.banner-mode=off")) {
			assertThat(application.getWebApplicationType()).isEqualTo(WebApplicationType.NONE);
			assertThat(running).isExactlyInstanceOf(AnnotationConfigApplicationContext.class);
			assertThat(running.getBean(OllamaTemplate.class)).isNotNull();
			assertThat(GatewayProperties.tomcatServerThreads()).isEmpty();
		}
	}

}
