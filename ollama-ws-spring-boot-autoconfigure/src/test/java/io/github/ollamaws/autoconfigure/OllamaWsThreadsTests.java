package io.github.ollamaws.autoconfigure;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.ollamaws.client.OllamaTemplate;
import io.github.ollamaws.client.OllamaTemplateInternals;
import io.github.ollamaws.connection.ConnectionFactory;
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
				// At least the sender and the timer, named by role as the docs say.
				assertThat(made.get()).isGreaterThanOrEqualTo(2);
				assertThat(used).isNotEmpty()
					.allMatch((name) -> name.matches("ollama-ws-(io|scheduler)-\\d+"),
							"named ollama-ws-io-N or -scheduler-N");
			});
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void virtualThreadsWhenSpringBootsAreOn() {
		this.contextRunner.withPropertyValues("spring.threads.virtual.enabled=true").run((context) -> {
			OllamaTemplate template = context.getBean(OllamaTemplate.class);
			assertThat(OllamaTemplateInternals.settings(template).hooks().threadFactory()).isNotNull();
			assertThat(template.generate("Hi").text()).isNotEmpty();
			// The client's executors, made from the template's settings as the template
			// makes them.
			ConnectionFactory connections = new ConnectionFactory(OllamaTemplateInternals.settings(template));
			try {
				Thread io = connections.ioExecutor().submit(Thread::currentThread).get(5, TimeUnit.SECONDS);
				Thread timer = connections.scheduler().submit(Thread::currentThread).get(5, TimeUnit.SECONDS);
				assertThat(io.getClass().getName()).isEqualTo("java.lang.VirtualThread");
				assertThat(timer.getClass().getName()).isEqualTo("java.lang.VirtualThread");
				assertThat(io.getName()).matches("ollama-ws-io-\\d+");
				assertThat(timer.getName()).matches("ollama-ws-scheduler-\\d+");
			}
			finally {
				connections.close();
			}
		});
	}

	@Test
	void platformThreadsOtherwise() {
		this.contextRunner.run((context) -> assertThat(
				OllamaTemplateInternals.settings(context.getBean(OllamaTemplate.class)).hooks().threadFactory())
			.isNull());
	}

}
