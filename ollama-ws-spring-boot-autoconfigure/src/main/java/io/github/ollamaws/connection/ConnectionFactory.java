package io.github.ollamaws.connection;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.tomcat.websocket.Constants;
import org.apache.tomcat.websocket.WsWebSocketContainer;

import io.github.ollamaws.auth.ChallengeSigner;
import io.github.ollamaws.protocol.ClientMessageEncoder;
import io.github.ollamaws.protocol.ServerMessageDecoder;

import org.springframework.core.task.support.TaskExecutorAdapter;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;

/**
 * Opens {@link GatewayConnection}s, and owns what they share: Tomcat's JSR-356 client container (created
 * here explicitly, never looked up through the class path, so that the client behaves the same whatever
 * else the application has), the wire codec, the challenge signer and the client's threads.
 */
public final class ConnectionFactory implements AutoCloseable {

	/**
	 * The size of the container's message buffers, in bytes or characters. Tomcat allocates them at full size
	 * for every connection (a 16 MiB limit cost 80 MB of heap per idle connection), so they stay small and a
	 * {@link GatewayConnection} assembles larger messages from their parts, up to the configured maximum.
	 */
	static final int CONTAINER_BUFFER_SIZE = 64 * 1024;

	private final ClientSettings settings;

	private final WsWebSocketContainer container;

	private final StandardWebSocketClient webSocketClient;

	private final ServerMessageDecoder decoder;

	private final ClientMessageEncoder encoder;

	private final ChallengeSigner signer;

	private final ExecutorService ioExecutor;

	private final ScheduledExecutorService scheduler;

	private final AtomicInteger connectionCount = new AtomicInteger();

	/**
	 * A factory for the given settings; it opens nothing yet.
	 * @param settings the client's settings
	 */
	public ConnectionFactory(ClientSettings settings) {
		this.settings = settings;
		this.signer = new ChallengeSigner(settings.privateKey());
		// A private mapper: the application's ObjectMapper settings must not change the wire format.
		ObjectMapper objectMapper = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
		this.decoder = new ServerMessageDecoder(objectMapper);
		this.encoder = new ClientMessageEncoder(objectMapper);
		this.container = new WsWebSocketContainer();
		this.container.setDefaultMaxTextMessageBufferSize(CONTAINER_BUFFER_SIZE);
		this.container.setDefaultMaxBinaryMessageBufferSize(CONTAINER_BUFFER_SIZE);
		this.container.setDefaultMaxSessionIdleTimeout(0);
		this.container.setAsyncSendTimeout(settings.sendTimeLimit().toMillis());
		this.ioExecutor = Executors.newCachedThreadPool(threadFactory("ollama-ws-io-"));
		this.scheduler = Executors.newSingleThreadScheduledExecutor(threadFactory("ollama-ws-scheduler-"));
		this.webSocketClient = new StandardWebSocketClient(this.container);
		this.webSocketClient.setTaskExecutor(new TaskExecutorAdapter(this.ioExecutor));
		if (settings.sslContext() != null) {
			this.webSocketClient.setSslContext(settings.sslContext());
		}
		Map<String, Object> userProperties = new HashMap<>();
		// Tomcat's own handshake limit is a backstop: the client's connect timeout fires first and names itself.
		userProperties.put(Constants.IO_TIMEOUT_MS_PROPERTY,
				String.valueOf(settings.connectTimeout().plusSeconds(1).toMillis()));
		userProperties.put(Constants.BLOCKING_SEND_TIMEOUT_PROPERTY, settings.sendTimeLimit().toMillis());
		this.webSocketClient.setUserProperties(userProperties);
	}

	/**
	 * A new connection, not yet opened.
	 * @param listener told when the connection frees a request slot and when it closes
	 * @return the connection; call {@link GatewayConnection#open()}
	 */
	public GatewayConnection create(GatewayConnection.Listener listener) {
		String name = "ollama-ws-" + this.connectionCount.incrementAndGet();
		return new GatewayConnection(name, this, listener);
	}

	/**
	 * The client's timer thread: timeouts, heartbeats and reconnection delays.
	 * @return the scheduler
	 */
	public ScheduledExecutorService scheduler() {
		return this.scheduler;
	}

	/**
	 * Threads for blocking work off the I/O and timer threads (opening and closing sockets).
	 * @return the executor
	 */
	public ExecutorService ioExecutor() {
		return this.ioExecutor;
	}

	ClientSettings settings() {
		return this.settings;
	}

	StandardWebSocketClient webSocketClient() {
		return this.webSocketClient;
	}

	ServerMessageDecoder decoder() {
		return this.decoder;
	}

	ClientMessageEncoder encoder() {
		return this.encoder;
	}

	ChallengeSigner signer() {
		return this.signer;
	}

	/**
	 * Stops the client's threads and releases the container. Connections must be closed first.
	 */
	@Override
	public void close() {
		this.scheduler.shutdownNow();
		this.ioExecutor.shutdown();
		try {
			if (!this.ioExecutor.awaitTermination(2, TimeUnit.SECONDS)) {
				this.ioExecutor.shutdownNow();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.ioExecutor.shutdownNow();
		}
		this.container.destroy();
	}

	private static ThreadFactory threadFactory(String prefix) {
		AtomicInteger count = new AtomicInteger();
		return (runnable) -> {
			Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

}
