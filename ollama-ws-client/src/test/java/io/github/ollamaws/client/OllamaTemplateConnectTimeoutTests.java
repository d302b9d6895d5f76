package io.github.ollamaws.client;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.ollamaws.core.OllamaTimeoutException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A peer that accepts the TCP connection but never answers the WebSocket handshake (a
 * wrong port, a hung proxy): the request ends with a connect timeout instead of hanging.
 */
class OllamaTemplateConnectTimeoutTests {

	@Test
	void handshakeThatNeverCompletesEndsWithAConnectTimeout() throws Exception {
		List<Socket> accepted = new CopyOnWriteArrayList<>();
		try (ServerSocket silent = new ServerSocket()) {
			silent.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
			Thread acceptor = new Thread(() -> {
				try {
					while (true) {
						accepted.add(silent.accept());
					}
				}
				catch (Exception ex) {
					// Closed at the end of the test.
				}
			}, "silent-peer");
			acceptor.setDaemon(true);
			acceptor.start();
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(256);
			try (OllamaTemplate template = OllamaTemplate.builder()
				.url("ws://127.0.0.1:" + silent.getLocalPort())
				.clientId("client")
				.privateKey(generator.generateKeyPair().getPrivate())
				.connectTimeout(Duration.ofMillis(500))
				// The attempt's own failure, at once (waiting, the request would end at
				// the
				// acquire timeout with it as the cause).
				.pool((pool) -> pool.waitForConnection(false))
				.build()) {
				long start = System.nanoTime();
				assertThatExceptionOfType(OllamaTimeoutException.class).isThrownBy(template::ping)
					.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(OllamaTimeoutException.Kind.CONNECT));
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
				assertThat(accepted).isNotEmpty();
			}
		}
		finally {
			for (Socket socket : accepted) {
				socket.close();
			}
		}
	}

}
