package io.github.ollamaws.connection;

import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.github.ollamaws.testserver.OllamaWsTestServer;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import org.apache.tomcat.websocket.WsWebSocketContainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.AotServices;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WebSocketClientRuntimeHints}: the message handlers that Spring's
 * adapter adds to a real Tomcat client session (over loopback, to the test gateway) are
 * the ones registered.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WebSocketClientRuntimeHintsTests {

	private static final OllamaWsTestServer gateway = OllamaWsTestServer.builder().start();

	@AfterAll
	static void stopGateway() {
		gateway.close();
	}

	@Test
	void isRegisteredInAotFactories() {
		assertThat(AotServices.factories().load(RuntimeHintsRegistrar.class))
			.hasAtLeastOneElementOfType(WebSocketClientRuntimeHints.class);
	}

	@ParameterizedTest
	@ValueSource(booleans = { true, false })
	void registersTheMessageHandlersOfARealClientSession(boolean partialMessages) throws Exception {
		RuntimeHints hints = new RuntimeHints();
		new WebSocketClientRuntimeHints().registerHints(hints, getClass().getClassLoader());
		Set<MessageHandler> handlers = messageHandlersOfASession(partialMessages);
		assertThat(handlers).isNotEmpty();
		for (MessageHandler handler : handlers) {
			assertThat(RuntimeHintsPredicates.reflection().onType(TypeReference.of(handler.getClass().getName())))
				.accepts(hints);
		}
	}

	private static Set<MessageHandler> messageHandlersOfASession(boolean partialMessages) throws Exception {
		WsWebSocketContainer container = new WsWebSocketContainer();
		try {
			AbstractWebSocketHandler handler = new AbstractWebSocketHandler() {

				@Override
				public boolean supportsPartialMessages() {
					return partialMessages;
				}

			};
			WebSocketSession session = new StandardWebSocketClient(container).execute(handler, null, gateway.url())
				.get(20, TimeUnit.SECONDS);
			try {
				return ((NativeWebSocketSession) session).getNativeSession(Session.class).getMessageHandlers();
			}
			finally {
				session.close();
			}
		}
		finally {
			container.destroy();
		}
	}

}
