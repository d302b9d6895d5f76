package io.github.ollamaws.connection;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ollamaws.auth.ChallengeSigner;
import io.github.ollamaws.protocol.ClientMessageEncoder;
import io.github.ollamaws.protocol.ServerMessageDecoder;
import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;
import jakarta.websocket.WebSocketContainer;
import org.apache.tomcat.websocket.Constants;
import org.apache.tomcat.websocket.WsSession;
import org.apache.tomcat.websocket.WsWebSocketContainer;
import org.jspecify.annotations.Nullable;

import org.springframework.core.task.support.TaskExecutorAdapter;
import org.springframework.http.HttpHeaders;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;

/**
 * Opens {@link GatewayConnection}s, and owns what they share: Tomcat's JSR-356 client
 * container (created here explicitly, never looked up through the class path, so that the
 * client behaves the same whatever else the application has), the wire codec, the
 * challenge signer and the client's threads.
 */
public final class ConnectionFactory implements AutoCloseable {

	/**
	 * The size of the container's message buffers, in bytes or characters. Tomcat
	 * allocates them at full size for every connection (a 16 MiB limit cost 80 MB of heap
	 * per idle connection), so they stay small and a {@link GatewayConnection} assembles
	 * larger messages from their parts, up to the configured maximum.
	 */
	static final int CONTAINER_BUFFER_SIZE = 64 * 1024;

	/**
	 * How long a closing connection waits for the gateway to answer its close frame
	 * before dropping the TCP connection. Tomcat's default, 30 s, would keep its threads
	 * alive that long after {@link #close()} for a gateway that never answers.
	 */
	static final Duration CLOSE_HANDSHAKE_TIMEOUT = Duration.ofSeconds(1);

	private final ClientSettings settings;

	private final ClientContainer container;

	private final QuietWebSocketClient webSocketClient;

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
		// Our own mapper: the application's ObjectMapper must not change the wire format.
		ObjectMapper objectMapper = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
		this.decoder = new ServerMessageDecoder(objectMapper);
		this.encoder = new ClientMessageEncoder(objectMapper);
		this.container = new ClientContainer();
		// Sessions whose close handshake timed out are checked every 1 s, not every 10 s.
		this.container.setProcessPeriod(1);
		this.container.setDefaultMaxTextMessageBufferSize(CONTAINER_BUFFER_SIZE);
		this.container.setDefaultMaxBinaryMessageBufferSize(CONTAINER_BUFFER_SIZE);
		this.container.setDefaultMaxSessionIdleTimeout(0);
		this.container.setAsyncSendTimeout(settings.messages().sendTimeLimit().toMillis());
		ThreadFactory custom = settings.hooks().threadFactory();
		this.ioExecutor = Executors.newCachedThreadPool(threadFactory(custom, "ollama-ws-io-"));
		this.scheduler = Executors.newSingleThreadScheduledExecutor(threadFactory(custom, "ollama-ws-scheduler-"));
		this.webSocketClient = new QuietWebSocketClient(this.container);
		this.webSocketClient.setTaskExecutor(new TaskExecutorAdapter(this.ioExecutor));
		if (settings.sslContext() != null) {
			this.webSocketClient.setSslContext(settings.sslContext());
		}
		Map<String, Object> userProperties = new HashMap<>();
		// Tomcat's own handshake limit is a backstop: the client's connect timeout fires
		// first and names itself.
		userProperties.put(Constants.IO_TIMEOUT_MS_PROPERTY,
				String.valueOf(settings.timeouts().connect().plusSeconds(1).toMillis()));
		userProperties.put(Constants.BLOCKING_SEND_TIMEOUT_PROPERTY, settings.messages().sendTimeLimit().toMillis());
		// Tomcat reads it as a Long only.
		userProperties.put(Constants.SESSION_CLOSE_TIMEOUT_PROPERTY, CLOSE_HANDSHAKE_TIMEOUT.toMillis());
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
	 * Threads for blocking work off the I/O and timer threads (opening and closing
	 * sockets).
	 * @return the executor
	 */
	public ExecutorService ioExecutor() {
		return this.ioExecutor;
	}

	ClientSettings settings() {
		return this.settings;
	}

