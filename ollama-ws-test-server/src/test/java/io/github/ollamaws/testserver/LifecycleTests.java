package io.github.ollamaws.testserver;

import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.tomcat.websocket.WsWebSocketContainer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

class LifecycleTests {

	@Test
	void closeLeavesNoServerThreadBehind() throws Exception {
		WsWebSocketContainer container = new WsWebSocketContainer();
		Set<Thread> before = Thread.getAllStackTraces().keySet();
		try (OllamaWsTestServer server = OllamaWsTestServer.builder().start()) {
			TestClient client = server.registerNewClient(TestKeys.ec());
			try (RawClient raw = RawClient.authenticated(container, server, client)) {
				raw.send(RawClient.json("type", "generate", "id", "life-1", "prompt", "hi"));
				raw.untilEndOf("life-1");
			}
			server.restart();
			assertThat(server.isRunning()).isTrue();
		}
		container.destroy();
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(newServerThreads(before)).isEmpty());
	}

	@Test
	void startFailsClearlyWhenThePortIsTaken() {
		try (OllamaWsTestServer first = OllamaWsTestServer.builder().start();
				OllamaWsTestServer second = OllamaWsTestServer.builder().port(first.port()).build()) {
			assertThatIllegalStateException().isThrownBy(second::start)
				.withMessageContaining(String.valueOf(first.port()));
			assertThat(second.isRunning()).isFalse();
		}
	}

	/**
	 * New live threads of the kinds the server starts: Tomcat's connector and utility
	 * threads and our own. (Tomcat's WebSocket background thread is shared with the
	 * client container and stops on its own schedule; the client's channel group thread
	 * is not the server's.)
	 */
	private static Set<String> newServerThreads(Set<Thread> before) {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> !before.contains(thread) && thread.isAlive())
			.map(Thread::getName)
			.filter((name) -> name.startsWith("http-nio") || name.startsWith("ollama-ws")
					|| name.startsWith("Catalina"))
			.collect(Collectors.toSet());
	}

}
