package io.github.ollamaws.it.webmvc;

import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import io.github.ollamaws.client.OllamaTemplate;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
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
		registry.add("ollama.ws.client-id", () -> "webmvc-app");
		registry.add("ollama.ws.private-key", WebMvcApplicationTests::generatedPem);
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
		assertThat(this.context.getBean(OllamaTemplate.class).getSettings().clientId()).isEqualTo("webmvc-app");
	}

	private static String generatedPem() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			byte[] pkcs8 = generator.generateKeyPair().getPrivate().getEncoded();
			return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(pkcs8)
					+ "\n-----END PRIVATE KEY-----\n";
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
