package io.github.ollamaws.autoconfigure;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ollamaws.core.OllamaParameter;
import io.github.ollamaws.testserver.TestKeys;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.io.ByteArrayResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link OllamaWsProperties} and the configuration metadata generated from it.
 */
class OllamaWsPropertiesTests {

	@Test
	void toStringNeverShowsSecrets() {
		OllamaWsProperties properties = new OllamaWsProperties();
		properties.setClientId("test-client");
		properties.setPrivateKey(TestKeys.rsa().privateKeyPem());
		properties.setPrivateKeyPassphrase("s3cret-passphrase");
		properties.setPrivateKeyLocation(new ByteArrayResource(new byte[0], "key bytes"));
		assertThat(properties.toString()).contains("test-client")
			.contains("privateKey=******")
			.contains("privateKeyPassphrase=******")
			.contains("privateKeyPassword=null")
			.doesNotContain("BEGIN")
			.doesNotContain("s3cret-passphrase");
	}

	@Test
	void toStringNeverShowsTheKeysOfTheGateways() {
		OllamaWsProperties properties = new OllamaWsProperties();
		OllamaWsProperties.Gateway gateway = new OllamaWsProperties.Gateway();
		gateway.setUrl("ws://gpu-1:3000");
		gateway.setClientId("gpu-1-client");
		gateway.setPrivateKey(TestKeys.ec().privateKeyPem());
		gateway.setPrivateKeyPassword("gateway-secret");
		properties.getGateways().add(gateway);
		assertThat(properties.toString()).contains("ws://gpu-1:3000")
			.contains("gpu-1-client")
			.contains("privateKey=******")
			.contains("privateKeyPassword=******]")
			.doesNotContain("BEGIN")
			.doesNotContain("gateway-secret");
	}

	@Test
	void theAutoConfigurationIsOnUnlessTurnedOff() {
		assertThat(bind(Map.of()).isEnabled()).isTrue();
		assertThat(bind(Map.of("ollama.ws.enabled", "false")).isEnabled()).isFalse();
	}

	private static OllamaWsProperties bind(Map<String, String> properties) {
		return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("ollama.ws",
				OllamaWsProperties.class);
	}

