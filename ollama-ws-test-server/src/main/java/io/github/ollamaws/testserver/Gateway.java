package io.github.ollamaws.testserver;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's protocol: authentication, requests and their wire shapes, shared by all
 * connections of a server. Generation ids are global across connections, as on the real
 * gateway.
 */
final class Gateway {

	private static final Logger logger = LoggerFactory.getLogger(Gateway.class);

	/** The server binds to loopback only, so every client's IP is this one. */
	private static final String CLIENT_IP = "127.0.0.1";

	private static final int MAX_RECORDED_FRAMES = 100_000;

	private static final long CLOSE_HANDSHAKE_TIMEOUT_MILLIS = 5_000;

	private static final TypeReference<Map<String, Object>> OPTIONS_TYPE = new TypeReference<>() {
	};

	private final OllamaWsTestServer.Settings settings;

	private final ModelBackend backend;

	private final ClientRegistry clients;

	private final AuthRateLimiter rateLimiter;

	private final SecureRandom random = new SecureRandom();

	private final Set<ClientConnection> connections = ConcurrentHashMap.newKeySet();

	private final Map<String, ActiveGeneration> generations = new ConcurrentHashMap<>();

	private final Map<String, AtomicInteger> authenticationAttempts = new ConcurrentHashMap<>();

	private final RecentRecords<ReceivedFrame> receivedFrames = new RecentRecords<>(MAX_RECORDED_FRAMES);

	private final RecentRecords<GenerationRequest> generationRequests = new RecentRecords<>(MAX_RECORDED_FRAMES);

	private final Object pauseLock = new Object();

	private final Deque<Runnable> pausedFrames = new ArrayDeque<>();

	private volatile boolean streamsPaused;

	private volatile boolean stalled;

	private volatile boolean ignoringPings;

	private volatile String modelListingFailure;

	private volatile ScheduledThreadPoolExecutor timer;

	Gateway(OllamaWsTestServer.Settings settings, ModelBackend backend, ClientRegistry clients) {
		this.settings = settings;
		this.backend = backend;
		this.clients = clients;
		this.rateLimiter = new AuthRateLimiter(settings.maxAuthFailures(), settings.firstBlock(), settings.maxBlock(),
				settings.failureWindow());
	}

