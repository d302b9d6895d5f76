package io.github.ollamaws.testserver;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import org.apache.tomcat.websocket.WsWebSocketContainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * A minimal JSR-356 client sending hand-written JSON and collecting every frame the
 * server sends.
 */
final class RawClient implements AutoCloseable {

	private static final ObjectMapper mapper = new ObjectMapper();

	private static final long TIMEOUT_SECONDS = 5;

	private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();

	private final CompletableFuture<CloseReason> closed = new CompletableFuture<>();

	private final Session session;

	private RawClient(WsWebSocketContainer container, URI url) throws Exception {
		this.session = container.connectToServer(new Endpoint() {
			@Override
			public void onOpen(Session session, EndpointConfig config) {
				session.addMessageHandler(String.class, new MessageHandler.Whole<String>() {
					@Override
					public void onMessage(String message) {
						RawClient.this.frames.add(message);
					}
				});
			}

			@Override
			public void onClose(Session session, CloseReason closeReason) {
				RawClient.this.closed.complete(closeReason);
			}
		}, ClientEndpointConfig.Builder.create().build(), url);
	}

	static RawClient connect(WsWebSocketContainer container, OllamaWsTestServer server) throws Exception {
		return connect(container, server.url());
	}

	static RawClient connect(WsWebSocketContainer container, URI url) throws Exception {
		return new RawClient(container, url);
	}

	/**
	 * Connects and authenticates as the client.
	 */
	static RawClient authenticated(WsWebSocketContainer container, OllamaWsTestServer server, TestClient client)
			throws Exception {
		RawClient raw = connect(container, server);
		raw.authenticate(client);
		return raw;
	}

	void authenticate(TestClient client) throws Exception {
		String challenge = next("challenge").get("challenge").asText();
		send(client.authenticateFrame(challenge));
		assertThat(next("auth_result").get("success").asBoolean()).isTrue();
	}

	void send(String frame) throws IOException {
		this.session.getBasicRemote().sendText(frame);
	}

	/**
	 * The next frame, which must be JSON with a type and a timestamp, as every server
	 * message is.
	 */
	JsonNode next() throws Exception {
		String text = nextText();
		JsonNode frame = mapper.readTree(text);
		assertThat(frame.path("type").isTextual()).as("type of %s", text).isTrue();
		assertThat(frame.path("timestamp").isNumber()).as("timestamp of %s", text).isTrue();
		return frame;
	}

	String nextText() throws InterruptedException {
		String text = this.frames.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
		if (text == null) {
			fail("No frame within " + TIMEOUT_SECONDS + " s");
		}
		return text;
	}

	JsonNode next(String type) throws Exception {
		JsonNode frame = next();
		assertThat(frame.get("type").asText()).as("frame %s", frame).isEqualTo(type);
		return frame;
	}

	/**
	 * Frames until (and including) the end of the given generation, skipping other
	 * generations' frames.
	 */
	List<JsonNode> untilEndOf(String generationId) throws Exception {
		List<JsonNode> frames = new ArrayList<>();
		while (true) {
			JsonNode frame = next();
			if (!generationId.equals(frame.path("id").asText())) {
				continue;
			}
			frames.add(frame);
			String type = frame.get("type").asText();
			if (type.equals("stream_end") || type.equals("error")) {
				return frames;
			}
		}
	}

	/**
	 * Asserts that no frame arrives within the given time.
	 */
	void expectSilence(long millis) throws InterruptedException {
		String text = this.frames.poll(millis, TimeUnit.MILLISECONDS);
		assertThat(text).as("unexpected frame").isNull();
	}

	CloseReason awaitClose() throws Exception {
		return this.closed.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
	}

	boolean isOpen() {
		return this.session.isOpen();
	}

	@Override
	public void close() throws IOException {
		if (this.session.isOpen()) {
			this.session.close();
		}
	}

	static String json(Object... keysAndValues) {
		StringBuilder json = new StringBuilder("{");
		for (int i = 0; i < keysAndValues.length; i += 2) {
			if (i > 0) {
				json.append(',');
			}
			json.append('"').append(keysAndValues[i]).append("\":");
			try {
				json.append(mapper.writeValueAsString(keysAndValues[i + 1]));
			}
			catch (IOException ex) {
				throw new IllegalArgumentException(ex);
			}
		}
		return json.append('}').toString();
	}

}
