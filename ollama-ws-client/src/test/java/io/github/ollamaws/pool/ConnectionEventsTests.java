package io.github.ollamaws.pool;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.ollamaws.core.AuthenticationException;
import io.github.ollamaws.core.RateLimitedException;
import io.github.ollamaws.event.OllamaAuthenticatedEvent;
import io.github.ollamaws.event.OllamaAuthenticationFailedEvent;
import io.github.ollamaws.event.OllamaConnectedEvent;
import io.github.ollamaws.event.OllamaConnectionEvent;
import io.github.ollamaws.event.OllamaDisconnectedEvent;
import io.github.ollamaws.event.OllamaReconnectedEvent;
import io.github.ollamaws.event.OllamaReconnectingEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ConnectionEvents}: each lifecycle step publishes its event with the
 * source, connection and gateway URL, a rejection carries the attempts left or the
 * gateway's {@code retryAfter}, and a listener that throws disturbs neither the caller
 * nor the events that follow.
 */
class ConnectionEventsTests {

	private static final URI URL = URI.create("ws://127.0.0.1:1/ws");

	private final Object source = new Object();

	private final List<OllamaConnectionEvent> published = new ArrayList<>();

	private final ConnectionEvents events = new ConnectionEvents(this.source, URL, this.published::add);

	@Test
	void publishesEachStepWithItsConnectionAndTheGateway() {
		this.events.connected("ollama-ws-1");
		this.events.authenticated("ollama-ws-1", false);
		this.events.disconnected("ollama-ws-1", 1006, "gone");
		this.events.reconnecting("pool-entry-1", 2, Duration.ofMillis(200));
		assertThat(this.published).extracting(Object::getClass)
			.containsExactly(OllamaConnectedEvent.class, OllamaAuthenticatedEvent.class, OllamaDisconnectedEvent.class,
					OllamaReconnectingEvent.class);
		assertThat(this.published).allSatisfy((event) -> {
			assertThat(event.getSource()).isSameAs(this.source);
			assertThat(event.getGatewayUrl()).isEqualTo(URL);
		});
		assertThat(this.published).extracting(OllamaConnectionEvent::getConnectionId)
			.containsExactly("ollama-ws-1", "ollama-ws-1", "ollama-ws-1", "pool-entry-1");
		OllamaDisconnectedEvent disconnected = (OllamaDisconnectedEvent) this.published.get(2);
		assertThat(disconnected.getCode()).isEqualTo(1006);
		assertThat(disconnected.getReason()).isEqualTo("gone");
		OllamaReconnectingEvent reconnecting = (OllamaReconnectingEvent) this.published.get(3);
		assertThat(reconnecting.getAttempt()).isEqualTo(2);
		assertThat(reconnecting.getDelay()).isEqualTo(Duration.ofMillis(200));
	}

	@Test
	void aReconnectionIsAuthenticatedThenReconnected() {
		this.events.authenticated("ollama-ws-2", true);
		assertThat(this.published).extracting(Object::getClass)
			.containsExactly(OllamaAuthenticatedEvent.class, OllamaReconnectedEvent.class);
	}

	@Test
	void aRejectedSignatureCarriesTheAttemptsLeft() {
		AuthenticationException rejection = new AuthenticationException("Invalid signature", 3);
		this.events.authenticationFailed("ollama-ws-1", rejection);
		assertThat(this.published).singleElement()
			.isInstanceOfSatisfying(OllamaAuthenticationFailedEvent.class, (event) -> {
				assertThat(event.getError()).isSameAs(rejection);
				assertThat(event.getRemainingAttempts()).hasValue(3);
				assertThat(event.getRetryAfter()).isEmpty();
			});
	}

	@Test
	void aBlockCarriesTheGatewaysRetryAfter() {
		this.events.authenticationFailed("ollama-ws-1", new RateLimitedException("blocked", Duration.ofSeconds(16)));
		assertThat(this.published).singleElement()
			.isInstanceOfSatisfying(OllamaAuthenticationFailedEvent.class, (event) -> {
				assertThat(event.getRemainingAttempts()).isEmpty();
				assertThat(event.getRetryAfter()).hasValue(Duration.ofSeconds(16));
			});
	}

	@Test
	void aListenerThatThrowsDisturbsNeitherTheCallerNorTheEventsThatFollow() {
		List<OllamaConnectionEvent> received = new ArrayList<>();
		ConnectionEvents failing = new ConnectionEvents(this.source, URL, (event) -> {
			received.add(event);
			throw new IllegalStateException("listener bug");
		});
		failing.connected("ollama-ws-1");
		failing.authenticated("ollama-ws-1", true);
		assertThat(received).extracting(Object::getClass)
			.containsExactly(OllamaConnectedEvent.class, OllamaAuthenticatedEvent.class, OllamaReconnectedEvent.class);
	}

}
