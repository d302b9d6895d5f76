package io.github.ollamaws.testserver;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.websocket.CloseReason;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

class FaultTests extends AbstractGatewayTests {

	@Test
	void dropAllConnectionsClosesAbruptlyAndEndsGenerations() throws Exception {
		server.scriptedBackend().model(ScriptedModel.named("hang").neverAnswers());
		try (RawClient first = authenticated(); RawClient second = connect()) {
			first.send(RawClient.json("type", "generate", "id", "g-drop", "model", "hang", "prompt", "hi"));
			first.next("stream_start");
			await().until(() -> server.openConnections() == 2 && server.activeGenerations() == 1);
			server.faults().dropAllConnections();
			assertThat(first.awaitClose().getCloseCode().getCode()).isEqualTo(1006);
			assertThat(second.awaitClose().getCloseCode().getCode()).isEqualTo(1006);
			assertThat(server.openConnections()).isZero();
			assertThat(server.activeGenerations()).isZero();
		}
		try (RawClient again = authenticated()) {
			again.send("{\"type\":\"ping\"}");
			again.next("pong");
		}
	}

	@Test
	void dropConnectionDropsOnlyThatConnection() throws Exception {
		server.scriptedBackend().model(ScriptedModel.named("hang").neverAnswers());
		server.clearReceivedFrames();
		try (RawClient first = authenticated(); RawClient second = authenticated()) {
			first.send(RawClient.json("type", "generate", "id", "g-drop-one", "model", "hang", "prompt", "hi"));
			first.next("stream_start");
			String firstId = server.receivedFrames("generate").get(0).connectionId();
			assertThat(server.faults().dropConnection(firstId)).isTrue();
			assertThat(first.awaitClose().getCloseCode().getCode()).isEqualTo(1006);
			assertThat(server.activeGenerations()).isZero();
			second.send("{\"type\":\"ping\"}");
			second.next("pong");
			assertThat(server.openConnections()).isEqualTo(1);
			assertThat(server.faults().dropConnection(firstId)).isFalse();
		}
	}

	@Test
	void restartKeepsThePortAndTheRegisteredClients() throws Exception {
		try (OllamaWsTestServer restartable = OllamaWsTestServer.builder().start()) {
			TestClient registered = restartable.registerNewClient(TestKeys.ec());
			int port = restartable.port();
			RawClient before = RawClient.authenticated(container, restartable, registered);
			restartable.faults().restart();
			assertThat(before.awaitClose().getCloseCode().getCode()).isEqualTo(1006);
			assertThat(restartable.isRunning()).isTrue();
			assertThat(restartable.port()).isEqualTo(port);
			try (RawClient after = RawClient.authenticated(container, restartable, registered)) {
				after.send("{\"type\":\"ping\",\"id\":\"after\"}");
				after.next("pong");
			}
		}
	}

	@Test
	void stoppedServerRefusesConnectionsAndStartsAgainOnTheSamePort() throws Exception {
		try (OllamaWsTestServer restartable = OllamaWsTestServer.builder().start()) {
			int port = restartable.port();
			restartable.stop();
			assertThat(restartable.isRunning()).isFalse();
			assertThatExceptionOfType(Exception.class).isThrownBy(() -> RawClient.connect(container, restartable));
			restartable.start();
			assertThat(restartable.port()).isEqualTo(port);
			try (RawClient raw = RawClient.connect(container, restartable)) {
				raw.next("challenge");
			}
		}
	}

	@Test
	void rawFramesReachEveryConnection() throws Exception {
		try (RawClient authenticatedClient = authenticated(); RawClient anonymous = connect()) {
			anonymous.next("challenge");
			server.faults().sendMalformedJsonToAll();
			server.faults().sendUnknownTypeToAll();
			server.faults().sendTokenForUnknownIdToAll();
			for (RawClient raw : List.of(authenticatedClient, anonymous)) {
				assertThat(raw.nextText()).isEqualTo(ServerFaults.MALFORMED_JSON);
				assertThat(raw.nextText()).isEqualTo(ServerFaults.UNKNOWN_TYPE);
				JsonNode stray = raw.next("stream_token");
				assertThat(stray.get("id").asText()).isEqualTo("unknown-generation");
			}
			server.faults().sendToAll("{\"type\":\"custom\"}");
			assertThat(anonymous.nextText()).isEqualTo("{\"type\":\"custom\"}");
		}
	}

