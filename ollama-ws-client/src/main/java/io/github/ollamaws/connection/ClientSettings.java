package io.github.ollamaws.connection;

import java.net.URI;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;

import javax.net.ssl.SSLContext;

import io.github.ollamaws.core.GatewayUrls;
import io.github.ollamaws.core.GenerationOptions;
import io.github.ollamaws.core.OllamaClientObserver;
import io.github.ollamaws.event.OllamaConnectionEvent;
import org.jspecify.annotations.Nullable;

/**
 * Everything an {@link io.github.ollamaws.client.OllamaTemplate} was built with,
 * validated. Internal: applications set these through {@code OllamaTemplate.builder()} or
 * {@code ollama.ws.*} properties.
 *
 * @param url the gateway's WebSocket URL
 * @param clientId the client id registered with the gateway; {@code null} only in the
 * shared settings of a fleet whose gateways each name their own
 * @param privateKey the private key that signs challenges; {@code null} only in the
 * shared settings of a fleet whose gateways each bring their own
 * @param defaultModel the model of requests that name none, or {@code null} for the
 * gateway's default
 * @param defaultOptions Ollama model parameters every request starts from
 * @param defaultSystem the system prompt of requests that set none, or {@code null}
 * @param defaultKeepAlive Ollama's keep-alive of requests that set none, or {@code null}
 * @param connectTimeout limit for opening a WebSocket
 * @param authTimeout limit for the challenge and authentication result
 * @param requestTimeout default limit for a whole request
 * @param idleTimeout limit for the silence between two frames of a stream,
 * {@link Duration#ZERO} for none
 * @param maxMessageSize the largest text frame accepted or sent, in bytes
 * @param sendTimeLimit how long one send may take before the connection is deemed stuck
 * @param sendBufferSizeLimit how many bytes may queue for sending on one connection
 * before it is deemed stuck
 * @param poolSize how many connections to keep
 * @param maxInFlightPerConnection how many requests one connection carries at once
 * @param acquireTimeout how long a request waits for a free slot
 * @param waitForConnection whether a request issued while no connection is authenticated
 * waits for one (within the acquire timeout) rather than failing at once
 * @param eagerWarmUp whether to open every connection at start rather than on first use
 * @param failFast whether start fails when the gateway cannot be reached or rejects the
 * key
 * @param reconnectInitialDelay first reconnection delay
 * @param reconnectMultiplier factor applied to the delay after each failed attempt
 * @param reconnectMaxDelay longest reconnection delay
 * @param reconnectMaxAttempts attempts before giving up on a connection until the next
 * request, or {@code -1} for no limit
 * @param reconnectJitter the random fraction (0 to 1) by which each delay is varied
 * @param heartbeatInterval idle time after which a connection is pinged,
 * {@link Duration#ZERO} for no heartbeat
 * @param heartbeatTimeout how long a heartbeat waits for its pong
 * @param retryBeforeFirstToken whether a request lost with its connection before its
 * first token is sent again once on another connection
 * @param shutdownTimeout how long shutdown lets requests in flight finish before
 * cancelling them
 * @param sslContext the TLS context of {@code wss://} connections, or {@code null} for
 * the JVM's default
 * @param threadFactory makes the client's own threads (sending, timers), or {@code null}
 * for daemon platform threads; either way they are named {@code ollama-ws-io-*} and
 * {@code ollama-ws-scheduler-*}
 * @param eventListener receives connection lifecycle events
 * @param observer watches generations, pings and slot waits
 */
public record ClientSettings(URI url, @Nullable String clientId, @Nullable PrivateKey privateKey,
		@Nullable String defaultModel, GenerationOptions defaultOptions, @Nullable String defaultSystem,
		@Nullable Duration defaultKeepAlive, Duration connectTimeout, Duration authTimeout, Duration requestTimeout,
		Duration idleTimeout, int maxMessageSize, Duration sendTimeLimit, int sendBufferSizeLimit, int poolSize,
		int maxInFlightPerConnection, Duration acquireTimeout, boolean waitForConnection, boolean eagerWarmUp,
		boolean failFast, Duration reconnectInitialDelay, double reconnectMultiplier, Duration reconnectMaxDelay,
		int reconnectMaxAttempts, double reconnectJitter, Duration heartbeatInterval, Duration heartbeatTimeout,
		boolean retryBeforeFirstToken, Duration shutdownTimeout, @Nullable SSLContext sslContext,
		@Nullable ThreadFactory threadFactory, Consumer<? super OllamaConnectionEvent> eventListener,
		OllamaClientObserver observer) {

	/**
	 * These settings for another gateway, as one gateway of a fleet has them.
	 * @param url the gateway's WebSocket URL
	 * @param clientId the client id the gateway knows
	 * @param privateKey the key that signs its challenges
	 * @param eventListener receives the events of its connections
	 * @return the settings
	 */
	public ClientSettings forGateway(URI url, String clientId, PrivateKey privateKey,
			Consumer<? super OllamaConnectionEvent> eventListener) {
		return new ClientSettings(url, clientId, privateKey, this.defaultModel, this.defaultOptions, this.defaultSystem,
				this.defaultKeepAlive, this.connectTimeout, this.authTimeout, this.requestTimeout, this.idleTimeout,
				this.maxMessageSize, this.sendTimeLimit, this.sendBufferSizeLimit, this.poolSize,
				this.maxInFlightPerConnection, this.acquireTimeout, this.waitForConnection, this.eagerWarmUp,
				this.failFast, this.reconnectInitialDelay, this.reconnectMultiplier, this.reconnectMaxDelay,
				this.reconnectMaxAttempts, this.reconnectJitter, this.heartbeatInterval, this.heartbeatTimeout,
				this.retryBeforeFirstToken, this.shutdownTimeout, this.sslContext, this.threadFactory, eventListener,
				this.observer);
	}

	@Override
	public String toString() {
		// Never print the key.
		return "ClientSettings[url=" + GatewayUrls.redact(this.url) + ", clientId=" + this.clientId
				+ ", privateKey=******, poolSize=" + this.poolSize + "]";
	}

}
