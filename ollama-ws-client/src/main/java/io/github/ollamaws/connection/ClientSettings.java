package io.github.ollamaws.connection;

import java.net.URI;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;

import javax.net.ssl.SSLContext;

import io.github.ollamaws.auth.ChallengeSigner;
import io.github.ollamaws.core.GatewayUrls;
import io.github.ollamaws.core.GenerationOptions;
import io.github.ollamaws.core.InvalidSettingException;
import io.github.ollamaws.core.OllamaClientObserver;
import io.github.ollamaws.event.OllamaConnectionEvent;
import org.jspecify.annotations.Nullable;

import org.springframework.lang.Contract;

/**
 * Everything an {@link io.github.ollamaws.client.OllamaTemplate} was built with, grouped
 * by concern and validated. Internal: applications set these through
 * {@code OllamaTemplate.builder()} or the starter's properties.
 * <p>
 * This is the client's one rule book: each group checks its own settings when it is
 * created, and {@link #forGateway(String, URI, String, PrivateKey)} checks what makes a
 * gateway usable, for the builder's gateway and for every gateway of a fleet, listed or
 * discovered. A broken rule raises an {@link InvalidSettingException} that names the
 * setting by its path (for example {@code pool.size} or {@code gateways[1].url}): the
 * builder's group and method, and the starter's property under its prefix. The builder
 * adds only the rules of how its gateways are given (a URL, a list or a source).
 *
 * @param url the gateway's WebSocket URL (of a fleet: its first gateway's)
 * @param clientId the client id registered with the gateway; {@code null} only in the
 * shared settings of a fleet whose gateways each name their own
 * @param privateKey the private key that signs challenges; {@code null} only in the
 * shared settings of a fleet whose gateways each bring their own
 * @param defaults what requests that set nothing of their own get
 * @param timeouts the limits of connecting, authenticating, requests and shutdown
 * @param messages the limits of frames and of sending
 * @param pool the connections kept per gateway and how requests wait for them
 * @param reconnect the backoff of reconnection
 * @param heartbeat the pings of idle connections
 * @param retry whether a request lost before its first token is sent again
 * @param sslContext the TLS context of {@code wss://} connections, or {@code null} for
 * the JVM's default
 * @param failFast whether start fails when the gateway cannot be reached or rejects the
 * key
 * @param hooks what the application plugs in: threads, event listener, observer
 */
