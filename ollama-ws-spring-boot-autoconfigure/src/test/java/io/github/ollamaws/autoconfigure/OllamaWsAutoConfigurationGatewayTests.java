package io.github.ollamaws.autoconfigure;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.ollamaws.client.OllamaTemplate;
import io.github.ollamaws.client.OllamaTemplateInternals;
import io.github.ollamaws.core.AuthenticationException;
import io.github.ollamaws.core.OllamaWsException;
import io.github.ollamaws.event.OllamaAuthenticatedEvent;
import io.github.ollamaws.event.OllamaConnectionEvent;
import io.github.ollamaws.testserver.OllamaWsTestServer;
import io.github.ollamaws.testserver.TestClient;
import io.github.ollamaws.testserver.TestKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The auto-configured template against a real test gateway on loopback: the lifecycle,
 * fail-fast and eager warm-up, and the connection events as application events.
 */
class OllamaWsAutoConfigurationGatewayTests {

	private static OllamaWsTestServer server;

	private static TestClient client;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OllamaWsAutoConfiguration.class))
		.withPropertyValues("ollama.ws.connect-timeout=2s", "ollama.ws.auth-timeout=2s",
				"ollama.ws.shutdown-timeout=1s", "ollama.ws.reconnect.initial-delay=100ms",
				"ollama.ws.reconnect.max-delay=1s");

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
	void eagerWarmUpWithFailFastAuthenticatesEveryConnectionAtStartup() {
		this.contextRunner.withPropertyValues(server.springPropertyValues(client))
			.withPropertyValues("ollama.ws.pool.size=2", "ollama.ws.pool.eager-warm-up=true",
					"ollama.ws.fail-fast=true")
			.withUserConfiguration(EventRecorder.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				OllamaTemplate template = context.getBean(OllamaTemplate.class);
				assertThat(OllamaTemplateInternals.settings(template).pool().eagerWarmUp()).isTrue();
				assertThat(OllamaTemplateInternals.settings(template).failFast()).isTrue();
				assertThat(template.isRunning()).isTrue();
				// Startup waits for the first connection; the others follow in the
				// background.
				assertThat(template.poolStatus().authenticated()).isPositive();
				await().until(() -> template.poolStatus().authenticated() == 2);
				assertThat(template.ping()).isPositive();
				await().untilAsserted(() -> assertThat(context.getBean(EventRecorder.class).events)
					.filteredOn(OllamaAuthenticatedEvent.class::isInstance)
					.hasSize(2));
			});
	}

	@Test
	void contextCloseClosesTheConnections() {
		ConfigurableApplicationContext[] started = new ConfigurableApplicationContext[1];
		this.contextRunner.withPropertyValues(server.springPropertyValues(client))
			.withPropertyValues("ollama.ws.pool.size=1", "ollama.ws.pool.eager-warm-up=true")
			.run((context) -> {
				started[0] = context.getSourceApplicationContext();
				await().until(() -> context.getBean(OllamaTemplate.class).poolStatus().authenticated() == 1);
			});
		assertThat(started[0].isActive()).isFalse();
		await().until(() -> server.openConnections() == 0);
	}

	@Test
	void failFastFailsStartupWhenTheGatewayIsDown() {
		// Port 1 on loopback: nothing listens there.
		this.contextRunner.withPropertyValues(server.springPropertyValues(client))
			.withPropertyValues("ollama.ws.url=ws://127.0.0.1:1", "ollama.ws.fail-fast=true")
			.run((context) -> {
				assertThat(context).hasFailed().getFailure().hasCauseInstanceOf(OllamaWsException.class);
				FailureAnalysis analysis = new OllamaWsFailFastFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getAction()).contains("'ollama.ws.url'").contains("'ollama.ws.fail-fast'");
			});
	}

	@Test
	void failFastFailsStartupWhenTheGatewayRejectsTheKey() {
		TestClient unregistered = server.registerNewClient(TestKeys.rsa());
		server.unregisterClient(unregistered.clientId());
		this.contextRunner.withPropertyValues(server.springPropertyValues(unregistered))
			.withPropertyValues("ollama.ws.pool.size=1", "ollama.ws.fail-fast=true")
			.run((context) -> {
				assertThat(context).hasFailed().getFailure().rootCause().isInstanceOf(AuthenticationException.class);
				FailureAnalysis analysis = new OllamaWsFailFastFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).contains("Invalid signature");
				assertThat(analysis.getAction()).contains("'ollama.ws.client-id'").contains("'ollama.ws.private-key'");
			});
	}

	@Test
	void startsWithoutFailFastWhenTheGatewayIsDownEvenWithEagerWarmUp() {
		this.contextRunner.withPropertyValues(server.springPropertyValues(client))
			.withPropertyValues("ollama.ws.url=ws://127.0.0.1:1", "ollama.ws.pool.eager-warm-up=true")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(OllamaTemplate.class).isRunning()).isTrue();
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class EventRecorder implements ApplicationListener<OllamaConnectionEvent> {

		final List<OllamaConnectionEvent> events = new CopyOnWriteArrayList<>();

		@Override
		public void onApplicationEvent(OllamaConnectionEvent event) {
			this.events.add(event);
		}

	}

}
