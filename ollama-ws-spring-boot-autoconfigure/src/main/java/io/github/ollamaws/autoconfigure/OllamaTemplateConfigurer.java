package io.github.ollamaws.autoconfigure;

import java.net.URI;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;

import io.github.ollamaws.client.OllamaTemplate;
import io.github.ollamaws.core.GatewayUrls;
import io.github.ollamaws.core.GenerationOptions;
import io.github.ollamaws.core.InvalidRequestException;
import io.github.ollamaws.core.InvalidSettingException;
import io.github.ollamaws.core.OllamaClientObserver;
import io.github.ollamaws.event.OllamaConnectionEvent;
import io.github.ollamaws.fleet.GatewayEndpoint;
import io.github.ollamaws.fleet.GatewaySource;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.SslBundle;

/**
 * Applies the {@code ollama.ws.*} properties, the {@link OllamaWsConnectionDetails}, the
 * event listener, the observer and the {@link OllamaTemplateCustomizer}s to an
 * {@link OllamaTemplate.Builder}. Inject it to build a template of your own that still
 * gets Boot's settings:
 *
 * <pre>{@code
 * &#64;Bean
 * OllamaTemplate ollamaTemplate(OllamaTemplateConfigurer configurer) {
 *     OllamaTemplate.Builder builder = OllamaTemplate.builder();
 *     configurer.configure(builder);
 *     // Built by the configurer, an invalid setting fails startup naming its property.
 *     return configurer.build(builder.pool((pool) -> pool.size(8)));
 * }
 * }</pre>
 */
public class OllamaTemplateConfigurer {

	private static final Pattern INTEGER = Pattern.compile("-?\\d{1,18}");

	private static final Pattern DECIMAL = Pattern.compile("-?\\d+\\.\\d+([eE][-+]?\\d+)?");

	private final OllamaWsProperties properties;

	private final OllamaWsConnectionDetails connectionDetails;

	private final SettingProperties settingProperties;

	private @Nullable Consumer<? super OllamaConnectionEvent> eventListener;

	private OllamaClientObserver observer = OllamaClientObserver.NOOP;

	private List<OllamaTemplateCustomizer> customizers = List.of();

	private @Nullable ThreadFactory threadFactory;

	private @Nullable GatewaySource gatewaySource;

	private @Nullable Duration refreshInterval;

	/**
	 * Creates a configurer.
	 * @param properties the properties to apply
	 * @param connectionDetails where the gateway is and how to authenticate with it
	 */
	public OllamaTemplateConfigurer(OllamaWsProperties properties, OllamaWsConnectionDetails connectionDetails) {
		this.properties = Objects.requireNonNull(properties, "properties must not be null");
		this.connectionDetails = Objects.requireNonNull(connectionDetails, "connectionDetails must not be null");
		this.settingProperties = new SettingProperties(properties);
	}

	/**
	 * Sets what receives the connection lifecycle events, typically the application's
	 * event publisher.
	 * @param eventListener the listener, or {@code null} for the builder's default (none)
	 */
	public void setEventListener(@Nullable Consumer<? super OllamaConnectionEvent> eventListener) {
		this.eventListener = eventListener;
	}

	/**
	 * Sets the observer of generations, pings and slot waits.
	 * @param observer the observer, or {@code null} for none
	 */
	public void setObserver(@Nullable OllamaClientObserver observer) {
		this.observer = (observer != null) ? observer : OllamaClientObserver.NOOP;
	}

	/**
	 * Sets the factory of the client's own threads (virtual threads when Spring Boot's
	 * are on).
	 * @param threadFactory the factory, or {@code null} for the client's default platform
	 * threads
	 */
	public void setThreadFactory(@Nullable ThreadFactory threadFactory) {
		this.threadFactory = threadFactory;
	}

	/**
	 * Sets where the template finds its gateways at runtime, for example a
	 * {@code DiscoveryClient}; the template then spans every gateway the source lists,
	 * each authenticated with the connection details' private key unless the source gives
	 * it a key of its own.
	 * @param gatewaySource the source, or {@code null} for the gateways of the connection
	 * details
	 * @param refreshInterval how often the template polls the source, or {@code null} for
	 * the client's default
	 */
	public void setGatewaySource(@Nullable GatewaySource gatewaySource, Duration refreshInterval) {
		this.gatewaySource = gatewaySource;
		this.refreshInterval = refreshInterval;
	}

	/**
	 * The model of requests that name none, as configured.
	 * @return the model, or {@code null} for the gateway's own default
	 */
	public @Nullable String getDefaultModel() {
		String model = this.properties.getDefaultModel();
		return (model != null && !model.isBlank()) ? model : null;
	}

	/**
	 * Sets the customizers, applied in the given order after everything else.
	 * @param customizers the customizers
	 */
	public void setCustomizers(List<OllamaTemplateCustomizer> customizers) {
		this.customizers = List.copyOf(customizers);
	}

