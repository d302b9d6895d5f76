package io.github.ollamaws.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.ollamaws.core.GatewayUrls;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.DeprecatedConfigurationProperty;
import org.springframework.core.io.Resource;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties of the Ollama WebSocket gateway client ({@code ollama.ws.*}).
 * The defaults are those of {@link io.github.ollamaws.client.OllamaTemplate.Builder}.
 *
 * <pre>{@code
 * ollama:
 *   ws:
 *     url: wss://gateway.example.com
 *     client-id: my-client
 *     private-key: classpath:ollama-client.pem
 * }</pre>
 */
@ConfigurationProperties("ollama.ws")
public class OllamaWsProperties {

	/**
	 * Whether to auto-configure the Ollama WebSocket client.
	 */
	private boolean enabled = true;

	/**
	 * WebSocket URL of the gateway (ws:// or wss://). For several gateways, set
	 * 'gateways' or 'discovery.service-id' instead.
	 */
	private String url = "ws://localhost:3000";

	// Whether 'url' was bound: its default must not count as set beside 'gateways'.
	private boolean urlSet;

	/**
	 * Gateways of a fleet, each with its 'url', its 'client-id' and optionally a
	 * 'private-key' (and 'private-key-password') of its own; one template spreads
	 * requests over them. Replaces 'url' and 'client-id', which must then be unset;
	 * 'private-key' is the key of every gateway that has none of its own.
	 */
	private final List<Gateway> gateways = new ArrayList<>();

	/**
	 * Gateways found through Spring Cloud's DiscoveryClient.
	 */
	private final Discovery discovery = new Discovery();

	/**
	 * Client id the gateway registered the public key under.
	 */
	private @Nullable String clientId;

	/**
	 * Private key (RSA or EC) that signs the gateway's challenges, in PEM (PKCS#8,
	 * PKCS#1, SEC1 or encrypted PKCS#8): the location of a PEM file (for example
	 * 'classpath:ollama-client.pem' or 'file:/etc/ollama/client.pem') or the PEM text
	 * itself, as Spring Boot's PEM SSL bundles take keys.
	 */
	private @Nullable String privateKey;

	/**
	 * Location of the PEM private key.
	 */
	private @Nullable Resource privateKeyLocation;

	/**
	 * Password of an encrypted PKCS#8 private key.
	 */
	private @Nullable String privateKeyPassword;

	/**
	 * Passphrase of an encrypted PKCS#8 private key.
	 */
	private @Nullable String privateKeyPassphrase;

	/**
	 * Model used by requests that name none. Unset for the gateway's own default.
	 */
	private @Nullable String defaultModel;

	/**
	 * Ollama model parameters every request starts from (a request's own options win),
	 * under Ollama's names, for example 'temperature', 'num_predict' (the token limit),
	 * 'top_p' or 'num_ctx'. They reach Ollama inside its 'options' object. Numeric and
	 * boolean text values are sent as numbers and booleans. Request-level fields are not
	 * model parameters: see 'default-system' and 'keep-alive'.
	 */
	private final Map<String, Object> defaultOptions = new LinkedHashMap<>();

	/**
	 * System prompt of requests that set none (Ollama's 'system'). Unset for the model's
	 * own.
	 */
	private @Nullable String defaultSystem;

	/**
	 * How long Ollama keeps a model loaded after a request that sets no keep-alive of its
	 * own (Ollama's 'keep_alive'): 0 unloads it at once, a negative value keeps it
	 * loaded. Unset for Ollama's default (5m).
	 */
	private @Nullable Duration keepAlive;

	/**
	 * Limit for opening a WebSocket connection.
	 */
	private Duration connectTimeout = Duration.ofSeconds(10);

	/**
	 * Limit for receiving the challenge and the authentication result.
	 */
	private Duration authTimeout = Duration.ofSeconds(10);

	/**
	 * Default limit for a whole request.
	 */
	private Duration requestTimeout = Duration.ofMinutes(5);

	/**
	 * Limit for the silence between two frames of a stream; a stream that goes silent
	 * fails and is stopped on the gateway. Zero for no limit.
	 */
	private Duration idleTimeout = Duration.ofMinutes(2);