	/**
	 * Opens a WebSocket.
	 * @param handler the connection's handler
	 * @param url the gateway's URL, as given
	 * @return completes with the session, or exceptionally
	 */
	CompletableFuture<WebSocketSession> connect(WebSocketHandler handler, URI url) {
		return this.webSocketClient.connect(handler, url);
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
	 * Stops the client's threads and releases the container, within
	 * {@link #CLOSE_HANDSHAKE_TIMEOUT}: connections whose gateway has not answered their
	 * close frame by then are dropped, so that none of Tomcat's threads outlives the
	 * container. Connections must be closed first.
	 */
	@Override
	public void close() {
		long deadline = System.nanoTime() + CLOSE_HANDSHAKE_TIMEOUT.toNanos();
		this.scheduler.shutdownNow();
		this.ioExecutor.shutdown();
		try {
			if (!this.ioExecutor.awaitTermination(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
				this.ioExecutor.shutdownNow();
			}
			this.container.awaitSessionsClosed(deadline);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.ioExecutor.shutdownNow();
		}
		this.container.dropOpenSessions();
		this.container.destroy();
	}

	/**
	 * Makes the client's threads of one role with a supplied factory (virtual threads,
	 * for example), named as the client's own are: {@code prefix} and a number, whatever
	 * the factory calls them, so that a thread dump tells the roles apart.
	 * @param custom the supplied factory, or {@code null} for daemon platform threads
	 * @param prefix the threads' name prefix, for example {@code ollama-ws-io-}
	 * @return the thread factory
	 */
	static ThreadFactory threadFactory(@Nullable ThreadFactory custom, String prefix) {
		if (custom == null) {
			return threadFactory(prefix);
		}
		AtomicInteger count = new AtomicInteger();
		return (runnable) -> {
			Thread thread = custom.newThread(runnable);
			thread.setName(prefix + count.incrementAndGet());
			return thread;
		};
	}

	/**
	 * Makes the client's daemon platform threads, named {@code prefix} and a number.
	 * @param prefix the threads' name prefix, for example {@code ollama-ws-io-}
	 * @return the thread factory
	 */
	public static ThreadFactory threadFactory(String prefix) {
		AtomicInteger count = new AtomicInteger();
		return (runnable) -> {
			Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

	/**
	 * Tomcat's client container, keeping track of its sessions until their TCP
	 * connections are closed, which in Tomcat is after the peer answered the close frame
	 * or the close handshake timed out.
	 */
	/**
	 * Spring's client, opened without its {@code execute} method, which logs the URL as
	 * given (user info and query included) at DEBUG; the URL is checked to be
	 * {@code ws://} or {@code wss://} when the client is built, and no header,
	 * subprotocol or extension is asked for.
	 */
	private static final class QuietWebSocketClient extends StandardWebSocketClient {

		QuietWebSocketClient(WebSocketContainer container) {
			super(container);
		}

		CompletableFuture<WebSocketSession> connect(WebSocketHandler handler, URI url) {
			return executeInternal(handler, new HttpHeaders(), url, List.of(), List.of(), Map.of());
		}

	}

	private static final class ClientContainer extends WsWebSocketContainer {

		/**
		 * How long a read handler gets to return after its session was dropped; it has at
		 * most one buffer (64 KiB) left to hand over, which takes well under a
		 * millisecond.
		 */
		private static final Duration READ_HANDLER_SETTLE = Duration.ofMillis(50);

		private final Set<WsSession> sessions = new HashSet<>();

		@Override
		protected void registerSession(Object key, WsSession session) {
			synchronized (this.sessions) {
				this.sessions.add(session);
			}
			super.registerSession(key, session);
			if (session.isClosed()) {
				// Closed during its opening, and its connection with it.
				sessionClosed(session);
			}
		}

		@Override
		protected void unregisterSession(Object key, WsSession session) {
			super.unregisterSession(key, session);
			sessionClosed(session);
		}

		private void sessionClosed(WsSession session) {
			synchronized (this.sessions) {
				this.sessions.remove(session);
				this.sessions.notifyAll();
			}
		}

		void awaitSessionsClosed(long deadlineNanos) throws InterruptedException {
			synchronized (this.sessions) {
				long remaining;
				while (!this.sessions.isEmpty() && (remaining = deadlineNanos - System.nanoTime()) > 0) {
					TimeUnit.NANOSECONDS.timedWait(this.sessions, remaining);
				}
			}
		}

		/**
		 * Drops the TCP connection of every session still open or waiting for the peer's
		 * close frame, as Tomcat does when the close handshake times out, and returns
		 * once Tomcat's reads on them are done.
		 * <p>
		 * A peer that never stops sending keeps a read handler running on one of Tomcat's
		 * I/O threads. If the channel group shuts down ({@link #destroy()}, when this is
		 * the last container in the JVM) while that handler is between two reads, its
		 * next read on the closed channel cannot be dispatched and the JDK throws
		 * {@code ShutdownChannelGroupException} on Tomcat's thread. So reading is
		 * suspended first (the handler then stops at its next chunk instead of reading
		 * again), and the handlers get {@link #READ_HANDLER_SETTLE} to return while the
		 * group is still alive.
		 */
		void dropOpenSessions() {
			List<WsSession> open;
			synchronized (this.sessions) {
				open = List.copyOf(this.sessions);
			}
			if (open.isEmpty()) {
				return;
			}
			for (WsSession session : open) {
				session.suspend();
			}
			for (WsSession session : open) {
				session.onClose(new CloseReason(CloseCodes.GOING_AWAY, "client shutdown"));
			}
			try {
				Thread.sleep(READ_HANDLER_SETTLE.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

}