	/**
	 * Configures {@code builder}; the builder can be adjusted further before it builds
	 * the template.
	 * @param builder the builder
	 * @throws OllamaWsConfigurationException if a property is missing or invalid
	 */
	public void configure(OllamaTemplate.Builder builder) {
		OllamaWsProperties properties = this.properties;
		ExclusiveProperties.checkDiscovery(properties);
		String serviceId = properties.getDiscovery().getServiceId();
		if (this.gatewaySource == null && serviceId != null && !serviceId.isBlank()) {
			throw new OllamaWsConfigurationException("ollama.ws.discovery.service-id",
					"Discovery is on but Spring Cloud Commons (DiscoveryClient) is not on the class path.",
					"Add 'org.springframework.cloud:spring-cloud-commons' (or a Spring Cloud discovery starter), or"
							+ " remove 'ollama.ws.discovery.service-id'.");
		}
		List<GatewayEndpoint> gateways = List.of();
		GatewaySource source = this.gatewaySource;
		if (source != null) {
			builder.discovery((discovery) -> discovery.source(source));
			sharedKey(builder);
			Duration interval = this.refreshInterval;
			if (interval != null) {
				builder.discovery((discovery) -> discovery.refreshInterval(interval));
			}
		}
		else {
			gateways = this.connectionDetails.getGateways();
			if (gateways.size() == 1) {
				// One gateway: the template talks to it alone.
				GatewayEndpoint gateway = gateways.get(0);
				builder.url(gateway.url());
				if (gateway.clientId() != null) {
					builder.clientId(gateway.clientId());
				}
				if (gateway.privateKey() != null) {
					builder.privateKey(gateway.privateKey());
				}
				else {
					sharedKey(builder);
				}
			}
			else {
				builder.gateways(gateways);
				// The shared key is only asked for when a gateway has none of its own.
				if (gateways.stream().anyMatch((gateway) -> gateway.privateKey() == null)) {
					sharedKey(builder);
				}
			}
		}
		builder.defaultModel(properties.getDefaultModel())
			.defaultOptions(defaultOptions(properties.getDefaultOptions()))
			.defaultSystem(properties.getDefaultSystem())
			.keepAlive(properties.getKeepAlive())
			.connectTimeout(properties.getConnectTimeout())
			.authTimeout(properties.getAuthTimeout())
			.requestTimeout(properties.getRequestTimeout())
			.idleTimeout(properties.getIdleTimeout())
			.maxMessageSize(properties.getMaxMessageSize().toBytes())
			.sendTimeLimit(properties.getSendTimeLimit())
			.sendBufferSizeLimit(properties.getSendBufferSizeLimit().toBytes())
			.failFast(properties.isFailFast())
			.shutdownTimeout(properties.getShutdownTimeout());
		OllamaWsProperties.Pool pool = properties.getPool();
		builder.pool((settings) -> settings.size(pool.getSize())
			.maxInFlight(pool.getMaxInFlight())
			.acquireTimeout(pool.getAcquireTimeout())
			.waitForConnection(pool.isWaitForConnection())
			.eagerWarmUp(pool.isEagerWarmUp()));
		OllamaWsProperties.Reconnect reconnect = properties.getReconnect();
		builder.reconnect((settings) -> settings.initialDelay(reconnect.getInitialDelay())
			.multiplier(reconnect.getMultiplier())
			.maxDelay(reconnect.getMaxDelay())
			.maxAttempts(reconnect.getMaxAttempts())
			.jitter(reconnect.getJitter()));
		OllamaWsProperties.Heartbeat heartbeat = properties.getHeartbeat();
		builder.heartbeat((settings) -> settings.enabled(heartbeat.isEnabled())
			.interval(heartbeat.getInterval())
			.timeout(heartbeat.getTimeout()));
		builder.retry((settings) -> settings.enabled(properties.getRetry().isEnabled()));
		builder.sslContext(sslContext(gateways));
		if (this.eventListener != null) {
			builder.eventListener(this.eventListener);
		}
		builder.observer(this.observer);
		builder.threadFactory(this.threadFactory);
		this.customizers.forEach((customizer) -> customizer.customize(builder));
	}

	private void sharedKey(OllamaTemplate.Builder builder) {
		PrivateKey key = this.connectionDetails.getPrivateKey();
		if (key != null) {
			builder.privateKey(key);
		}
	}

	private @Nullable SSLContext sslContext(List<GatewayEndpoint> gateways) {
		// Discovered gateways are not known yet: the bundle serves those that are wss://.
		boolean wss = (this.gatewaySource != null) || gateways.stream().anyMatch((gateway) -> isWss(gateway.url()));
		String bundleName = this.properties.getSsl().getBundle();
		// Said before the bundle is looked up: with a plain URL, the URL is the mistake.
		if (!wss && bundleName != null && !bundleName.isBlank()) {
			throw notWss(gateways);
		}
		SslBundle bundle = this.connectionDetails.getSslBundle();
		if (bundle == null) {
			return null;
		}
		if (!wss) {
			throw notWss(gateways);
		}
		return bundle.createSslContext();
	}

	private static boolean isWss(URI url) {
		return "wss".equalsIgnoreCase(url.getScheme());
	}

