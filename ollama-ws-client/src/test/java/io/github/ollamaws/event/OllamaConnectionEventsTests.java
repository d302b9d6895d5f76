package io.github.ollamaws.event;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import io.github.ollamaws.core.AuthenticationException;
import io.github.ollamaws.core.RateLimitedException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the connection events as values: each carries its source, connection and
 * gateway URL without the URL's credentials, and the details of its step. That the
 * template publishes them at the right moments is proven end to end
 * ({@code OllamaTemplateEventTests}).
 */
class OllamaConnectionEventsTests {

	private static final URI SECRET_URL = URI.create("ws://user:s3cret@gateway.example:3000/ws?token=t0ken#frag");

	private static final URI SHOWN_URL = URI.create("ws://gateway.example:3000/ws");

	private final Object source = new Object();

	@Test
	void everyEventCarriesItsSourceConnectionAndTheUrlWithoutCredentials() {
		List<OllamaConnectionEvent> events = List.of(new OllamaConnectedEvent(this.source, "ollama-ws-1", SECRET_URL),
				new OllamaAuthenticatedEvent(this.source, "ollama-ws-1", SECRET_URL),
				new OllamaReconnectedEvent(this.source, "ollama-ws-1", SECRET_URL),
				new OllamaDisconnectedEvent(this.source, "ollama-ws-1", SECRET_URL, 1006, "gone"),
				new OllamaReconnectingEvent(this.source, "ollama-ws-1", SECRET_URL, 2, Duration.ofMillis(200)),
				new OllamaAuthenticationFailedEvent(this.source, "ollama-ws-1", SECRET_URL,
						new AuthenticationException("rejected", 2), 2, null));
		assertThat(events).allSatisfy((event) -> {
			assertThat(event.getSource()).isSameAs(this.source);
			assertThat(event.getConnectionId()).isEqualTo("ollama-ws-1");
			assertThat(event.getGatewayUrl()).isEqualTo(SHOWN_URL);
			assertThat(event).hasToString(
					event.getClass().getSimpleName() + "[connection=ollama-ws-1, url=ws://gateway.example:3000/ws]");
		});
	}

	@Test
	void aUrlWithoutCredentialsIsKeptAsItIs() {
		OllamaConnectedEvent event = new OllamaConnectedEvent(this.source, "ollama-ws-2", SHOWN_URL);
		assertThat(event.getGatewayUrl()).isSameAs(SHOWN_URL);
	}

	@Test
	void aDisconnectionCarriesTheCloseCodeAndReason() {
		OllamaDisconnectedEvent event = new OllamaDisconnectedEvent(this.source, "ollama-ws-1", SHOWN_URL, 1011,
				"server error");
		assertThat(event.getCode()).isEqualTo(1011);
		assertThat(event.getReason()).isEqualTo("server error");
	}

	@Test
	void aReconnectionAttemptCarriesItsNumberAndDelay() {
		OllamaReconnectingEvent event = new OllamaReconnectingEvent(this.source, "ollama-ws-1", SHOWN_URL, 3,
				Duration.ofMillis(400));
		assertThat(event.getAttempt()).isEqualTo(3);
		assertThat(event.getDelay()).isEqualTo(Duration.ofMillis(400));
	}

	@Test
	void aRejectionCarriesTheAttemptsLeftOrTheGatewaysRetryAfter() {
		AuthenticationException rejected = new AuthenticationException("rejected", 2);
		OllamaAuthenticationFailedEvent withAttempts = new OllamaAuthenticationFailedEvent(this.source, "ollama-ws-1",
				SHOWN_URL, rejected, 2, null);
		assertThat(withAttempts.getError()).isSameAs(rejected);
		assertThat(withAttempts.getRemainingAttempts()).hasValue(2);
		assertThat(withAttempts.getRetryAfter()).isEmpty();
		RateLimitedException blocked = new RateLimitedException("blocked", Duration.ofSeconds(30));
		OllamaAuthenticationFailedEvent withRetryAfter = new OllamaAuthenticationFailedEvent(this.source, "ollama-ws-1",
				SHOWN_URL, blocked, null, Duration.ofSeconds(30));
		assertThat(withRetryAfter.getError()).isSameAs(blocked);
		assertThat(withRetryAfter.getRemainingAttempts()).isEmpty();
		assertThat(withRetryAfter.getRetryAfter()).hasValue(Duration.ofSeconds(30));
	}

}