	/**
	 * Largest text frame accepted or sent, in UTF-8 bytes. A larger request fails with
	 * MessageTooLargeException and is not sent; a larger frame received replaces the
	 * connection. At least 64KB.
	 */
	private DataSize maxMessageSize = DataSize.ofMegabytes(16);

	/**
	 * How long one send may take before the connection is deemed stuck and replaced.
	 */
	private Duration sendTimeLimit = Duration.ofSeconds(10);

	/**
	 * How much data may wait to be sent on one connection before it is deemed stuck and
	 * replaced. At least 'max-message-size'.
	 */
	private DataSize sendBufferSizeLimit = DataSize.ofMegabytes(64);

	/**
	 * Whether startup fails when the gateway cannot be reached or rejects the key. When
	 * false, the application starts and the first request reports the problem.
	 */
	private boolean failFast = false;

	/**
	 * How long shutdown lets requests in flight finish before cancelling them.
	 */
	private Duration shutdownTimeout = Duration.ofSeconds(10);

	/**
	 * Connection pool settings.
	 */
	private final Pool pool = new Pool();

	/**
	 * Reconnection settings.
	 */
	private final Reconnect reconnect = new Reconnect();

	/**
	 * Heartbeat settings.
	 */
	private final Heartbeat heartbeat = new Heartbeat();

	/**
	 * Retry settings.
	 */
	private final Retry retry = new Retry();

	private final Ssl ssl = new Ssl();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getUrl() {
		return this.url;
	}

	public void setUrl(String url) {
		this.url = url;
		this.urlSet = true;
	}

	/**
	 * Whether {@code url} was set, rather than left at its default.
	 * @return whether the URL was set
	 */
	boolean hasExplicitUrl() {
		return this.urlSet;
	}

	public List<Gateway> getGateways() {
		return this.gateways;
	}

	public Discovery getDiscovery() {
		return this.discovery;
	}

	public @Nullable String getClientId() {
		return this.clientId;
	}

	public void setClientId(@Nullable String clientId) {
		this.clientId = clientId;
	}

	public @Nullable String getPrivateKey() {
		return this.privateKey;
	}

	public void setPrivateKey(@Nullable String privateKey) {
		this.privateKey = privateKey;
	}

	@Deprecated(since = "0.2.0", forRemoval = true)
	@DeprecatedConfigurationProperty(replacement = "ollama.ws.private-key", since = "0.2.0",
			reason = "'private-key' takes a location as well as PEM text, as Spring Boot's PEM SSL bundles do")
	public @Nullable Resource getPrivateKeyLocation() {
		return this.privateKeyLocation;
	}

	@Deprecated(since = "0.2.0", forRemoval = true)
	public void setPrivateKeyLocation(@Nullable Resource privateKeyLocation) {
		this.privateKeyLocation = privateKeyLocation;
	}

	public @Nullable String getPrivateKeyPassword() {
		return this.privateKeyPassword;
	}

	public void setPrivateKeyPassword(@Nullable String privateKeyPassword) {
		this.privateKeyPassword = privateKeyPassword;
	}

	@Deprecated(since = "0.2.0", forRemoval = true)
	@DeprecatedConfigurationProperty(replacement = "ollama.ws.private-key-password", since = "0.2.0",
			reason = "Named as in Spring Boot's PEM SSL bundles")
	public @Nullable String getPrivateKeyPassphrase() {
		return this.privateKeyPassphrase;
	}

	@Deprecated(since = "0.2.0", forRemoval = true)
	public void setPrivateKeyPassphrase(@Nullable String privateKeyPassphrase) {
		this.privateKeyPassphrase = privateKeyPassphrase;
	}

	public @Nullable String getDefaultModel() {
		return this.defaultModel;
	}

	public void setDefaultModel(@Nullable String defaultModel) {
		this.defaultModel = defaultModel;
	}

	public Map<String, Object> getDefaultOptions() {
		return this.defaultOptions;
	}

	public @Nullable String getDefaultSystem() {
		return this.defaultSystem;
	}

	public void setDefaultSystem(@Nullable String defaultSystem) {
		this.defaultSystem = defaultSystem;
	}