public record ClientSettings(URI url, @Nullable String clientId, @Nullable PrivateKey privateKey, Defaults defaults,
		Timeouts timeouts, Messages messages, Pool pool, Reconnect reconnect, Heartbeat heartbeat, Retry retry,
		@Nullable SSLContext sslContext, boolean failFast, Hooks hooks) {

	/** The smallest {@code max-message-size}: a challenge or a short answer must fit. */
	private static final int MIN_MESSAGE_SIZE = 64 * 1024;

	public ClientSettings {
		Objects.requireNonNull(url, "url must not be null");
		Objects.requireNonNull(defaults, "defaults must not be null");
		Objects.requireNonNull(timeouts, "timeouts must not be null");
		Objects.requireNonNull(messages, "messages must not be null");
		Objects.requireNonNull(pool, "pool must not be null");
		Objects.requireNonNull(reconnect, "reconnect must not be null");
		Objects.requireNonNull(heartbeat, "heartbeat must not be null");
		Objects.requireNonNull(retry, "retry must not be null");
		Objects.requireNonNull(hooks, "hooks must not be null");
	}

	/**
	 * These settings for one gateway, checked to be usable: a WebSocket URL with a host,
	 * a client id and a key the gateway can verify. The one check of a gateway, for the
	 * builder's URL and for each gateway of a fleet, listed or discovered.
	 * @param path the path of the gateway's settings in a failure: {@code ""} for the
	 * builder's own ({@code url}, {@code client-id}, {@code private-key}),
	 * {@code "gateways[1]."} for a listed gateway's
	 * @param url the gateway's WebSocket URL
	 * @param clientId its client id, or {@code null} for these settings' shared one
	 * @param privateKey its key, or {@code null} for these settings' shared one
	 * @return the gateway's settings
	 * @throws InvalidSettingException if the URL, the client id or the key is missing or
	 * invalid
	 * @throws io.github.ollamaws.core.PrivateKeyException if the key cannot sign the
	 * gateway's challenges
	 */
	public ClientSettings forGateway(String path, URI url, @Nullable String clientId, @Nullable PrivateKey privateKey) {
		String scheme = url.getScheme();
		require(path + "url", GatewayUrls.redact(url),
				("ws".equalsIgnoreCase(scheme) || "wss".equalsIgnoreCase(scheme)) && url.getHost() != null,
				"a URL of the form 'ws://host:port' or 'wss://host:port' (for TLS)");
		String id = (clientId != null) ? clientId : this.clientId;
		require(path + "client-id", id, id != null && !id.isBlank(), "set");
		PrivateKey key = (privateKey != null) ? privateKey : this.privateKey;
		require(path + "private-key", "(none)", key != null, "set");
		// Refuses keys the gateway cannot verify (Ed25519, RSA-PSS, ...) now rather than
		// at the first request.
		new ChallengeSigner(key);
		return new ClientSettings(url, id, key, this.defaults, this.timeouts, this.messages, this.pool, this.reconnect,
				this.heartbeat, this.retry, this.sslContext, this.failFast, this.hooks);
	}

	/**
	 * Where a gateway's URL leads, so that two spellings of one gateway are told to be
	 * one: scheme and host in lower case, the default port made explicit, no trailing
	 * slash, no user info or query.
	 * @param url a URL {@link #forGateway(String, URI, String, PrivateKey)} accepted
	 * @return the address
	 */
	public static String address(URI url) {
		String scheme = url.getScheme().toLowerCase(Locale.ROOT);
		int port = (url.getPort() != -1) ? url.getPort() : ("wss".equals(scheme) ? 443 : 80);
		String path = (url.getPath() != null) ? url.getPath().replaceAll("/+$", "") : "";
		return scheme + "://" + url.getHost().toLowerCase(Locale.ROOT) + ":" + port + path;
	}

	/**
	 * These settings with another event listener, as one gateway of a fleet tags its
	 * events.
	 * @param eventListener receives the events of its connections
	 * @return the settings
	 */
	public ClientSettings withEventListener(Consumer<? super OllamaConnectionEvent> eventListener) {
		return new ClientSettings(this.url, this.clientId, this.privateKey, this.defaults, this.timeouts, this.messages,
				this.pool, this.reconnect, this.heartbeat, this.retry, this.sslContext, this.failFast,
				new Hooks(this.hooks.threadFactory(), eventListener, this.hooks.observer()));
	}

	@Override
	public String toString() {
		// Never print the key.
		return "ClientSettings[url=" + GatewayUrls.redact(this.url) + ", clientId=" + this.clientId
				+ ", privateKey=******, pool=" + this.pool + "]";
	}

	/**
	 * Checks one rule.
	 * @param setting the setting's path
	 * @param value its value, never a secret
	 * @param valid whether the rule holds
	 * @param requirement what the value must be
	 * @throws InvalidSettingException if the rule does not hold
	 */
	@Contract("_, _, false, _ -> fail")
	public static void require(String setting, @Nullable Object value, boolean valid, String requirement) {
		if (!valid) {
			throw new InvalidSettingException(setting, value, requirement);
		}
	}

	/**
	 * Checks that a duration is positive.
	 * @param setting the setting's path
	 * @param duration its value
	 * @throws InvalidSettingException if it is missing, zero or negative
	 */
	public static void requirePositive(String setting, @Nullable Duration duration) {
		require(setting, duration, duration != null && !duration.isNegative() && !duration.isZero(),
				"a positive duration");
	}

	static void requireNotNegative(String setting, @Nullable Duration duration) {
		require(setting, duration, duration != null && !duration.isNegative(), "zero or a positive duration");
	}

	/**
	 * What requests that set nothing of their own get.
	 *
	 * @param model the model of requests that name none, or {@code null} for the
	 * gateway's default
	 * @param options Ollama model parameters every request starts from
	 * @param system the system prompt of requests that set none, or {@code null}
	 * @param keepAlive Ollama's keep-alive of requests that set none, or {@code null}
	 */
	public record Defaults(@Nullable String model, GenerationOptions options, @Nullable String system,
			@Nullable Duration keepAlive) {

		public Defaults {
			Objects.requireNonNull(options, "options must not be null");
		}

	}

	/**
	 * The limits of connecting, authenticating, requests and shutdown.
	 *
	 * @param connect limit for opening a WebSocket ({@code connect-timeout})
	 * @param auth limit for the challenge and authentication result
	 * ({@code auth-timeout})
	 * @param request default limit for a whole request ({@code request-timeout})
	 * @param idle limit for the silence between two frames of a stream,
	 * {@link Duration#ZERO} for none ({@code idle-timeout})
	 * @param shutdown how long shutdown lets requests in flight finish before cancelling
	 * them ({@code shutdown-timeout})
	 */
	public record Timeouts(Duration connect, Duration auth, Duration request, Duration idle, Duration shutdown) {

		public Timeouts {
			requirePositive("connect-timeout", connect);
			requirePositive("auth-timeout", auth);
			requirePositive("request-timeout", request);
			requireNotNegative("idle-timeout", idle);
			requireNotNegative("shutdown-timeout", shutdown);
		}

	}

	/**
	 * The limits of frames and of sending.
	 *
	 * @param maxMessageSize the largest text frame accepted or sent, in bytes
	 * @param sendTimeLimit how long one send may take before the connection is deemed
	 * stuck
	 * @param sendBufferSizeLimit how many bytes may queue for sending on one connection
	 * before it is deemed stuck
	 */
	public record Messages(int maxMessageSize, Duration sendTimeLimit, int sendBufferSizeLimit) {

		public Messages {
			checkSizes(maxMessageSize, sendBufferSizeLimit);
			requirePositive("send-time-limit", sendTimeLimit);
		}

		/**
		 * The limits, checked while still in {@code long}s so that a size of 2 GB or more
		 * is refused rather than overflowing.
		 * @param maxMessageSize the largest frame, in bytes
		 * @param sendTimeLimit the limit of one send
		 * @param sendBufferSizeLimit the bytes that may queue, in bytes
		 * @return the limits
		 */
		public static Messages of(long maxMessageSize, Duration sendTimeLimit, long sendBufferSizeLimit) {
			checkSizes(maxMessageSize, sendBufferSizeLimit);
			return new Messages((int) maxMessageSize, sendTimeLimit, (int) sendBufferSizeLimit);
		}

		private static void checkSizes(long maxMessageSize, long sendBufferSizeLimit) {
			require("max-message-size", maxMessageSize,
					maxMessageSize >= MIN_MESSAGE_SIZE && maxMessageSize <= Integer.MAX_VALUE,
					"at least 64KB and less than 2GB");
			require("send-buffer-size-limit", sendBufferSizeLimit,
					sendBufferSizeLimit >= maxMessageSize && sendBufferSizeLimit <= Integer.MAX_VALUE,
					"at least max-message-size (" + maxMessageSize + "B) and less than 2GB");
		}

	}

	/**
	 * The connections kept per gateway and how requests wait for them ({@code pool.*}).
	 *
	 * @param size how many connections to keep
	 * @param maxInFlight how many requests one connection carries at once
	 * @param acquireTimeout how long a request waits for a free slot
	 * @param waitForConnection whether a request issued while no connection is
	 * authenticated waits for one (within the acquire timeout) rather than failing at
	 * once
	 * @param eagerWarmUp whether to open every connection at start rather than on first
	 * use
	 */
	public record Pool(int size, int maxInFlight, Duration acquireTimeout, boolean waitForConnection,
			boolean eagerWarmUp) {

		public Pool {
			require("pool.size", size, size >= 1, "at least 1");
			require("pool.max-in-flight", maxInFlight, maxInFlight >= 1, "at least 1");
			requirePositive("pool.acquire-timeout", acquireTimeout);
		}

	}

	/**
	 * The backoff of reconnection ({@code reconnect.*}).
	 *
	 * @param initialDelay first reconnection delay
	 * @param multiplier factor applied to the delay after each failed attempt
	 * @param maxDelay longest reconnection delay
	 * @param maxAttempts attempts before giving up on a connection until the next
	 * request, or {@code -1} for no limit
	 * @param jitter the random fraction (0 to 1) by which each delay is varied
	 */
	public record Reconnect(Duration initialDelay, double multiplier, Duration maxDelay, int maxAttempts,
			double jitter) {

		public Reconnect {
			requirePositive("reconnect.initial-delay", initialDelay);
			require("reconnect.multiplier", multiplier, multiplier >= 1.0, "at least 1");
			requirePositive("reconnect.max-delay", maxDelay);
			require("reconnect.max-attempts", maxAttempts, maxAttempts == -1 || maxAttempts >= 1,
					"-1 (no limit) or at least 1");
			require("reconnect.jitter", jitter, jitter >= 0 && jitter <= 1, "between 0 and 1");
		}

	}

	/**
	 * The pings of idle connections ({@code heartbeat.*}).
	 *
	 * @param enabled whether idle connections are pinged
	 * @param interval idle time after which a connection is pinged
	 * @param timeout how long a ping waits for its pong, heartbeat or
	 * {@code OllamaTemplate.ping()}
	 */
	public record Heartbeat(boolean enabled, Duration interval, Duration timeout) {

		public Heartbeat {
			if (enabled) {
				requirePositive("heartbeat.interval", interval);
			}
			// Also the limit of ping(): checked whether heartbeats are on or not.
			requirePositive("heartbeat.timeout", timeout);
		}

		/**
		 * The idle time after which a connection is pinged.
		 * @return the interval, {@link Duration#ZERO} when heartbeats are off
		 */
		public Duration pingAfter() {
			return this.enabled ? this.interval : Duration.ZERO;
		}

	}

	/**
	 * Whether a request lost with its connection before its first token is sent again,
	 * once, on another connection ({@code retry.*}).
	 *
	 * @param enabled {@code true} to send it again
	 */
	public record Retry(boolean enabled) {

	}

	/**
	 * What the application plugs in.
	 *
	 * @param threadFactory makes the client's own threads (sending, timers), or
	 * {@code null} for daemon platform threads; either way they are named
	 * {@code ollama-ws-io-*} and {@code ollama-ws-scheduler-*}
	 * @param eventListener receives connection lifecycle events
	 * @param observer watches generations, pings and slot waits
	 */
	public record Hooks(@Nullable ThreadFactory threadFactory, Consumer<? super OllamaConnectionEvent> eventListener,
			OllamaClientObserver observer) {

		public Hooks {
			Objects.requireNonNull(eventListener, "eventListener must not be null");
			Objects.requireNonNull(observer, "observer must not be null");
		}

	}

}
