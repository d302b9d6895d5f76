package io.github.ollamaws.autoconfigure;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.ollamaws.client.OllamaTemplate;
import io.github.ollamaws.client.OllamaTemplateInternals;
import io.github.ollamaws.testserver.OllamaWsTestServer;
import io.github.ollamaws.testserver.TestClient;
import io.github.ollamaws.testserver.TestKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client's own threads: a supplied thread factory makes them, and virtual threads
 * follow Spring Boot's {@code spring.threads.virtual.enabled}.
 */
class OllamaWsThreadsTests {

	private static OllamaWsTestServer server;

	private static TestClient client;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OllamaWsAutoConfiguration.class))
		.withPropertyValues(server.springPropertyValues(client));

	@BeforeAll
	static void startGateway() {
		server = OllamaWsTestServer.builder().start();
		client = server.registerNewClient(TestKeys.ec());
	}

	@AfterAll
	static void stopGateway() {
		server.close();
	}

	@Test
	void aSuppliedThreadFactoryMakesTheClientsOwnThreads() {
		AtomicInteger made = new AtomicInteger();
		Set<String> used = ConcurrentHashMap.newKeySet();
		ThreadFactory factory = (task) -> {
			Thread thread = new Thread(() -> {
				used.add(Thread.currentThread().getName());
				task.run();
			}, "app-thread-" + made.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
		this.contextRunner.withBean(OllamaTemplateCustomizer.class, () -> (builder) -> builder.threadFactory(factory))
			.run((context) -> {
				assertThat(context.getBean(OllamaTemplate.class).generate("Hi").text()).isNotEmpty();
				// At least the sender and the timer.
				assertThat(made.get()).isGreaterThanOrEqualTo(2);
				assertThat(used).allMatch((name) -> name.startsWith("app-thread-"));
			});
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void virtualThreadsWhenSpringBootsAreOn() {
		this.contextRunner.withPropertyValues("spring.threads.virtual.enabled=true").run((context) -> {
			OllamaTemplate template = context.getBean(OllamaTemplate.class);
			assertThat(OllamaTemplateInternals.settings(template).threadFactory()).isNotNull();
			Thread thread = OllamaTemplateInternals.settings(template).threadFactory().newThread(() -> {
			});
			assertThat(thread.getClass().getName()).isEqualTo("java.lang.VirtualThread");
			assertThat(thread.getName()).startsWith("ollama-ws-");
			assertThat(template.generate("Hi").text()).isNotEmpty();
		});
	}

	@Test
	void platformThreadsOtherwise() {
		this.contextRunner.run((context) -> assertThat(
				OllamaTemplateInternals.settings(context.getBean(OllamaTemplate.class)).threadFactory())
			.isNull());
	}

}
