package io.github.ollamaws.docs.snippets;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.ollamaws.client.OllamaTemplate;
import io.github.ollamaws.core.AuthenticationException;
import io.github.ollamaws.event.OllamaAuthenticationFailedEvent;
import io.github.ollamaws.testserver.OllamaWsTestServer;
import io.github.ollamaws.testserver.ScriptedBackend;
import io.github.ollamaws.testserver.TestClient;
import io.github.ollamaws.testserver.TestKeys;
import org.junit.jupiter.api.Test;

import org.springframework.context.event.EventListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The snippet {@code event-listener} of docs/api.md: a Spring bean's
 * {@code @EventListener} hears that the gateway rejected the key.
 */
class EventListenerSnippetTests {

	@Test
	void aListenerHearsTheRejectedKey() {
		try (OllamaWsTestServer gateway = OllamaWsTestServer.builder()
			.backend(ScriptedBackend.withDefaultModels())
			.start()) {
			TestClient client = gateway.registerNewClient(TestKeys.ec());
			SnippetGateways.contextRunner(gateway, client)
				// Another key than the one registered: the gateway rejects it.
				.withPropertyValues("ollama.ws.private-key=" + TestKeys.ec().privateKeyPem())
				.withBean(Alerts.class)
				.withBean(KeyAlerts.class)
				.run((context) -> {
					assertThatExceptionOfType(AuthenticationException.class)
						.isThrownBy(context.getBean(OllamaTemplate.class)::ping);
					Alerts alerts = context.getBean(Alerts.class);
					await().atMost(Duration.ofSeconds(5)).until(() -> !alerts.raised.isEmpty());
					assertThat(alerts.raised.get(0)).isEqualTo("ollama-ws key rejected");
				});
		}
	}

	static class Alerts {

		final List<String> raised = new CopyOnWriteArrayList<>();

		void raise(String alert, Optional<Duration> retryAfter) {
			this.raised.add(alert);
		}

	}

	static class KeyAlerts {

		private final Alerts alerts;

		KeyAlerts(Alerts alerts) {
			this.alerts = alerts;
		}

		// tag::event-listener[]
		@EventListener
		void onRejected(OllamaAuthenticationFailedEvent event) {
			this.alerts.raise("ollama-ws key rejected", event.getRetryAfter());
		}
		// end::event-listener[]

	}

}