	public @Nullable Duration getKeepAlive() {
		return this.keepAlive;
	}

	public void setKeepAlive(@Nullable Duration keepAlive) {
		this.keepAlive = keepAlive;
	}

	public Duration getConnectTimeout() {
		return this.connectTimeout;
	}

	public void setConnectTimeout(Duration connectTimeout) {
		this.connectTimeout = connectTimeout;
	}

	public Duration getAuthTimeout() {
		return this.authTimeout;
	}

	public void setAuthTimeout(Duration authTimeout) {
		this.authTimeout = authTimeout;
	}

	public Duration getRequestTimeout() {
		return this.requestTimeout;
	}

	public void setRequestTimeout(Duration requestTimeout) {
		this.requestTimeout = requestTimeout;
	}

	public Duration getIdleTimeout() {
		return this.idleTimeout;
	}

	public void setIdleTimeout(Duration idleTimeout) {
		this.idleTimeout = idleTimeout;
	}

	public DataSize getMaxMessageSize() {
		return this.maxMessageSize;
	}

	public void setMaxMessageSize(DataSize maxMessageSize) {
		this.maxMessageSize = maxMessageSize;
	}

	public Duration getSendTimeLimit() {
		return this.sendTimeLimit;
	}

	public void setSendTimeLimit(Duration sendTimeLimit) {
		this.sendTimeLimit = sendTimeLimit;
	}

	public DataSize getSendBufferSizeLimit() {
		return this.sendBufferSizeLimit;
	}

	public void setSendBufferSizeLimit(DataSize sendBufferSizeLimit) {
		this.sendBufferSizeLimit = sendBufferSizeLimit;
	}

	public boolean isFailFast() {
		return this.failFast;
	}

	public void setFailFast(boolean failFast) {
		this.failFast = failFast;
	}

	public Duration getShutdownTimeout() {
		return this.shutdownTimeout;
	}

	public void setShutdownTimeout(Duration shutdownTimeout) {
		this.shutdownTimeout = shutdownTimeout;
	}

	public Pool getPool() {
		return this.pool;
	}

	public Reconnect getReconnect() {
		return this.reconnect;
	}

	public Heartbeat getHeartbeat() {
		return this.heartbeat;
	}

	public Retry getRetry() {
		return this.retry;
	}

	public Ssl getSsl() {
		return this.ssl;
	}

	@Override
	public String toString() {
		// Secrets are only said to be set, never shown; the URL without credentials.
		return "OllamaWsProperties[url=" + GatewayUrls.redact(this.url) + ", clientId=" + this.clientId
				+ ", privateKey=" + ((this.privateKey != null) ? "******" : null) + ", privateKeyLocation="
				+ this.privateKeyLocation + ", privateKeyPassword="
				+ ((this.privateKeyPassword != null) ? "******" : null) + ", privateKeyPassphrase="
				+ ((this.privateKeyPassphrase != null) ? "******" : null) + ", gateways=" + this.gateways
				+ ", defaultModel=" + this.defaultModel + ", pool.size=" + this.pool.size + "]";
	}

	/**
	 * One gateway of a fleet ({@code ollama.ws.gateways[n].*}).
	 */
	public static class Gateway {

		/**
		 * WebSocket URL of the gateway (ws:// or wss://).
		 */
		private @Nullable String url;

		/**
		 * Client id this gateway registered the public key under (each gateway registers
		 * keys on its own, so ids differ).
		 */
		private @Nullable String clientId;

		/**
		 * Private key for this gateway, in place of 'ollama.ws.private-key': the location
		 * of a PEM file or the PEM text itself.
		 */
		private @Nullable String privateKey;

		/**
		 * Password of this gateway's encrypted PKCS#8 private key. Unset to use
		 * 'ollama.ws.private-key-password'.
		 */
		private @Nullable String privateKeyPassword;

		public @Nullable String getUrl() {
			return this.url;
		}

		public void setUrl(@Nullable String url) {
			this.url = url;
		}

		public @Nullable String getClientId() {
			return this.clientId;
		}

		public void setClientId(@Nullable String clientId) {
			this.clientId = clientId;
		}

		public @Nullable String getPrivateKey() {
			return this.privateKey;
		}

