package io.github.ollamaws.it.webflux;

import io.github.ollamaws.client.OllamaTemplate;
import io.github.ollamaws.it.support.GatewayProperties;
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
 * The starter in a WebFlux application: although it brings tomcat-embed-core (for
 * Tomcat's WebSocket client), Spring Boot still starts Reactor Netty, and no Tomcat web
 * server.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class WebFluxApplicationTests {

	@Autowired
	private ApplicationContext context;

	@DynamicPropertySource
	static void gateway(DynamicPropertyRegistry registry) {
		GatewayProperties.register(registry, "webflux-app");
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
		assertThat(this.context.getBeansOfType(ReactiveWebServerFactory.class).values()).singleElement()
			.satisfies((factory) -> assertThat(factory.getClass().getName()).contains("Netty"));
		assertThat(GatewayProperties.tomcatServerThreads()).isEmpty();
		assertThat(this.context.getBean(OllamaTemplate.class).getClientId()).isEqualTo("webflux-app");
	}

}