	@Test
	void oversizedFrameReachesTheClientsLimit() throws Exception {
		try (RawClient raw = authenticated()) {
			// Tomcat's client container buffers 8 KiB text messages by default.
			server.faults().sendOversizedFrameToAll(20_000);
			assertThat(raw.awaitClose().getCloseCode().getCode()).isEqualTo(1009);
		}
	}

	@Test
	void stalledServerAcceptsButNeverAnswers() throws Exception {
		try (OllamaWsTestServer stalling = OllamaWsTestServer.builder().authTimeout(Duration.ofMillis(200)).start()) {
			TestClient stallClient = stalling.registerNewClient(TestKeys.ec());
			try (RawClient authenticatedBefore = RawClient.authenticated(container, stalling, stallClient)) {
				stalling.faults().stall();
				try (RawClient during = RawClient.connect(container, stalling)) {
					await().until(() -> stalling.openConnections() == 2);
					authenticatedBefore.send("{\"type\":\"ping\"}");
					during.send("{\"type\":\"ping\"}");
					// No challenge, no pong, no unauthorized error, no auth timeout.
					during.expectSilence(500);
					authenticatedBefore.expectSilence(100);
					assertThat(during.isOpen()).isTrue();
					assertThat(stalling.receivedFrames("ping")).hasSize(2);
				}
				stalling.faults().endStall();
				authenticatedBefore.send("{\"type\":\"ping\"}");
				authenticatedBefore.next("pong");
			}
		}
	}

	@Test
	void ignoredPingsGoUnansweredWhileRequestsAreServed() throws Exception {
		try (RawClient raw = authenticated()) {
			server.faults().ignorePings();
			raw.send("{\"type\":\"ping\",\"id\":\"p-lost\"}");
			raw.send("{\"type\":\"models\",\"id\":\"m\"}");
			assertThat(raw.next("models_result").get("id").asText()).isEqualTo("m");
			raw.expectSilence(200);
			server.faults().answerPings();
			raw.send("{\"type\":\"ping\",\"id\":\"p-back\"}");
			assertThat(raw.next("pong").get("id").asText()).isEqualTo("p-back");
		}
	}

	@Test
	void pausedStreamsGoSilentAndResumeInOrder() throws Exception {
		server.scriptedBackend().model("short", "a", "b", "c");
		try (RawClient raw = authenticated()) {
			server.faults().pauseStreams();
			raw.send(RawClient.json("type", "generate", "id", "g-paused", "model", "short", "prompt", "hi"));
			raw.next("stream_start");
			raw.send("{\"type\":\"ping\"}");
			raw.next("pong");
			raw.expectSilence(200);
			server.faults().resumeStreams();
			List<JsonNode> frames = raw.untilEndOf("g-paused");
			assertThat(frames).extracting((frame) -> frame.get("type").asText())
				.containsExactly("stream_token", "stream_token", "stream_token", "stream_end");
			assertThat(frames).extracting((frame) -> frame.path("token").asText()).startsWith("a", "b", "c");
		}
	}

	@Test
	void tooLargeMessageClosesWith1009() throws Exception {
		try (OllamaWsTestServer small = OllamaWsTestServer.builder().maxMessageLength(1024).start();
				RawClient raw = RawClient.connect(container, small)) {
			raw.next("challenge");
			raw.send(RawClient.json("type", "ping", "id", "x".repeat(20_000)));
			CloseReason reason = raw.awaitClose();
			assertThat(reason.getCloseCode().getCode()).isEqualTo(1009);
		}
	}

}
