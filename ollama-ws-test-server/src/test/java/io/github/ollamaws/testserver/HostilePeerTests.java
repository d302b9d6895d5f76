package io.github.ollamaws.testserver;

import jakarta.websocket.CloseReason.CloseCodes;
import org.apache.tomcat.websocket.WsWebSocketContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link HostilePeer}, with Tomcat's own WebSocket client: it completes the
 * upgrade, speaks the gateway's authentication (accepting any signature), misbehaves as
 * its fault says, and records what it read.
 */
class HostilePeerTests {

	private final WsWebSocketContainer container = new WsWebSocketContainer();

	@AfterEach
	void destroyContainer() {
		this.container.destroy();
	}

	@Test
	void authenticatesAnyClientThenMisbehavesAfterTheStreamStart() throws Exception {
		try (HostilePeer peer = HostilePeer.start(HostileFault.BAD_OPCODE);
				RawClient client = RawClient.connect(this.container, peer.url())) {
			assertThat(client.next("challenge").get("challenge").asText()).hasSize(64);
			client.send(
					RawClient.json("type", "authenticate", "clientId", "anyone", "signature", "bm90IGEgc2lnbmF0dXJl"));
			assertThat(client.next("auth_result").get("success").asBoolean()).isTrue();
			client.send(RawClient.json("type", "generate", "id", "g1", "prompt", "x"));
			assertThat(client.next("stream_start").get("id").asText()).isEqualTo("g1");
			// Opcode 3 is reserved: Tomcat closes the connection as a protocol error.
			assertThat(client.awaitClose().getCloseCode()).isEqualTo(CloseCodes.PROTOCOL_ERROR);
			assertThat(peer.acceptedConnections()).isEqualTo(1);
			assertThat(peer.receivedTexts()).hasSize(2).last().asString().contains("\"generate\"");
		}
	}

	@Test
	void neverSendingTheChallengeLeavesTheClientWaiting() throws Exception {
		try (HostilePeer peer = HostilePeer.start(HostileFault.NEVER_SENDS_CHALLENGE);
				RawClient client = RawClient.connect(this.container, peer.url())) {
			// Upgraded, then nothing: no challenge, no close.
			client.expectSilence(1000);
			assertThat(peer.acceptedConnections()).isEqualTo(1);
		}
	}

}