		public void setPrivateKey(@Nullable String privateKey) {
			this.privateKey = privateKey;
		}

		public @Nullable String getPrivateKeyPassword() {
			return this.privateKeyPassword;
		}

		public void setPrivateKeyPassword(@Nullable String privateKeyPassword) {
			this.privateKeyPassword = privateKeyPassword;
		}

		@Override
		public String toString() {
			// Secrets are only said to be set, never shown.
			return "Gateway[url=" + ((this.url != null) ? GatewayUrls.redact(this.url) : null) + ", clientId="
					+ this.clientId + ", privateKey=" + ((this.privateKey != null) ? "******" : null)
					+ ", privateKeyPassword=" + ((this.privateKeyPassword != null) ? "******" : null) + "]";
		}

	}

	/**
	 * Gateways found through Spring Cloud's DiscoveryClient
	 * ({@code ollama.ws.discovery.*}): each instance of the service is a gateway, at
	 * {@code ws://host:port} ({@code wss://} for a secure instance) plus the path from
	 * its metadata or {@code path}.
	 */
	public static class Discovery {

		/**
		 * Service id of the gateways in the DiscoveryClient. Setting it turns discovery
		 * on; 'url', 'client-id' and 'gateways' must then be unset.
		 */
		private @Nullable String serviceId;

		/**
		 * Instance metadata key whose value is the client id the instance registered the
		 * public key under.
		 */
		private String clientIdMetadataKey = "ollama-ws-client-id";

		/**
		 * Client id of every instance whose metadata has none. Unset to require the
		 * metadata: an instance without a client id is not used.
		 */
		private @Nullable String clientId;

		/**
		 * Instance metadata key whose value is the path of the gateway's WebSocket
		 * endpoint, for example '/ws'.
		 */
		private String pathMetadataKey = "ollama-ws-path";

		/**
		 * Path of the WebSocket endpoint of every instance whose metadata has none. Empty
		 * for the root, where the gateway listens.
		 */
		private String path = "";

		/**
		 * How often the instances are read from the DiscoveryClient: new instances get
		 * requests from then on, instances that are gone are drained.
		 */
		private Duration refreshInterval = Duration.ofSeconds(10);

		public @Nullable String getServiceId() {
			return this.serviceId;
		}

		public void setServiceId(@Nullable String serviceId) {
			this.serviceId = serviceId;
		}

		public String getClientIdMetadataKey() {
			return this.clientIdMetadataKey;
		}

		public void setClientIdMetadataKey(String clientIdMetadataKey) {
			this.clientIdMetadataKey = clientIdMetadataKey;
		}

		public @Nullable String getClientId() {
			return this.clientId;
		}

		public void setClientId(@Nullable String clientId) {
			this.clientId = clientId;
		}

		public String getPathMetadataKey() {
			return this.pathMetadataKey;
		}

		public void setPathMetadataKey(String pathMetadataKey) {
			this.pathMetadataKey = pathMetadataKey;
		}

		public String getPath() {
			return this.path;
		}

		public void setPath(String path) {
			this.path = path;
		}

		public Duration getRefreshInterval() {
			return this.refreshInterval;
		}

		public void setRefreshInterval(Duration refreshInterval) {
			this.refreshInterval = refreshInterval;
		}

	}

	/**
	 * Connection pool settings ({@code ollama.ws.pool.*}).
	 */
	public static class Pool {

		/**
		 * Number of authenticated connections to keep; requests are multiplexed over
		 * them.
		 */
		private int size = 2;

		/**
		 * Maximum number of requests one connection carries at once.
		 */
		private int maxInFlight = 256;

		/**
		 * How long a request waits for a free slot when every connection is at its cap.
		 */
		private Duration acquireTimeout = Duration.ofSeconds(30);

		/**
		 * Whether a request issued while no connection to its gateway is authenticated
		 * (the gateway restarting, the network down) waits for one, within
		 * 'acquire-timeout', rather than failing at once with the last connection
		 * failure. On by default, as Lettuce queues commands while it reconnects and a
		 * JDBC pool waits for a connection. A rejected key, an untrusted certificate or a
		 * broken handshake fails requests at once either way; over several gateways, one
		 * that is up serves first.
		 */
		private boolean waitForConnection = true;

