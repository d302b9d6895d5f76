package io.github.ollamaws.autoconfigure;

import org.springframework.util.StringUtils;

/**
 * The three ways to name the gateways exclude each other: {@code ollama.ws.url} and
 * {@code client-id} (one gateway), {@code ollama.ws.gateways} (a list), and
 * {@code ollama.ws.discovery.service-id}. A configuration that mixes them fails, naming
 * the property to remove. Only the starter can tell: the client is given one of them,
 * never the properties.
 */
final class ExclusiveProperties {

	private static final String URL = "ollama.ws.url";

	private static final String CLIENT_ID = "ollama.ws.client-id";

	private static final String GATEWAYS = "ollama.ws.gateways";

	private static final String DISCOVERY_SERVICE_ID = "ollama.ws.discovery.service-id";

	private ExclusiveProperties() {
	}

	/**
	 * Checks that {@code ollama.ws.gateways}, when set, is alone.
	 * @param properties the properties
	 * @throws OllamaWsConfigurationException naming the property to remove
	 */
	static void checkGateways(OllamaWsProperties properties) {
		if (properties.getGateways().isEmpty()) {
			return;
		}
		if (properties.hasExplicitUrl()) {
			throw new OllamaWsConfigurationException(URL, "Both '" + URL + "' and '" + GATEWAYS + "' are set.",
					"Remove '" + URL + "' and give each gateway its URL under '" + GATEWAYS + "[n].url', or remove '"
							+ GATEWAYS + "' for a single gateway.");
		}
		if (StringUtils.hasText(properties.getClientId())) {
			throw new OllamaWsConfigurationException(CLIENT_ID,
					"Both '" + CLIENT_ID + "' and '" + GATEWAYS + "' are set.",
					"Remove '" + CLIENT_ID + "': each gateway registers keys on its own, so each has its client id"
							+ " under '" + GATEWAYS + "[n].client-id'.");
		}
	}

	/**
	 * Checks that discovery ({@code ollama.ws.discovery.service-id}), when on, is alone.
	 * @param properties the properties
	 * @throws OllamaWsConfigurationException naming the property to remove
	 */
	static void checkDiscovery(OllamaWsProperties properties) {
		if (!StringUtils.hasText(properties.getDiscovery().getServiceId())) {
			return;
		}
		if (properties.hasExplicitUrl()) {
			throw discoveryMixedWith(URL);
		}
		if (StringUtils.hasText(properties.getClientId())) {
			throw new OllamaWsConfigurationException(CLIENT_ID,
					"Both '" + CLIENT_ID + "' and '" + DISCOVERY_SERVICE_ID + "' are set.",
					"Remove '" + CLIENT_ID + "': discovered gateways take their client id from the instance's"
							+ " metadata or from 'ollama.ws.discovery.client-id'.");
		}
		if (!properties.getGateways().isEmpty()) {
			throw discoveryMixedWith(GATEWAYS);
		}
	}

	private static OllamaWsConfigurationException discoveryMixedWith(String property) {
		return new OllamaWsConfigurationException(property,
				"Both '" + property + "' and '" + DISCOVERY_SERVICE_ID + "' are set.",
				"Remove '" + property + "' to find the gateways through discovery, or remove '" + DISCOVERY_SERVICE_ID
						+ "' to use the configured gateway.");
	}

}
