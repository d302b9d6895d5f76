package io.github.ollamaws.docs.snippets;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;

import io.github.ollamaws.autoconfigure.OllamaWsProperties;
import io.github.ollamaws.autoconfigure.OllamaWsProperties.Gateway;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.cloud.client.discovery.simple.InstanceProperties;
import org.springframework.cloud.client.discovery.simple.SimpleDiscoveryProperties;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The YAML snippets {@code fleet-static}, {@code fleet-discovery} and
 * {@code fleet-simple-discovery} of docs/fleet.md (in {@code resources/snippets/}), bound
 * as Spring Boot binds them.
 */
class FleetPropertiesSnippetTests {

	@Test
	void theStaticListBindsToThreeGateways() throws IOException {
		OllamaWsProperties properties = binder("fleet-static.yml").bind("ollama.ws", OllamaWsProperties.class).get();
		assertThat(properties.getPrivateKey()).isEqualTo("file:/etc/ollama-ws/client_key.pem");
		assertThat(properties.getDefaultModel()).isEqualTo("demo");
		assertThat(properties.getGateways()).extracting(Gateway::getUrl)
			.containsExactly("ws://gpu-1.example.com:3000", "ws://gpu-2.example.com:3000", "wss://gpu-3.example.com");
		assertThat(properties.getGateways()).extracting(Gateway::getClientId)
			.containsExactly("3f1c9a2e-...", "77b0d4c1-...", "c01a5e93-...");
		assertThat(properties.getGateways()).extracting(Gateway::getPrivateKey)
			.containsExactly(null, null, "file:/etc/ollama-ws/gpu3_key.pem");
	}

	@Test
	void theDiscoveryNamesTheService() throws IOException {
		OllamaWsProperties properties = binder("fleet-discovery.yml").bind("ollama.ws", OllamaWsProperties.class).get();
		assertThat(properties.getDiscovery().getServiceId()).isEqualTo("ollama-gateway");
		assertThat(properties.getDiscovery().getRefreshInterval()).isEqualTo(Duration.ofSeconds(10));
		assertThat(properties.getDiscovery().getClientIdMetadataKey()).isEqualTo("ollama-ws-client-id");
		assertThat(properties.getGateways()).isEmpty();
	}

	@Test
	void theSimpleDiscoveryListsTwoInstancesWithTheirClientIds() throws IOException {
		SimpleDiscoveryProperties discovery = binder("fleet-simple-discovery.yml")
			.bind("spring.cloud.discovery.client.simple", SimpleDiscoveryProperties.class)
			.get();
		List<InstanceProperties> instances = discovery.getInstances().get("ollama-gateway");
		assertThat(instances).extracting(InstanceProperties::getUri)
			.containsExactly(URI.create("http://gpu-1.example.com:3000"), URI.create("https://gpu-2.example.com:443"));
		assertThat(instances).extracting((instance) -> instance.getMetadata().get("ollama-ws-client-id"))
			.containsExactly("3f1c9a2e-...", "77b0d4c1-...");
		assertThat(instances.get(1).isSecure()).isTrue();
	}

	private static Binder binder(String snippet) throws IOException {
		List<PropertySource<?>> sources = new YamlPropertySourceLoader().load(snippet,
				new ClassPathResource("snippets/" + snippet));
		return new Binder(ConfigurationPropertySources.from(sources));
	}

}
