package io.github.ollamaws.autoconfigure;

import java.util.List;
import java.util.Map;

import io.github.ollamaws.core.InvalidSettingException;

import org.springframework.util.StringUtils;

/**
 * The property behind each setting of the client, so that a setting the client's rules
 * refuse ({@link InvalidSettingException}, named by its path) fails startup naming the
 * property to fix.
 */
final class SettingProperties {

	private static final String PREFIX = "ollama.ws.";

	private static final String ONE_LISTED_GATEWAY = PREFIX + "gateways[0].";

	// A gateway setting that is missing: what it is called, and what to set it to.
	private static final Map<String, List<String>> GATEWAY_SETTINGS = Map.of("client-id",
			List.of("No client id is set.", "the client id the gateway registered your public key under"),
			"private-key", List.of("No private key is set.", "the location of your PEM private key (for example "
					+ "'file:/etc/ollama/client.pem') or to the PEM text"));

	private final OllamaWsProperties properties;

	SettingProperties(OllamaWsProperties properties) {
		this.properties = properties;
	}

	/**
	 * The property that holds a setting: {@code ollama.ws.} and the setting's path,
	 * except that the one gateway of a one-entry {@code ollama.ws.gateways}, which the
	 * template takes as its only gateway (its {@code url}, {@code client-id} and
	 * {@code private-key}), is {@code ollama.ws.gateways[0]}.
	 * @param setting the setting's path, as {@link InvalidSettingException#setting()}
	 * @return the property's full name
	 */
	String propertyOf(String setting) {
		List<OllamaWsProperties.Gateway> listed = this.properties.getGateways();
		if (listed.size() == 1 && (setting.equals("url") || setting.equals("client-id")
				|| (setting.equals("private-key") && StringUtils.hasText(listed.get(0).getPrivateKey())))) {
			return ONE_LISTED_GATEWAY + setting;
		}
		return PREFIX + setting;
	}

	/**
	 * The startup failure of a setting the client refused, naming its property.
	 * @param ex the client's failure
	 * @return the failure to throw
	 */
	OllamaWsConfigurationException failure(InvalidSettingException ex) {
		String property = propertyOf(ex.setting());
		String leaf = ex.setting().substring(ex.setting().lastIndexOf('.') + 1);
		List<String> gatewaySetting = GATEWAY_SETTINGS.get(leaf);
		Object value = ex.value();
		boolean missing = value == null || "(none)".equals(value) || !StringUtils.hasText(value.toString());
		if (!missing || gatewaySetting == null) {
			return new OllamaWsConfigurationException(property,
					"The value '" + value + "' is invalid: it must be " + ex.requirement() + ".",
					"Set '" + property + "' to " + ex.requirement() + ".", ex);
		}
		String description = gatewaySetting.get(0);
		String action = "Set '" + property + "' to " + gatewaySetting.get(1) + ".";
		if (leaf.equals("private-key") && ex.setting().startsWith("gateways[")) {
			action = "Set '" + PREFIX + "private-key' to the key of every gateway, or '" + property
					+ "' to this gateway's.";
		}
		return new OllamaWsConfigurationException(property, description, action, ex);
	}

}
