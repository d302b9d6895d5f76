package io.github.ollamaws.client;

import java.time.Duration;
import java.util.List;

import io.github.ollamaws.event.OllamaAuthenticatedEvent;
import io.github.ollamaws.event.OllamaConnectedEvent;
import io.github.ollamaws.event.OllamaConnectionEvent;
import io.github.ollamaws.event.OllamaDisconnectedEvent;
import io.github.ollamaws.event.OllamaReconnectedEvent;
import io.github.ollamaws.event.OllamaReconnectingEvent;
import io.github.ollamaws.testserver.ScriptedBackend;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The connection lifecycle events, per connection and in order, with the gateway's URL.
 */
class OllamaTemplateEventTests extends GatewayTestSupport {

	@Test
	void eachConnectionIsConnectedThenAuthenticated() {
		startServer(ScriptedBackend.withDefaultModels());
		OllamaTemplate template = template((builder) -> builder.pool((pool) -> pool.size(2).eagerWarmUp(true)));
		template.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> events(OllamaAuthenticatedEvent.class).size() == 2);
		List<OllamaConnectedEvent> connected = events(OllamaConnectedEvent.class);
		assertThat(connected).hasSize(2)
			.extracting(OllamaConnectionEvent::getConnectionId)
			.doesNotHaveDuplicates()
			.containsExactlyInAnyOrderElementsOf(events(OllamaAuthenticatedEvent.class).stream()
				.map(OllamaConnectionEvent::getConnectionId)
				.toList());
		for (OllamaConnectedEvent event : connected) {
			assertThat(event.getGatewayUrl()).isEqualTo(this.server.url());
			assertThat(event.getSource()).isSameAs(template);
			assertThat(this.events.indexOf(event))
				.isLessThan(this.events.indexOf(authenticated(event.getConnectionId())));
		}
		assertThat(events(OllamaDisconnectedEvent.class)).isEmpty();
		assertThat(events(OllamaReconnectingEvent.class)).isEmpty();
		assertThat(events(OllamaReconnectedEvent.class)).isEmpty();
	}

	@Test
	void aLostConnectionIsDisconnectedThenReplacedAtOnce() {
		startServer(ScriptedBackend.withDefaultModels());
		OllamaTemplate template = template((builder) -> builder.pool((pool) -> pool.size(1)));
		template.ping();
		String first = events(OllamaConnectedEvent.class).get(0).getConnectionId();
		this.server.faults().dropAllConnections();
		await().atMost(Duration.ofSeconds(10)).until(() -> events(OllamaReconnectedEvent.class).size() == 1);
		assertThat(events(OllamaDisconnectedEvent.class)).singleElement().satisfies((event) -> {
			assertThat(event.getConnectionId()).isEqualTo(first);
			// Dropped without a close frame.
			assertThat(event.getCode()).isEqualTo(1006);
		});
		// Replaced at once: attempt 1, no delay.
		assertThat(events(OllamaReconnectingEvent.class)).first().satisfies((event) -> {
			assertThat(event.getAttempt()).isEqualTo(1);
			assertThat(event.getDelay()).isZero();
		});
		String second = events(OllamaReconnectedEvent.class).get(0).getConnectionId();
		assertThat(second).isNotEqualTo(first);
		assertThat(events(OllamaConnectedEvent.class)).extracting(OllamaConnectionEvent::getConnectionId)
			.containsExactly(first, second);
		assertThat(template.poolStatus().reconnects()).isEqualTo(1);
	}

	private OllamaAuthenticatedEvent authenticated(String connectionId) {
		return events(OllamaAuthenticatedEvent.class).stream()
			.filter((event) -> event.getConnectionId().equals(connectionId))
			.findFirst()
			.orElseThrow();
	}

}
