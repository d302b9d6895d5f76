package io.github.ollamaws.discovery;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.github.ollamaws.fleet.GatewayEndpoint;
import io.github.ollamaws.fleet.GatewaySource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.util.StringUtils;

/**
 * The gateways of a fleet as the instances of one service of a Spring Cloud
 * {@link DiscoveryClient} (Kubernetes, Consul, Eureka, or the
 * {@code SimpleDiscoveryClient} of {@code spring.cloud.discovery.client.simple.*}). The
 * template polls it at its refresh interval, so instances that appear are used and
 * instances that are gone are drained without a restart.
 *
 * <p>
 * Each instance is a gateway at {@code ws://host:port} ({@code wss://} when the instance
 * is secure) followed by the path in its metadata under the path key (else the default
 * path), authenticated with the client id in its metadata under the client id key (else
 * the default client id). An instance without a client id, or whose address makes no URL,
 * is left out, with a warning logged once per instance.
 */
public class DiscoveryGatewaySource implements GatewaySource {

	/** The default metadata key of an instance's client id. */
	public static final String DEFAULT_CLIENT_ID_METADATA_KEY = "ollama-ws-client-id";

	/** The default metadata key of the path of an instance's WebSocket endpoint. */
	public static final String DEFAULT_PATH_METADATA_KEY = "ollama-ws-path";

	private static final Log logger = LogFactory.getLog(DiscoveryGatewaySource.class);

	private final DiscoveryClient discoveryClient;

	private final String serviceId;

	private final String clientIdMetadataKey;

	private final @Nullable String defaultClientId;

	private final String pathMetadataKey;

	private final String defaultPath;

	private final Set<String> warned = ConcurrentHashMap.newKeySet();

	/**
	 * Creates a source of the instances of {@code serviceId}.
	 * @param discoveryClient the discovery client
	 * @param serviceId the gateways' service id
	 * @param clientIdMetadataKey the metadata key of an instance's client id
	 * @param defaultClientId the client id of instances whose metadata has none, or
	 * {@code null} to leave them out
	 * @param pathMetadataKey the metadata key of the path of an instance's WebSocket
	 * endpoint
	 * @param defaultPath the path of instances whose metadata has none, or {@code null}
	 * for the root
	 */
	public DiscoveryGatewaySource(DiscoveryClient discoveryClient, String serviceId, String clientIdMetadataKey,
			@Nullable String defaultClientId, String pathMetadataKey, @Nullable String defaultPath) {
		this.discoveryClient = Objects.requireNonNull(discoveryClient, "discoveryClient must not be null");
		this.serviceId = Objects.requireNonNull(serviceId, "serviceId must not be null");
		this.clientIdMetadataKey = Objects.requireNonNull(clientIdMetadataKey, "clientIdMetadataKey must not be null");
		this.defaultClientId = StringUtils.hasText(defaultClientId) ? defaultClientId : null;
		this.pathMetadataKey = Objects.requireNonNull(pathMetadataKey, "pathMetadataKey must not be null");
		this.defaultPath = (defaultPath != null) ? defaultPath : "";
	}

	@Override
	public List<GatewayEndpoint> gateways() {
		List<GatewayEndpoint> gateways = new ArrayList<>();
		for (ServiceInstance instance : this.discoveryClient.getInstances(this.serviceId)) {
			GatewayEndpoint gateway = gateway(instance);
			if (gateway != null) {
				gateways.add(gateway);
			}
		}
		return gateways;
	}

	/**
	 * The gateway an instance stands for.
	 * @param instance the instance
	 * @return the gateway, or {@code null} if the instance has no client id or its
	 * address makes no URL
	 */
	protected @Nullable GatewayEndpoint gateway(ServiceInstance instance) {
		Map<String, String> metadata = (instance.getMetadata() != null) ? instance.getMetadata() : Map.of();
		String clientId = metadata.get(this.clientIdMetadataKey);
		if (!StringUtils.hasText(clientId)) {
			clientId = this.defaultClientId;
		}
		if (clientId == null) {
			warnOnce(instance, "has no client id: set its metadata '" + this.clientIdMetadataKey
					+ "' or 'ollama.ws.discovery.client-id'");
			return null;
		}
		String path = metadata.getOrDefault(this.pathMetadataKey, this.defaultPath);
		try {
			return GatewayEndpoint.of(url(instance, path), clientId.strip());
		}
		catch (URISyntaxException ex) {
			warnOnce(instance, "makes no WebSocket URL (" + ex.getMessage() + ")");
			return null;
		}
	}

	private static URI url(ServiceInstance instance, String path) throws URISyntaxException {
		String scheme = instance.isSecure() ? "wss" : "ws";
		int port = (instance.getPort() > 0) ? instance.getPort() : -1;
		String normalizedPath = (path.isEmpty() || path.startsWith("/")) ? path : "/" + path;
		return new URI(scheme, null, instance.getHost(), port, normalizedPath, null, null);
	}

	private void warnOnce(ServiceInstance instance, String problem) {
		String name = this.serviceId + " instance " + instance.getInstanceId() + " at " + instance.getHost() + ":"
				+ instance.getPort();
		if (this.warned.add(name + problem) && logger.isWarnEnabled()) {
			logger.warn("Not using " + name + ": it " + problem);
		}
	}

	@Override
	public String toString() {
		return "DiscoveryGatewaySource[serviceId=" + this.serviceId + "]";
	}

}
