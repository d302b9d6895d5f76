package io.github.ollamaws.testserver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.PublicKey;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.apache.tomcat.websocket.server.WsSci;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embeddable Ollama WebSocket gateway that speaks the wire protocol exactly like the
 * real one, quirks included: challenge/response authentication with real signature
 * verification, the rate limiter, the auth timeout, token streaming, stop, models and
 * ping, with every error shape the real gateway sends. Runs on embedded Tomcat bound to
 * 127.0.0.1 (a random port by default), models come from a {@link ModelBackend} (by
 * default a {@link ScriptedBackend} with a {@code llama2} model), and {@link #faults()}
 * injects the failures resilience tests need.
 *
 * <pre class="code">
 * try (OllamaWsTestServer server = OllamaWsTestServer.builder().start()) {
 *     TestClient client = server.registerNewClient(TestKeys.rsa());
 *     // connect to server.url() as client.clientId() with client.privateKeyPem()
 * }
 * </pre>
 */
public final class OllamaWsTestServer implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(OllamaWsTestServer.class);

	/**
	 * Tomcat's own loggers (java.util.logging), held so their level sticks: its INFO
	 * lines on every start and stop drown test output.
	 */
	private static final List<java.util.logging.Logger> quietTomcatLoggers = quietTomcatLoggers();

	/** The path of the REST registration endpoint. */
	public static final String REGISTER_PATH = "/api/auth/register";

	private final Settings settings;

	private final ModelBackend backend;

	private final ClientRegistry clients = new ClientRegistry();

	private final Gateway gateway;

	private final ServerFaults faults;

	private final Object lifecycleLock = new Object();

	private Tomcat tomcat;

	private Path baseDir;

	private volatile int port;

	private volatile boolean running;

	private OllamaWsTestServer(Settings settings, ModelBackend backend) {
		this.settings = settings;
		this.backend = backend;
		this.port = settings.port();
		this.gateway = new Gateway(settings, backend, this.clients);
		this.faults = new ServerFaults(this, this.gateway);
	}

	/**
	 * Starts building a server.
	 * @return a builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Starts the server. After a {@link #stop()} it starts again on the same port.
	 * @return this server
	 * @throws IllegalStateException if Tomcat cannot start (for example the port is
	 * taken)
	 */
	public OllamaWsTestServer start() {
		synchronized (this.lifecycleLock) {
			if (this.running) {
				return this;
			}
			try {
				this.baseDir = Files.createTempDirectory("ollama-ws-test-server");
				this.gateway.start();
				this.tomcat = createTomcat();
				this.tomcat.start();
				Connector connector = this.tomcat.getConnector();
				if (connector.getLocalPort() <= 0) {
					throw new IllegalStateException("Could not bind 127.0.0.1:" + this.port);
				}
				this.port = connector.getLocalPort();
				this.running = true;
				logger.info("Ollama WebSocket test server listening on {}", url());
				return this;
			}
			catch (LifecycleException | IOException | RuntimeException ex) {
				shutdown();
				throw new IllegalStateException("Cannot start the Ollama WebSocket test server on port " + this.port,
						ex);
			}
		}
	}

	/**
	 * Stops the server like a killed gateway process: connections are dropped without a
	 * close frame and their generations end. Registered clients are kept;
	 * {@link #start()} or {@link #restart()} resume on the same port.
	 */
	public void stop() {
		synchronized (this.lifecycleLock) {
			if (!this.running) {
				return;
			}
			this.running = false;
			this.gateway.dropAll();
			shutdown();
			logger.info("Ollama WebSocket test server on port {} stopped", this.port);
		}
	}

	/**
	 * Stops and starts the server again on the same port.
	 * @return this server
	 */
	public OllamaWsTestServer restart() {
		synchronized (this.lifecycleLock) {
			stop();
			return start();
		}
	}

	/**
	 * Stops the server and releases its backend.
	 */
	@Override
	public void close() {
		stop();
		this.backend.close();
	}

	/**
	 * Returns whether the server is running.
	 * @return whether it accepts connections
	 */
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Returns the port the server listens on (the real one once started, also with port
	 * 0).
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * Returns the WebSocket URL of the gateway, {@code ws://127.0.0.1:<port>}.
	 * @return the URL
	 */
	public URI url() {
		return URI.create(((this.settings.tls() != null) ? "wss" : "ws") + "://127.0.0.1:" + this.port);
	}

	/**
	 * Returns the HTTP base URL of the server, {@code http://127.0.0.1:<port>}, for the
	 * REST endpoint.
	 * @return the URL
	 */
	public URI httpUrl() {
		return URI.create(((this.settings.tls() != null) ? "https" : "http") + "://127.0.0.1:" + this.port);
	}

	/**
	 * Returns the model backend.
	 * @return the backend
	 */
	public ModelBackend backend() {
		return this.backend;
	}

	/**
	 * Returns the scripted backend, to add or change models in a test.
	 * @return the backend
	 * @throws IllegalStateException if the server was built with another backend
	 */
	public ScriptedBackend scriptedBackend() {
		if (this.backend instanceof ScriptedBackend scripted) {
			return scripted;
		}
		throw new IllegalStateException("The server's backend is a " + this.backend.getClass().getName());
	}

	/**
	 * Returns the server's default model, used when a request names none.
	 * @return the model name
	 */
	public String defaultModel() {
		return this.settings.defaultModel();
	}

	/**
	 * Returns the fault injection controls.
	 * @return the faults
	 */
	public ServerFaults faults() {
		return this.faults;
	}

	// Clients

	/**
	 * Registers a client's public key, as {@code POST /api/auth/register} does.
	 * @param name the client's name
	 * @param publicKey its public key (RSA, EC or Ed25519)
	 * @return the assigned client id
	 */
	public String registerClient(String name, PublicKey publicKey) {
		return this.clients.register(name, Objects.requireNonNull(publicKey, "publicKey"), null);
	}

	/**
	 * Registers a client's public key given as SPKI PEM ({@code BEGIN PUBLIC KEY}).
	 * @param name the client's name
	 * @param publicKeyPem the public key PEM
	 * @return the assigned client id
	 * @throws IllegalArgumentException if the PEM is not a supported public key
	 */
	public String registerClient(String name, String publicKeyPem) {
		return this.clients.register(name, Pem.readPublicKey(publicKeyPem), null);
	}

	/**
	 * Registers a client whose signature algorithm setting is not the default
	 * {@code SHA256}; like on the real gateway such a client never authenticates.
	 * @param name the client's name
	 * @param publicKey its public key
	 * @param signatureAlgorithm the algorithm setting (for example {@code SHA512})
	 * @return the assigned client id
	 */
	public String registerClient(String name, PublicKey publicKey, String signatureAlgorithm) {
		return this.clients.register(name, Objects.requireNonNull(publicKey, "publicKey"), signatureAlgorithm);
	}

	/**
	 * Registers a fresh client with the given keys.
	 * @param keys the client's keys (see {@link TestKeys})
	 * @return the registered client
	 */
	public TestClient registerNewClient(TestKeyPair keys) {
		String name = "test-client-" + keys.type().name().toLowerCase();
		return new TestClient(registerClient(name, keys.publicKey()), name, keys);
	}

	/**
	 * Registers a fresh client with a new RSA 2048 key pair.
	 * @return the registered client
	 */
	public TestClient registerNewClient() {
		return registerNewClient(TestKeys.rsa());
	}

	/**
	 * Removes a registered client; it can no longer authenticate.
	 * @param clientId the client id
	 * @return whether such a client was registered
	 */
	public boolean unregisterClient(String clientId) {
		return this.clients.remove(clientId);
	}

	/**
	 * Registers a client again under its own id, as an operator restoring a revoked
	 * registration would: its key authenticates again.
	 * @param client the client, as {@link #registerNewClient(TestKeyPair)} returned it
	 */
	public void reinstateClient(TestClient client) {
		this.clients.restore(client.clientId(), client.name(), client.keys().publicKey());
	}

	// Spring Boot properties

	/**
	 * Returns the {@code ollama.ws.*} properties that point the starter at this server as
	 * the given client: {@code ollama.ws.url}, {@code ollama.ws.client-id} and
	 * {@code ollama.ws.private-key} (PKCS#8 PEM).
	 * @param client the client to connect as
	 * @return the properties, in a stable order
	 */
	public Map<String, String> springProperties(TestClient client) {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("ollama.ws.url", url().toString());
		properties.put("ollama.ws.client-id", client.clientId());
		properties.put("ollama.ws.private-key", client.privateKeyPem());
		return properties;
	}

	/**
	 * Returns {@link #springProperties(TestClient)} as {@code key=value} strings, for
	 * {@code ApplicationContextRunner.withPropertyValues(...)} or
	 * {@code @SpringBootTest(properties=...)}.
	 * @param client the client to connect as
	 * @return the property values
	 */
	public String[] springPropertyValues(TestClient client) {
		return springProperties(client).entrySet()
			.stream()
			.map((entry) -> entry.getKey() + "=" + entry.getValue())
			.toArray(String[]::new);
	}

	// Inspection

	/**
	 * Returns the number of open connections.
	 * @return the open connections
	 */
	public int openConnections() {
		return this.gateway.openConnections();
	}

	/**
	 * Returns the number of authenticated open connections.
	 * @return the authenticated connections
	 */
	public int authenticatedConnections() {
		return this.gateway.authenticatedConnections();
	}

	/**
	 * Returns the number of generations in flight, over all connections.
	 * @return the active generations
	 */
	public int activeGenerations() {
		return this.gateway.activeGenerations();
	}

	/**
	 * Returns how many {@code authenticate} frames named this client id since the server
	 * was built (successful, failed and blocked ones).
	 * @param clientId the client id
	 * @return the number of attempts
	 */
	public int authenticationAttempts(String clientId) {
		return this.gateway.authenticationAttempts(clientId);
	}

	/**
	 * Returns how long a client stays blocked by the authentication rate limiter (zero
	 * when not blocked), without counting as an attempt.
	 * @param clientId the client id
	 * @return the remaining block
	 */
	public Duration authenticationBlock(String clientId) {
		return this.gateway.authenticationBlock(clientId);
	}

	/**
	 * Returns the frames received from clients, oldest first (the most recent 100,000).
	 * @return the frames
	 */
	public List<ReceivedFrame> receivedFrames() {
		return this.gateway.receivedFrames();
	}

	/**
	 * Returns the received frames of one {@code type}, oldest first.
	 * @param type the type (for example {@code stop})
	 * @return the frames
	 */
	public List<ReceivedFrame> receivedFrames(String type) {
		return this.gateway.receivedFrames().stream().filter((frame) -> type.equals(frame.type())).toList();
	}

	/**
	 * Returns the generations the gateway handed to its backend, oldest first (the most
	 * recent 100,000): each with {@link GenerationRequest#ollamaBody()}, the exact body a
	 * real Ollama behind the real gateway would receive for it.
	 * @return the generation requests
	 */
	public List<GenerationRequest> generationRequests() {
		return this.gateway.generationRequests();
	}

	/**
	 * Forgets the received frames and generation requests.
	 */
	public void clearReceivedFrames() {
		this.gateway.clearReceivedFrames();
	}

	// Tomcat

	private static void configureTls(Connector connector, TestCertificate certificate) {
		connector.setScheme("https");
		connector.setSecure(true);
		connector.setProperty("SSLEnabled", "true");
		SSLHostConfig sslHostConfig = new SSLHostConfig();
		SSLHostConfigCertificate hostCertificate = new SSLHostConfigCertificate(sslHostConfig,
				SSLHostConfigCertificate.Type.UNDEFINED);
		hostCertificate.setCertificateKeystore(certificate.keyStore());
		hostCertificate.setCertificateKeystorePassword(TestCertificate.PASSWORD);
		hostCertificate.setCertificateKeyPassword(TestCertificate.PASSWORD);
		sslHostConfig.addCertificate(hostCertificate);
		connector.addSslHostConfig(sslHostConfig);
	}

	private Tomcat createTomcat() {
		Tomcat server = new Tomcat();
		server.setBaseDir(this.baseDir.toString());
		Connector connector = new Connector();
		connector.setPort(this.port);
		connector.setProperty("address", "127.0.0.1");
		// Restart rebinds the same port at once, while old sockets linger in TIME_WAIT.
		connector.setProperty("socket.soReuseAddress", "true");
		if (this.settings.tls() != null) {
			configureTls(connector, this.settings.tls());
		}
		server.setConnector(connector);
		Context context = server.addContext("", this.baseDir.toString());
		context.addServletContainerInitializer(new WsSci(), null);
		context.addServletContainerInitializer((classes, servletContext) -> {
			ServerContainer container = (ServerContainer) servletContext.getAttribute(ServerContainer.class.getName());
			registerEndpoint(container);
		}, null);
		Tomcat.addServlet(context, "register", new RegisterServlet(this.clients));
		context.addServletMappingDecoded(REGISTER_PATH, "register");
		// Tomcat runs filters (the WebSocket upgrade is one) only for a request that maps
		// to a servlet.
		Tomcat.addServlet(context, "notFound", new NotFoundServlet());
		context.addServletMappingDecoded("/", "notFound");
		if (context instanceof StandardContext standardContext) {
			// Leak detection is for redeployed web apps; here it would only warn at stop.
			standardContext.setClearReferencesRmiTargets(false);
			standardContext.setClearReferencesThreadLocals(false);
		}
		return server;
	}

	private void registerEndpoint(ServerContainer container) {
		int maxMessageLength = this.settings.maxMessageLength();
		ServerEndpointConfig config = ServerEndpointConfig.Builder.create(ConnectionEndpoint.class, "/")
			.configurator(new ServerEndpointConfig.Configurator() {
				@Override
				public <T> T getEndpointInstance(Class<T> endpointClass) {
					return endpointClass
						.cast(new ConnectionEndpoint(OllamaWsTestServer.this.gateway, maxMessageLength));
				}
			})
			.build();
		try {
			container.addEndpoint(config);
		}
		catch (DeploymentException ex) {
			throw new IllegalStateException("Cannot register the gateway endpoint", ex);
		}
	}

	private void shutdown() {
		this.gateway.stop();
		if (this.tomcat != null) {
			try {
				this.tomcat.stop();
				this.tomcat.destroy();
			}
			catch (LifecycleException ex) {
				logger.warn("Stopping Tomcat failed", ex);
			}
			this.tomcat = null;
		}
		if (this.baseDir != null) {
			deleteRecursively(this.baseDir);
			this.baseDir = null;
		}
	}

	private static void deleteRecursively(Path directory) {
		try {
			Files.walkFileTree(directory, new SimpleFileVisitor<>() {
				@Override
				public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
					Files.delete(file);
					return FileVisitResult.CONTINUE;
				}

				@Override
				public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
					Files.delete(dir);
					return FileVisitResult.CONTINUE;
				}
			});
		}
		catch (IOException ex) {
			logger.debug("Cannot delete {}", directory, new UncheckedIOException(ex));
		}
	}

	private static List<java.util.logging.Logger> quietTomcatLoggers() {
		List<java.util.logging.Logger> loggers = List.of(java.util.logging.Logger.getLogger("org.apache.catalina"),
				java.util.logging.Logger.getLogger("org.apache.coyote"),
				java.util.logging.Logger.getLogger("org.apache.tomcat"));
		loggers.forEach((tomcatLogger) -> tomcatLogger.setLevel(java.util.logging.Level.WARNING));
		return loggers;
	}

	/**
	 * Answers 404 to every plain HTTP request other than registration.
	 */
	private static final class NotFoundServlet extends HttpServlet {

		private static final long serialVersionUID = 1L;

		@Override
		protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
			response.sendError(HttpServletResponse.SC_NOT_FOUND);
		}

	}

	/**
	 * The server's settings.
	 *
	 * @param port the port, 0 for a random one
	 * @param authTimeout how long a connection may stay unauthenticated
	 * @param defaultModel the model used when a request names none
	 * @param maxAuthFailures failures before a client is blocked
	 * @param firstBlock the first block's duration, doubled on each further failure
	 * @param maxBlock the longest block
	 * @param failureWindow how long failures are remembered
	 * @param maxMessageLength the largest text message accepted, in characters
	 * @param recordFrames whether received frames are recorded for inspection
	 * @param tls the certificate to serve {@code wss://} with, or {@code null} for plain
	 * {@code ws://}
	 */
	record Settings(int port, Duration authTimeout, String defaultModel, int maxAuthFailures, Duration firstBlock,
			Duration maxBlock, Duration failureWindow, int maxMessageLength, boolean recordFrames,
			TestCertificate tls) {

	}

	/**
	 * Builds an {@link OllamaWsTestServer}; every setting defaults to the real gateway's.
	 */
	public static final class Builder {

		private int port;

		private Duration authTimeout = Duration.ofSeconds(30);

		private String defaultModel = "llama2";

		private int maxAuthFailures = 5;

		private Duration firstBlock = Duration.ofSeconds(16);

		private Duration maxBlock = Duration.ofMinutes(30);

		private Duration failureWindow = Duration.ofMinutes(10);

		private int maxMessageLength = 64 * 1024 * 1024;

		private boolean recordFrames = true;

		private ModelBackend backend;

		private TestCertificate tls;

		private Builder() {
		}

		/**
		 * Sets the port; 0 (the default) picks a free one.
		 * @param port the port
		 * @return this builder
		 */
		public Builder port(int port) {
			if (port < 0 || port > 65535) {
				throw new IllegalArgumentException("Invalid port " + port);
			}
			this.port = port;
			return this;
		}

		/**
		 * Sets how long a connection may stay unauthenticated (default 30 s) before it
		 * gets {@code auth_timeout} and is closed.
		 * @param authTimeout the timeout
		 * @return this builder
		 */
		public Builder authTimeout(Duration authTimeout) {
			this.authTimeout = positive(authTimeout, "authTimeout");
			return this;
		}

		/**
		 * Sets the model used when a request names none (default {@code llama2}).
		 * @param defaultModel the model name
		 * @return this builder
		 */
		public Builder defaultModel(String defaultModel) {
			this.defaultModel = Objects.requireNonNull(defaultModel, "defaultModel");
			return this;
		}

		/**
		 * Sets how many failed authentications block a client (default 5).
		 * @param maxAuthFailures the number of failures
		 * @return this builder
		 */
		public Builder maxAuthFailures(int maxAuthFailures) {
			if (maxAuthFailures < 1) {
				throw new IllegalArgumentException("maxAuthFailures must be at least 1");
			}
			this.maxAuthFailures = maxAuthFailures;
			return this;
		}

		/**
		 * Sets the first block's duration (default 16 s), doubled on each further
		 * failure; reported in whole seconds, rounded up.
		 * @param firstBlock the duration
		 * @return this builder
		 */
		public Builder firstBlock(Duration firstBlock) {
			this.firstBlock = positive(firstBlock, "firstBlock");
			return this;
		}

		/**
		 * Sets the longest block (default 30 min).
		 * @param maxBlock the duration
		 * @return this builder
		 */
		public Builder maxBlock(Duration maxBlock) {
			this.maxBlock = positive(maxBlock, "maxBlock");
			return this;
		}

		/**
		 * Sets how long failures are remembered (default 10 min).
		 * @param failureWindow the duration
		 * @return this builder
		 */
		public Builder failureWindow(Duration failureWindow) {
			this.failureWindow = positive(failureWindow, "failureWindow");
			return this;
		}

		/**
		 * Sets the largest text message accepted, in characters (default 64 Mi); larger
		 * ones close the connection with 1009.
		 * @param maxMessageLength the limit
		 * @return this builder
		 */
		public Builder maxMessageLength(int maxMessageLength) {
			if (maxMessageLength < 1) {
				throw new IllegalArgumentException("maxMessageLength must be positive");
			}
			this.maxMessageLength = maxMessageLength;
			return this;
		}

		/**
		 * Sets whether received frames are recorded for
		 * {@link OllamaWsTestServer#receivedFrames()} (default on; benchmarks may turn it
		 * off).
		 * @param recordFrames whether to record
		 * @return this builder
		 */
		public Builder recordFrames(boolean recordFrames) {
			this.recordFrames = recordFrames;
			return this;
		}

		/**
		 * Serves {@code wss://} (and {@code https://} for the REST endpoint) with this
		 * certificate.
		 * @param certificate the certificate, for example
		 * {@link TestCertificate#selfSigned()}
		 * @return this builder
		 */
		public Builder tls(TestCertificate certificate) {
			this.tls = Objects.requireNonNull(certificate, "certificate");
			return this;
		}

		/**
		 * Sets the model backend (default: {@link ScriptedBackend#withDefaultModels()}).
		 * @param backend the backend
		 * @return this builder
		 */
		public Builder backend(ModelBackend backend) {
			this.backend = Objects.requireNonNull(backend, "backend");
			return this;
		}

		/**
		 * Builds the server without starting it.
		 * @return the server
		 */
		public OllamaWsTestServer build() {
			ModelBackend modelBackend = (this.backend != null) ? this.backend : ScriptedBackend.withDefaultModels();
			return new OllamaWsTestServer(
					new Settings(this.port, this.authTimeout, this.defaultModel, this.maxAuthFailures, this.firstBlock,
							this.maxBlock, this.failureWindow, this.maxMessageLength, this.recordFrames, this.tls),
					modelBackend);
		}

		/**
		 * Builds and starts the server.
		 * @return the running server
		 */
		public OllamaWsTestServer start() {
			return build().start();
		}

		private static Duration positive(Duration duration, String name) {
			if (duration == null || duration.isNegative() || duration.isZero()) {
				throw new IllegalArgumentException(name + " must be positive");
			}
			return duration;
		}

	}

}