		/**
		 * Whether to open every connection when the application starts rather than on
		 * first use.
		 */
		private boolean eagerWarmUp = false;

		public int getSize() {
			return this.size;
		}

		public void setSize(int size) {
			this.size = size;
		}

		public int getMaxInFlight() {
			return this.maxInFlight;
		}

		public void setMaxInFlight(int maxInFlight) {
			this.maxInFlight = maxInFlight;
		}

		public boolean isWaitForConnection() {
			return this.waitForConnection;
		}

		public void setWaitForConnection(boolean waitForConnection) {
			this.waitForConnection = waitForConnection;
		}

		public Duration getAcquireTimeout() {
			return this.acquireTimeout;
		}

		public void setAcquireTimeout(Duration acquireTimeout) {
			this.acquireTimeout = acquireTimeout;
		}

		public boolean isEagerWarmUp() {
			return this.eagerWarmUp;
		}

		public void setEagerWarmUp(boolean eagerWarmUp) {
			this.eagerWarmUp = eagerWarmUp;
		}

	}

	/**
	 * Reconnection backoff settings ({@code ollama.ws.reconnect.*}).
	 */
	public static class Reconnect {

		/**
		 * Delay before the first reconnection attempt.
		 */
		private Duration initialDelay = Duration.ofMillis(500);

		/**
		 * Factor applied to the delay after each failed attempt. At least 1.
		 */
		private double multiplier = 2.0;

		/**
		 * Longest delay between two attempts; a rejected key always waits this long.
		 */
		private Duration maxDelay = Duration.ofSeconds(30);

		/**
		 * Attempts before a connection is given up until the next request. -1 for no
		 * limit.
		 */
		private int maxAttempts = -1;

		/**
		 * Random fraction, from 0 to 1, by which each delay is varied.
		 */
		private double jitter = 0.2;

		public Duration getInitialDelay() {
			return this.initialDelay;
		}

		public void setInitialDelay(Duration initialDelay) {
			this.initialDelay = initialDelay;
		}

		public double getMultiplier() {
			return this.multiplier;
		}

		public void setMultiplier(double multiplier) {
			this.multiplier = multiplier;
		}

		public Duration getMaxDelay() {
			return this.maxDelay;
		}

		public void setMaxDelay(Duration maxDelay) {
			this.maxDelay = maxDelay;
		}

		public int getMaxAttempts() {
			return this.maxAttempts;
		}

		public void setMaxAttempts(int maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

		public double getJitter() {
			return this.jitter;
		}

		public void setJitter(double jitter) {
			this.jitter = jitter;
		}

	}

	/**
	 * Heartbeat settings ({@code ollama.ws.heartbeat.*}).
	 */
	public static class Heartbeat {

		/**
		 * Whether idle connections are pinged, so that a dead or stalled connection is
		 * detected and replaced.
		 */
		private boolean enabled = true;

		/**
		 * Idle time after which a connection is pinged.
		 */
		private Duration interval = Duration.ofSeconds(30);

		/**
		 * How long a heartbeat waits for its pong before the connection is deemed dead.
		 */
		private Duration timeout = Duration.ofSeconds(10);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getInterval() {
			return this.interval;
		}

		public void setInterval(Duration interval) {
			this.interval = interval;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

	}

	/**
	 * Retry settings ({@code ollama.ws.retry.*}).
	 */
	public static class Retry {

		/**
		 * Whether a request lost with its connection before its first token is sent
		 * again, once, on another connection. A request that already delivered tokens is
		 * never retried.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/**
	 * TLS settings of {@code wss://} connections ({@code ollama.ws.ssl.*}).
	 */
	public static class Ssl {

		/**
		 * Name of the SSL bundle ('spring.ssl.bundle.*') whose trust material verifies
		 * the gateway's certificate. Unset for the JVM's default trust store.
		 */
		private @Nullable String bundle;

		public @Nullable String getBundle() {
			return this.bundle;
		}

		public void setBundle(@Nullable String bundle) {
			this.bundle = bundle;
		}

	}

}