	@Test
	void generatedMetadataDescribesEveryPropertyWithItsDefault() throws Exception {
		JsonNode metadata;
		try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			assertThat(in).as("generated metadata on the class path").isNotNull();
			metadata = new ObjectMapper().readTree(in);
		}
		Map<String, JsonNode> properties = streamOf(metadata.get("properties"))
			.collect(Collectors.toMap((property) -> property.get("name").asText(), Function.identity()));
		assertThat(properties.keySet()).contains("ollama.ws.enabled", "ollama.ws.url", "ollama.ws.client-id",
				"ollama.ws.private-key", "ollama.ws.private-key-location", "ollama.ws.private-key-password",
				"ollama.ws.private-key-passphrase", "ollama.ws.default-model", "ollama.ws.default-options",
				"ollama.ws.default-system", "ollama.ws.keep-alive", "ollama.ws.connect-timeout",
				"ollama.ws.auth-timeout", "ollama.ws.request-timeout", "ollama.ws.idle-timeout",
				"ollama.ws.max-message-size", "ollama.ws.send-time-limit", "ollama.ws.send-buffer-size-limit",
				"ollama.ws.fail-fast", "ollama.ws.shutdown-timeout", "ollama.ws.pool.size",
				"ollama.ws.pool.max-in-flight", "ollama.ws.pool.acquire-timeout", "ollama.ws.pool.eager-warm-up",
				"ollama.ws.reconnect.initial-delay", "ollama.ws.reconnect.multiplier", "ollama.ws.reconnect.max-delay",
				"ollama.ws.reconnect.max-attempts", "ollama.ws.reconnect.jitter", "ollama.ws.heartbeat.enabled",
				"ollama.ws.heartbeat.interval", "ollama.ws.heartbeat.timeout", "ollama.ws.retry.enabled",
				"ollama.ws.gateways", "ollama.ws.discovery.service-id", "ollama.ws.discovery.client-id-metadata-key",
				"ollama.ws.discovery.client-id", "ollama.ws.discovery.path-metadata-key", "ollama.ws.discovery.path",
				"ollama.ws.discovery.refresh-interval");
		properties
			.forEach((name, property) -> assertThat(property.path("description").asText()).as("description of %s", name)
				.isNotBlank());
		Map<String, String> defaults = properties.entrySet()
			.stream()
			.filter((entry) -> entry.getValue().has("defaultValue"))
			.collect(Collectors.toMap(Map.Entry::getKey, (entry) -> entry.getValue().get("defaultValue").asText()));
		assertThat(defaults).containsAllEntriesOf(Map.ofEntries(Map.entry("ollama.ws.enabled", "true"),
				Map.entry("ollama.ws.url", "ws://localhost:3000"), Map.entry("ollama.ws.connect-timeout", "10s"),
				Map.entry("ollama.ws.auth-timeout", "10s"), Map.entry("ollama.ws.request-timeout", "5m"),
				Map.entry("ollama.ws.idle-timeout", "2m"), Map.entry("ollama.ws.max-message-size", "16MB"),
				Map.entry("ollama.ws.send-time-limit", "10s"), Map.entry("ollama.ws.send-buffer-size-limit", "64MB"),
				Map.entry("ollama.ws.fail-fast", "false"), Map.entry("ollama.ws.shutdown-timeout", "10s"),
				Map.entry("ollama.ws.pool.size", "2"), Map.entry("ollama.ws.pool.max-in-flight", "256"),
				Map.entry("ollama.ws.pool.acquire-timeout", "30s"), Map.entry("ollama.ws.pool.eager-warm-up", "false"),
				Map.entry("ollama.ws.reconnect.initial-delay", "500ms"),
				Map.entry("ollama.ws.reconnect.multiplier", "2"), Map.entry("ollama.ws.reconnect.max-delay", "30s"),
				Map.entry("ollama.ws.reconnect.max-attempts", "-1"), Map.entry("ollama.ws.reconnect.jitter", "0.2"),
				Map.entry("ollama.ws.heartbeat.enabled", "true"), Map.entry("ollama.ws.heartbeat.interval", "30s"),
				Map.entry("ollama.ws.heartbeat.timeout", "10s"), Map.entry("ollama.ws.retry.enabled", "true"),
				Map.entry("ollama.ws.discovery.client-id-metadata-key", "ollama-ws-client-id"),
				Map.entry("ollama.ws.discovery.path-metadata-key", "ollama-ws-path"),
				Map.entry("ollama.ws.discovery.refresh-interval", "10s")));
		List<String> hinted = streamOf(metadata.get("hints")).map((hint) -> hint.get("name").asText()).toList();
		assertThat(hinted).contains("ollama.ws.default-model", "ollama.ws.default-options.keys");
	}

	@Test
	void oldKeyPropertiesAreDeprecatedWithTheirReplacementAndTheDefaultModelHasNoDefault() throws Exception {
		JsonNode metadata;
		try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			metadata = new ObjectMapper().readTree(in);
		}
		Map<String, JsonNode> properties = streamOf(metadata.get("properties"))
			.collect(Collectors.toMap((property) -> property.get("name").asText(), Function.identity()));
		assertThat(properties.get("ollama.ws.private-key-location").path("deprecation").path("replacement").asText())
			.isEqualTo("ollama.ws.private-key");
		assertThat(properties.get("ollama.ws.private-key-passphrase").path("deprecation").path("replacement").asText())
			.isEqualTo("ollama.ws.private-key-password");
		assertThat(properties.get("ollama.ws.private-key").has("deprecation")).isFalse();
		assertThat(properties.get("ollama.ws.default-model").has("defaultValue")).isFalse();
	}

	@Test
	void defaultOptionHintsAreOllamasParameterNames() throws Exception {
		JsonNode metadata;
		try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			metadata = new ObjectMapper().readTree(in);
		}
		JsonNode hint = streamOf(metadata.get("hints"))
			.filter((candidate) -> candidate.get("name").asText().equals("ollama.ws.default-options.keys"))
			.findFirst()
			.orElseThrow();
		List<String> hinted = streamOf(hint.get("values")).map((value) -> value.get("value").asText()).toList();
		assertThat(hinted).containsExactlyElementsOf(
				java.util.Arrays.stream(OllamaParameter.values()).map(OllamaParameter::jsonName).toList());
	}

	private static java.util.stream.Stream<JsonNode> streamOf(JsonNode array) {
		assertThat(array).isNotNull();
		return java.util.stream.StreamSupport.stream(array.spliterator(), false);
	}

}