	void start() {
		ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, (task) -> {
			Thread thread = new Thread(task, "ollama-ws-test-server-timer");
			thread.setDaemon(true);
			thread.setContextClassLoader(Gateway.class.getClassLoader());
			return thread;
		});
		executor.setRemoveOnCancelPolicy(true);
		this.timer = executor;
	}

	/**
	 * Forgets the state a restarted gateway process would lose: connections, generations
	 * and the rate limiter. Registered clients, recorded frames and faults are kept.
	 */
	void stop() {
		ScheduledThreadPoolExecutor executor = this.timer;
		if (executor != null) {
			executor.shutdownNow();
		}
		for (ClientConnection connection : List.copyOf(this.connections)) {
			closed(connection);
		}
		for (ActiveGeneration generation : List.copyOf(this.generations.values())) {
			generation.abandon();
		}
		synchronized (this.pauseLock) {
			this.pausedFrames.clear();
		}
		this.rateLimiter.clear();
	}

	// Connection lifecycle

	void opened(ClientConnection connection) {
		this.connections.add(connection);
		String challenge = newChallenge();
		connection.challenge(challenge);
		connection.send(Frames.challenge(challenge));
		long timeoutMillis = this.settings.authTimeout().toMillis();
		ScheduledThreadPoolExecutor executor = this.timer;
		if (executor != null && !executor.isShutdown()) {
			connection
				.authTimeout(executor.schedule(() -> authTimedOut(connection), timeoutMillis, TimeUnit.MILLISECONDS));
		}
	}

	void closed(ClientConnection connection) {
		if (!this.connections.remove(connection)) {
			return;
		}
		connection.cancelAuthTimeout();
		for (ActiveGeneration generation : List.copyOf(connection.generations())) {
			generation.abandon();
		}
	}

	private void authTimedOut(ClientConnection connection) {
		if (connection.isAuthenticated() || this.stalled || !connection.session().isOpen()) {
			return;
		}
		logger.debug("Connection {} did not authenticate in time", connection.id());
		connection.send(Frames.error("Authentication timeout", "auth_timeout"));
		SessionCloser.closeWithoutStatus(connection.session());
		ScheduledThreadPoolExecutor executor = this.timer;
		if (executor != null && !executor.isShutdown()) {
			// A client that never answers the close frame is dropped.
			executor.schedule(() -> {
				if (connection.session().isOpen()) {
					SessionCloser.abort(connection.session());
					closed(connection);
				}
			}, CLOSE_HANDSHAKE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
		}
	}

	private String newChallenge() {
		byte[] bytes = new byte[32];
		this.random.nextBytes(bytes);
		return HexFormat.of().formatHex(bytes);
	}

	// Messages

	void received(ClientConnection connection, String text) {
		JsonNode message;
		try {
			message = Frames.MAPPER.readTree(text);
		}
		catch (JsonProcessingException ex) {
			record(connection, null, text);
			if (!this.stalled) {
				connection.send(Frames.error("Server error: " + ex.getOriginalMessage(), "server_error"));
			}
			return;
		}
		JsonNode typeNode = (message != null) ? message.get("type") : null;
		String type = (typeNode != null && typeNode.isTextual()) ? typeNode.asText() : null;
		record(connection, type, text);
		if (this.stalled) {
			return;
		}
		if (message == null || message.isMissingNode()) {
			connection.send(Frames.error("Server error: Unexpected end of JSON input", "server_error"));
			return;
		}
		if ("authenticate".equals(type)) {
			authenticate(connection, message);
			return;
		}
		if (!connection.isAuthenticated()) {
			connection.send(Frames.error("Not authenticated", "unauthorized"));
			return;
		}
		switch ((type != null) ? type : "") {
			case "generate" -> generate(connection, message);
			case "stop" -> stop(connection, message);
			case "models" -> models(connection, message);
			case "ping" -> ping(connection, message);
			default -> connection.send(Frames.error("Unsupported message type: " + javaScriptString(typeNode), null));
		}
	}

	private void authenticate(ClientConnection connection, JsonNode message) {
		JsonNode clientIdNode = message.get("clientId");
		JsonNode signatureNode = message.get("signature");
		if (clientIdNode != null && clientIdNode.isTextual()) {
			this.authenticationAttempts.computeIfAbsent(clientIdNode.asText(), (id) -> new AtomicInteger())
				.incrementAndGet();
		}
		if (!isNonEmptyText(clientIdNode) || !isNonEmptyText(signatureNode)) {
			connection.send(Frames.authFailure("Invalid authentication data"));
			return;
		}
		String clientId = clientIdNode.asText();
		String rateLimitKey = rateLimitKey(clientId);
		long now = System.currentTimeMillis();
		long retryAfter = this.rateLimiter.retryAfterIfBlocked(rateLimitKey, now);
		if (retryAfter > 0) {
			connection.send(Frames.authBlocked(retryAfter));
			return;
		}
		String challenge = connection.takeChallenge();
		if (challenge == null) {
			connection.send(Frames.authFailure("Challenge expired or invalid"));
			return;
		}
		if (verify(clientId, challenge, signatureNode.asText())) {
			this.rateLimiter.reset(rateLimitKey);
			connection.authenticated(clientId);
			logger.debug("Connection {} authenticated as client {}", connection.id(), clientId);
			connection.send(Frames.authSuccess());
			return;
		}
		AuthRateLimiter.Failure failure = this.rateLimiter.recordFailure(rateLimitKey, now);
		connection.send(failure.blocked() ? Frames.authBlocked(failure.retryAfterSeconds())
				: Frames.authRemainingAttempts(failure.remainingAttempts()));
	}

	private static String rateLimitKey(String clientId) {
		return CLIENT_IP + ":" + clientId;
	}

	private boolean verify(String clientId, String challenge, String signatureBase64) {
		ClientRegistry.RegisteredClient client = this.clients.find(clientId);
		if (client == null || client.jcaAlgorithm() == null) {
			return false;
		}
		try {
			byte[] signatureBytes = Base64.getMimeDecoder().decode(signatureBase64);
			Signature signature = Signature.getInstance(client.jcaAlgorithm());
			signature.initVerify(client.publicKey());
			signature.update(challenge.getBytes(StandardCharsets.UTF_8));
			return signature.verify(signatureBytes);
		}
		catch (GeneralSecurityException | IllegalArgumentException ex) {
			return false;
		}
	}

	private void generate(ClientConnection connection, JsonNode message) {
		JsonNode id = message.get("id");
		JsonNode prompt = message.get("prompt");
		if (!isTruthy(id) || !isTruthy(prompt)) {
			connection.send(Frames.errorTypeFirst(id, "Missing required fields"));
			return;
		}
		JsonNode modelNode = message.get("model");
		String model = isTruthy(modelNode) ? modelNode.asText() : this.settings.defaultModel();
		String key = id.asText();
		ActiveGeneration generation = new ActiveGeneration(key, id, connection, this);
		// Like the real gateway, a reused id replaces the earlier generation's entry.
		this.generations.put(key, generation);
		connection.generations().add(generation);
		connection.send(Frames.streamStart(id, model));
		JsonNode optionsNode = message.get("options");
		Map<String, Object> options = (optionsNode != null && optionsNode.isObject())
				? Frames.MAPPER.convertValue(optionsNode, OPTIONS_TYPE) : Map.of();
		GenerationRequest request = new GenerationRequest(key, model, prompt.asText(), options);
		if (this.settings.recordFrames()) {
			this.generationRequests.add(request);
		}
		try {
			generation.handle(this.backend.generate(request, generation));
		}
		catch (RuntimeException ex) {
			generation.fail(String.valueOf(ex.getMessage()));
		}
	}

	private void stop(ClientConnection connection, JsonNode message) {
		JsonNode stopId = message.get("id");
		JsonNode requestId = message.get("requestId");
		if (!isTruthy(requestId)) {
			connection.send(Frames.errorTypeFirst(stopId, "Missing requestId"));
			return;
		}
		ActiveGeneration generation = this.generations.get(requestId.asText());
		if (generation == null) {
			connection.send(Frames.errorIdFirst(stopId, "No active generation with that ID", null));
			return;
		}
		if (generation.connection() != connection) {
			connection.send(Frames.errorIdFirst(stopId, "Not authorized to stop this generation", null));
			return;
		}
		connection.send(Frames.stopAck(stopId, requestId));
		generation.stop();
	}

	private void models(ClientConnection connection, JsonNode message) {
		JsonNode id = message.get("id");
		String failure = this.modelListingFailure;
		if (failure != null) {
			connection.send(Frames.errorIdFirst(id, "Failed to list models: " + failure, null));
			return;
		}
		List<ModelDescriptor> models;
		try {
			models = this.backend.listModels();
		}
		catch (Exception ex) {
			connection.send(Frames.errorIdFirst(id, "Failed to list models: " + ex.getMessage(), null));
			return;
		}
		connection.send(Frames.modelsResult(id, models));
	}

	private void ping(ClientConnection connection, JsonNode message) {
		if (!this.ignoringPings) {
			connection.send(Frames.pong(message.get("id")));
		}
	}

	// Generations

	void finished(ActiveGeneration generation) {
		this.generations.remove(generation.key(), generation);
		generation.connection().generations().remove(generation);
	}

	/**
	 * Sends a frame of a generation's stream, holding it back while streams are paused.
	 * Frames held back are sent in order on resume, before any newer frame.
	 * @param connection the connection the generation streams on
	 * @param frame the frame as JSON
	 */
	void sendStreamFrame(ClientConnection connection, String frame) {
		if (this.streamsPaused) {
			synchronized (this.pauseLock) {
				if (this.streamsPaused) {
					this.pausedFrames.add(() -> connection.send(frame));
					return;
				}
			}
		}
		connection.send(frame);
	}

	// Faults

	boolean isStalled() {
		return this.stalled;
	}

	void stalled(boolean stalled) {
		this.stalled = stalled;
	}

	void ignoringPings(boolean ignoringPings) {
		this.ignoringPings = ignoringPings;
	}

	void modelListingFailure(String failure) {
		this.modelListingFailure = failure;
	}

	void pauseStreams() {
		synchronized (this.pauseLock) {
			this.streamsPaused = true;
		}
	}

	void resumeStreams() {
		synchronized (this.pauseLock) {
			Runnable send;
			while ((send = this.pausedFrames.poll()) != null) {
				send.run();
			}
			this.streamsPaused = false;
		}
	}

	void sendToAll(String frame) {
		for (ClientConnection connection : this.connections) {
			connection.send(frame);
		}
	}

	void dropAll() {
		for (ClientConnection connection : List.copyOf(this.connections)) {
			drop(connection);
		}
	}

	boolean drop(String connectionId) {
		for (ClientConnection connection : List.copyOf(this.connections)) {
			if (connection.id().equals(connectionId)) {
				drop(connection);
				return true;
			}
		}
		return false;
	}

	private void drop(ClientConnection connection) {
		SessionCloser.abort(connection.session());
		closed(connection);
	}

	// Inspection

	int openConnections() {
		return this.connections.size();
	}

	int authenticatedConnections() {
		return (int) this.connections.stream().filter(ClientConnection::isAuthenticated).count();
	}

	int activeGenerations() {
		return this.generations.size();
	}

	int authenticationAttempts(String clientId) {
		AtomicInteger attempts = this.authenticationAttempts.get(clientId);
		return (attempts != null) ? attempts.get() : 0;
	}

	Duration authenticationBlock(String clientId) {
		return this.rateLimiter.remainingBlock(rateLimitKey(clientId), System.currentTimeMillis());
	}

	List<ReceivedFrame> receivedFrames() {
		return this.receivedFrames.snapshot();
	}

	List<GenerationRequest> generationRequests() {
		return this.generationRequests.snapshot();
	}

	void clearReceivedFrames() {
		this.receivedFrames.clear();
		this.generationRequests.clear();
	}

	private void record(ClientConnection connection, String type, String text) {
		if (!this.settings.recordFrames()) {
			return;
		}
		this.receivedFrames.add(new ReceivedFrame(connection.id(), type, text, Instant.now()));
	}

	// JavaScript truthiness, as the real gateway tests its fields

	private static boolean isTruthy(JsonNode node) {
		if (node == null || node.isNull() || node.isMissingNode()) {
			return false;
		}
		if (node.isTextual()) {
			return !node.asText().isEmpty();
		}
		if (node.isNumber()) {
			return node.asDouble() != 0 && !Double.isNaN(node.asDouble());
		}
		if (node.isBoolean()) {
			return node.asBoolean();
		}
		return true;
	}

	private static boolean isNonEmptyText(JsonNode node) {
		return node != null && node.isTextual() && !node.asText().isEmpty();
	}

	private static String javaScriptString(JsonNode node) {
		if (node == null || node.isMissingNode()) {
			return "undefined";
		}
		return node.isTextual() ? node.asText() : node.toString();
	}

}