	private OllamaWsConfigurationException notWss(List<GatewayEndpoint> gateways) {
		if (gateways.size() > 1) {
			return new OllamaWsConfigurationException("ollama.ws.ssl.bundle",
					"An SSL bundle is set but none of the gateways of 'ollama.ws.gateways' is wss://",
					"Set the gateways' wss:// URLs under 'ollama.ws.gateways[n].url', or remove "
							+ "'ollama.ws.ssl.bundle'.");
		}
		String url = (gateways.isEmpty()) ? "(none)" : GatewayUrls.redact(gateways.get(0).url());
		return new OllamaWsConfigurationException("ollama.ws.ssl.bundle",
				"An SSL bundle is set but the gateway URL '" + url + "' is not wss://",
				"Set '" + this.settingProperties.propertyOf("url")
						+ "' to the gateway's wss:// URL, or remove 'ollama.ws.ssl.bundle'.");
	}

	/**
	 * Builds the template that {@code builder} describes, reporting an invalid setting as
	 * the property to fix.
	 * @param builder a builder this configurer configured
	 * @return the template
	 * @throws OllamaWsConfigurationException if a setting is invalid, naming its property
	 */
	public OllamaTemplate build(OllamaTemplate.Builder builder) {
		try {
			return builder.build();
		}
		catch (InvalidSettingException ex) {
			throw this.settingProperties.failure(ex);
		}
	}

	/**
	 * The default model parameters, each checked as
	 * {@link GenerationOptions.Builder#option(String, Object)} checks it: one that Ollama
	 * would ignore or reject fails startup, naming the property.
	 * @param configured the {@code ollama.ws.default-options} map as bound
	 * @return the checked options
	 */
	static GenerationOptions defaultOptions(Map<String, ?> configured) {
		GenerationOptions.Builder builder = GenerationOptions.builder();
		typedOptions(configured).forEach((name, value) -> {
			try {
				builder.option(name, value);
			}
			catch (InvalidRequestException ex) {
				throw new OllamaWsConfigurationException("ollama.ws.default-options." + name, ex.getMessage() + ".",
						defaultOptionAction(name));
			}
		});
		return builder.build();
	}

	private static String defaultOptionAction(String name) {
		return switch (name) {
			case "system" -> "Set 'ollama.ws.default-system' instead of 'ollama.ws.default-options.system'.";
			case "keep_alive" -> "Set 'ollama.ws.keep-alive' instead of 'ollama.ws.default-options.keep_alive'.";
			case "max_tokens" -> "Set 'ollama.ws.default-options.num_predict' instead (Ollama's token limit).";
			case "model" -> "Set 'ollama.ws.default-model' instead of 'ollama.ws.default-options.model'.";
			default -> (GenerationOptions.isRequestField(name))
					? "Remove 'ollama.ws.default-options." + name + "': it is a field of Ollama's request, not a"
							+ " model parameter; set it on each GenerateRequest."
					: "Set 'ollama.ws.default-options." + name + "' to a value of the type Ollama expects.";
		};
	}

	/**
	 * The options with text values that read as numbers or booleans converted to them:
	 * properties files and environment variables bind every value as text, but the
	 * gateway expects {@code "temperature": 0.2}, not {@code "0.2"}.
	 * @param options the options as bound
	 * @return the options with typed values, in the same order
	 */
	static Map<String, Object> typedOptions(Map<String, ?> options) {
		Map<String, Object> typed = new LinkedHashMap<>();
		options.forEach((key, value) -> typed.put(key, typedValue(value)));
		return typed;
	}

	private static @Nullable Object typedValue(@Nullable Object value) {
		if (value instanceof String text) {
			if ("true".equalsIgnoreCase(text) || "false".equalsIgnoreCase(text)) {
				return Boolean.valueOf(text);
			}
			if (INTEGER.matcher(text).matches()) {
				long number = Long.parseLong(text);
				return (number == (int) number) ? (Object) (int) number : (Object) number;
			}
			if (DECIMAL.matcher(text).matches()) {
				return Double.valueOf(text);
			}
			return text;
		}
		if (value instanceof Map<?, ?> map) {
			return typedMapOrList(map);
		}
		if (value instanceof List<?> list) {
			return list.stream().map(OllamaTemplateConfigurer::typedValue).toList();
		}
		return value;
	}

	/**
	 * A nested map, or a list where the binder produced a map keyed {@code 0, 1, 2...}
	 * from indexed properties such as {@code stop[0]}.
	 * @param map the map as bound
	 * @return a list if the keys are {@code 0} to {@code n-1}, else a map; its values
	 * typed
	 */
	private static Object typedMapOrList(Map<?, ?> map) {
		List<Object> list = new ArrayList<>();
		for (int i = 0; i < map.size(); i++) {
			if (!map.containsKey(String.valueOf(i))) {
				Map<String, Object> typed = new LinkedHashMap<>();
				map.forEach((key, value) -> typed.put(String.valueOf(key), typedValue(value)));
				return typed;
			}
			list.add(typedValue(map.get(String.valueOf(i))));
		}
		return list.isEmpty() ? Map.of() : list;
	}

}
