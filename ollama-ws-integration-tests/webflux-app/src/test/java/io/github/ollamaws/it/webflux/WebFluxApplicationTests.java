package io.github.ollamaws.it.webflux;

import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import io.github.ollamaws.client.OllamaTemplate;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.reactor.netty.NettyWebServer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.web.server.reactive.ReactiveWebServerFactory;
import org.springframework.boot.web.server.reactive.context.ReactiveWebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter in a WebFlux application: although it brings tomcat-embed-core (for Tomcat's WebSocket
 * client), Spring Boot still starts Reactor Netty, and no Tomcat web server.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class WebFluxApplicationTests {

	@Autowired
	private ApplicationContext context;

	@DynamicPropertySource
	static void gateway(DynamicPropertyRegistry registry) {
		registry.add("ollama.ws.client-id", () -> "webflux-app");
		registry.add("ollama.ws.private-key", WebFluxApplicationTests::generatedPem);
	}

	@Test
	void isDeducedAsAReactiveApplication() {
		assertThat(ClassUtils.isPresent("org.apache.catalina.startup.Tomcat", null)).isTrue();
		assertThat(WebApplicationType.deduce()).isEqualTo(WebApplicationType.REACTIVE);
	}

	@Test
	void startsNettyNotTomcatAndHasTheTemplate() {
		assertThat(this.context).isInstanceOf(ReactiveWebServerApplicationContext.class);
		ReactiveWebServerApplicationContext webContext = (ReactiveWebServerApplicationContext) this.context;
		assertThat(webContext.getWebServer()).isInstanceOf(NettyWebServer.class);
		assertThat(webContext.getWebServer().getPort()).isPositive();
		assertThat(this.context.getBeansOfType(ReactiveWebServerFactory.class).values())
			.singleElement()
			.satisfies((factory) -> assertThat(factory.getClass().getName()).contains("Netty"));
		assertThat(tomcatThreads()).isEmpty();
		assertThat(this.context.getBean(OllamaTemplate.class).getSettings().clientId()).isEqualTo("webflux-app");
	}

	private static java.util.List<String> tomcatThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.map(Thread::getName)
			.filter((name) -> name.startsWith("Catalina") || name.startsWith("http-nio") || name.startsWith("container-"))
			.toList();
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
