package io.github.ollamaws.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import org.apache.tomcat.websocket.WsWebSocketContainer;

/**
 * The baseline: the least a client of the gateway can do over the same Tomcat JSR-356
 * container. It authenticates (signing the challenge with the JDK), sends requests as
 * fixed text, and only counts the frames it receives by their leading bytes, without
 * parsing them. It relies on the field order of the test gateway's frames ({@code "type"}
 * first), which a real client must not; it is a measuring stick only.
 *
 * <p>
 * Frames arrive on the container's I/O thread, one at a time per connection; a run's
 * counters are read by the harness only after the run's latch opened.
 */
final class BareClient extends Endpoint implements MessageHandler.Whole<String>, AutoCloseable {

	private static final String TOKEN = "{\"type\":\"stream_token\"";

	private static final String END = "{\"type\":\"stream_end\"";

	private static final String PONG = "{\"type\":\"pong\"";

	private static final String CHALLENGE = "{\"type\":\"challenge\",\"challenge\":\"";

	private static final String AUTH_SUCCESS = "{\"type\":\"auth_result\",\"success\":true";

	private final String clientId;

	private final PrivateKey privateKey;

	private final CompletableFuture<Session> authenticated = new CompletableFuture<>();

	private volatile Session session;

	private volatile Run run;

	private volatile CompletableFuture<Long> pong;

	private volatile CompletableFuture<Long> firstToken;

	private BareClient(String clientId, PrivateKey privateKey) {
		this.clientId = clientId;
		this.privateKey = privateKey;
	}

	/**
	 * Connects and authenticates.
	 * @param container the container, shared by every bare connection
	 * @param url the gateway's URL
	 * @param clientId the registered client id
	 * @param privateKey the client's key
	 * @param timeout the limit for connecting and authenticating
	 * @return the authenticated client
	 * @throws IOException if the connection or the authentication fails
	 */
	static BareClient connect(WsWebSocketContainer container, URI url, String clientId, PrivateKey privateKey,
			Duration timeout) throws IOException {
		BareClient client = new BareClient(clientId, privateKey);
		try {
			container.connectToServer(client, ClientEndpointConfig.Builder.create().build(), url);
			client.authenticated.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			return client;
		}
		catch (DeploymentException | ExecutionException | TimeoutException ex) {
			client.close();
			throw new IOException("Bare client could not connect and authenticate", ex);
		}
		catch (InterruptedException ex) {
			client.close();
			Thread.currentThread().interrupt();
			throw new IOException("Interrupted while connecting", ex);
		}
	}

	@Override
	public void onOpen(Session session, EndpointConfig config) {
		this.session = session;
		session.addMessageHandler(String.class, this);
	}

	@Override
	public void onMessage(String frame) {
		Run current = this.run;
		if (frame.startsWith(TOKEN)) {
			if (current != null) {
				current.tokens++;
			}
			CompletableFuture<Long> waiting = this.firstToken;
			if (waiting != null && !waiting.isDone()) {
				waiting.complete(System.nanoTime());
			}
		}
		else if (frame.startsWith(END)) {
			if (current != null && ++current.ends == current.streams) {
				current.done.countDown();
			}
		}
		else if (frame.startsWith(PONG)) {
			CompletableFuture<Long> waiting = this.pong;
			if (waiting != null) {
				waiting.complete(System.nanoTime());
			}
		}
		else if (frame.startsWith(CHALLENGE)) {
			answer(frame.substring(CHALLENGE.length(), frame.indexOf('"', CHALLENGE.length())));
		}
		else if (frame.startsWith(AUTH_SUCCESS)) {
			this.authenticated.complete(this.session);
		}
		else if (!this.authenticated.isDone() && frame.contains("\"auth_result\"")) {
			this.authenticated.completeExceptionally(new IOException("Authentication refused"));
		}
	}

	private void answer(String challenge) {
		try {
			Signature signature = Signature
				.getInstance("RSA".equals(this.privateKey.getAlgorithm()) ? "SHA256withRSA" : "SHA256withECDSA");
			signature.initSign(this.privateKey);
			signature.update(challenge.getBytes(StandardCharsets.UTF_8));
			send("{\"type\":\"authenticate\",\"clientId\":\"" + this.clientId + "\",\"signature\":\""
					+ Base64.getEncoder().encodeToString(signature.sign()) + "\"}");
		}
		catch (GeneralSecurityException | IOException ex) {
			this.authenticated.completeExceptionally(ex);
		}
	}

	@Override
	public void onClose(Session session, CloseReason closeReason) {
		this.authenticated.completeExceptionally(new IOException("Closed: " + closeReason));
	}

	/**
	 * Starts counting the frames of a run of {@code streams} generations on this
	 * connection.
	 * @param run the run, which may be shared by several bare connections
	 */
	void begin(Run run) {
		this.run = run;
	}

	/**
	 * Sends a generation.
	 * @param id its id, unique on the gateway
	 * @param model the model
	 * @throws IOException if the send fails
	 */
	void generate(String id, String model) throws IOException {
		send("{\"type\":\"generate\",\"id\":\"" + id + "\",\"prompt\":\"go\",\"model\":\"" + model + "\"}");
	}

	/**
	 * Pings and waits for the pong.
	 * @param id the ping's id
	 * @param timeout the limit
	 * @return the round trip in nanoseconds
	 * @throws Exception if no pong arrives in time
	 */
	long ping(String id, Duration timeout) throws Exception {
		CompletableFuture<Long> waiting = new CompletableFuture<>();
		this.pong = waiting;
		long start = System.nanoTime();
		send("{\"type\":\"ping\",\"id\":\"" + id + "\"}");
		waiting.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		// Like a caller of OllamaTemplate.ping(): the round trip ends when the waiting
		// thread has the answer.
		return System.nanoTime() - start;
	}

	/**
	 * Sends one generation and waits for its first token and its end.
	 * @param id its id
	 * @param model a model with a few tokens
	 * @param timeout the limit
	 * @return the time to the first token in nanoseconds
	 * @throws Exception if the generation does not end in time
	 */
	long timeToFirstToken(String id, String model, Duration timeout) throws Exception {
		Run single = new Run(1);
		CompletableFuture<Long> waiting = new CompletableFuture<>();
		this.firstToken = waiting;
		begin(single);
		long start = System.nanoTime();
		generate(id, model);
		long first = waiting.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		if (!single.done.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			throw new TimeoutException("The generation did not end");
		}
		this.firstToken = null;
		return first - start;
	}

	private void send(String frame) throws IOException {
		this.session.getBasicRemote().sendText(frame);
	}

	@Override
	public void close() {
		Session current = this.session;
		if (current != null && current.isOpen()) {
			try {
				current.close();
			}
			catch (IOException ex) {
				// Closing anyway.
			}
		}
	}

	/**
	 * The counters of one run on one connection.
	 */
	static final class Run {

		final int streams;

		final CountDownLatch done = new CountDownLatch(1);

		int tokens;

		int ends;

		/**
		 * A run of this many generations on one connection.
		 * @param streams the number of generations
		 */
		Run(int streams) {
			this.streams = streams;
		}

	}

}
