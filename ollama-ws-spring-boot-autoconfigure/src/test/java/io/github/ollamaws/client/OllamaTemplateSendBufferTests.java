package io.github.ollamaws.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A gateway that stops reading: the client's send buffer fills, and the requests on that connection fail
 * with {@link ConnectionLostException} instead of frames being dropped silently or callers hanging. The peer
 * is a real WebSocket server on a loopback socket (it answers the handshake and the challenge, then never
 * reads again), because a well-behaved server cannot be made to stop reading.
 */
class OllamaTemplateSendBufferTests {

	private ServerSocket serverSocket;

	private final List<Socket> accepted = new ArrayList<>();

	@AfterEach
	void closeServer() throws IOException {
		for (Socket socket : this.accepted) {
			socket.close();
		}
		if (this.serverSocket != null) {
			this.serverSocket.close();
		}
	}

	@Test
	void fullSendBufferFailsTheConnectionsRequestsAndReplacesIt() throws Exception {
		this.serverSocket = new ServerSocket();
		this.serverSocket.setReceiveBufferSize(4096);
		this.serverSocket.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
		Thread acceptor = new Thread(this::acceptAndStopReading, "never-reading-gateway");
		acceptor.setDaemon(true);
		acceptor.start();
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
		generator.initialize(256);
		try (OllamaTemplate template = OllamaTemplate.builder()
			.url("ws://127.0.0.1:" + this.serverSocket.getLocalPort())
			.clientId("client")
			.privateKey(generator.generateKeyPair().getPrivate())
			.poolSize(1)
			.maxMessageSize(64 * 1024)
			.sendBufferSizeLimit(64 * 1024)
			.sendTimeLimit(Duration.ofSeconds(1))
			.retryBeforeFirstToken(false)
			.idleTimeout(Duration.ofSeconds(2))
			.heartbeat(Duration.ZERO, Duration.ofSeconds(1))
			.eagerWarmUp(true)
			.build()) {
			template.start();
			assertThat(template.poolStatus().authenticated()).isEqualTo(1);
			String prompt = "x".repeat(60 * 1024);
			List<CompletableFuture<GenerationResult>> results = new ArrayList<>();
			// From other threads: the one that holds the send lock blocks until the send time limit.
			for (int i = 0; i < 200; i++) {
				results.add(CompletableFuture
					.supplyAsync(() -> template.generateAsync(GenerateRequest.of(prompt)))
					.thenCompose((result) -> result));
			}
			int lost = 0;
			for (CompletableFuture<GenerationResult> result : results) {
				// Every request ends, none hangs: those on the stuck connection with ConnectionLostException, the
				// others (waiting for the replacement, or sent on it and never answered) with another typed failure.
				Throwable failure = catchThrowable(() -> result.get(20, TimeUnit.SECONDS));
				assertThat(failure).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(OllamaWsException.class);
				if (failure.getCause() instanceof ConnectionLostException) {
					lost++;
				}
			}
			assertThat(lost).isPositive();
		}
	}

	/** Completes the WebSocket handshake, sends a challenge and a successful auth_result, then never reads. */
	private void acceptAndStopReading() {
		try {
			while (!this.serverSocket.isClosed()) {
				Socket socket = this.serverSocket.accept();
				this.accepted.add(socket);
				String request = readHeaders(socket.getInputStream());
				Matcher key = Pattern.compile("(?i)Sec-WebSocket-Key:\\s*(\\S+)").matcher(request);
				if (!key.find()) {
					socket.close();
					continue;
				}
				String accept = Base64.getEncoder()
					.encodeToString(MessageDigest.getInstance("SHA-1")
						.digest((key.group(1) + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII)));
				OutputStream out = socket.getOutputStream();
				out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
						+ "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
				writeText(out, "{\"type\":\"challenge\",\"challenge\":\"" + "ab".repeat(32) + "\"}");
				writeText(out, "{\"type\":\"auth_result\",\"success\":true}");
				out.flush();
			}
		}
		catch (Exception ex) {
			// Closed at the end of the test.
		}
	}

	private static String readHeaders(InputStream in) throws IOException {
		ByteArrayOutputStream headers = new ByteArrayOutputStream();
		int matched = 0;
		byte[] end = { '\r', '\n', '\r', '\n' };
		int b;
		while (matched < 4 && (b = in.read()) != -1) {
			headers.write(b);
			matched = (b == end[matched]) ? matched + 1 : ((b == '\r') ? 1 : 0);
		}
		return headers.toString(StandardCharsets.US_ASCII);
	}

	private static void writeText(OutputStream out, String text) throws IOException {
		byte[] payload = text.getBytes(StandardCharsets.UTF_8);
		out.write(0x81);
		out.write(payload.length);
		out.write(payload);
	}

}
