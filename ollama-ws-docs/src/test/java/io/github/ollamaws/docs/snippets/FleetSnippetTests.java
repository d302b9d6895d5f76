package io.github.ollamaws.docs.snippets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.ollamaws.client.OllamaTemplate;
import io.github.ollamaws.client.PrivateKeyLoader;
import io.github.ollamaws.fleet.GatewayEndpoint;
import io.github.ollamaws.fleet.GatewayStatus;
import io.github.ollamaws.testserver.OllamaWsTestServer;
import io.github.ollamaws.testserver.ScriptedBackend;
import io.github.ollamaws.testserver.TestClient;
import io.github.ollamaws.testserver.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The snippets {@code fleet-builder} and {@code fleet-source} of docs/fleet.md: one
 * template over two real test gateways, each with a client id (and one with a key) of its
 * own, and over a source it polls.
 */
@ExtendWith(OutputCaptureExtension.class)
class FleetSnippetTests {

	@Test
	void oneTemplateOverTwoGateways(@TempDir Path keys, CapturedOutput output) throws Exception {
		try (OllamaWsTestServer gpu1Gateway = gateway("Blue light", " scatters.");
				OllamaWsTestServer gpu2Gateway = gateway("Blue light", " scatters.")) {
			TestClient client1 = gpu1Gateway.registerNewClient(TestKeys.ec());
			TestClient client2 = gpu2Gateway.registerNewClient(TestKeys.rsa());
			Path keyFile = Files.writeString(keys.resolve("client_key.pem"), client1.privateKeyPem());
			String gpu1 = gpu1Gateway.url().toString();
			String gpu2 = gpu2Gateway.url().toString();
			String gpu1ClientId = client1.clientId();
			String gpu2ClientId = client2.clientId();
			PrivateKey gpu2Key = client2.keys().privateKey();
			// tag::fleet-builder[]
			PrivateKey key = PrivateKeyLoader.load(Files.readString(keyFile), null);
			try (OllamaTemplate ollama = OllamaTemplate.builder()
				.privateKey(key) // the key of gateways that have none of their own
				.gateway(GatewayEndpoint.of(gpu1, gpu1ClientId))
				.gateway(GatewayEndpoint.of(gpu2, gpu2ClientId).withPrivateKey(gpu2Key))
				.build()) {
				System.out.println(ollama.generate("demo", "Why is the sky blue?").text());
				ollama.gatewayStatuses().forEach(System.out::println);
			}
			// end::fleet-builder[]
			assertThat(output).contains("Blue light scatters.").contains(gpu1).contains(gpu2);
			assertThat(gpu1Gateway.generationRequests().size() + gpu2Gateway.generationRequests().size()).isEqualTo(1);
		}
	}

	@Test
	void oneTemplateOverTheGatewaysOfASource() {
		try (OllamaWsTestServer gateway = gateway("Found", " it.")) {
			TestClient client = gateway.registerNewClient(TestKeys.ec());
			ServiceRegistry registry = new ServiceRegistry(GatewayEndpoint.of(gateway.url(), client.clientId()));
			PrivateKey key = client.keys().privateKey();
			// tag::fleet-source[]
			OllamaTemplate ollama = OllamaTemplate.builder()
				.privateKey(key)
				// polled: the gateways are those of the List<GatewayEndpoint> it returns
				.discovery((discovery) -> discovery.source(() -> registry.lookUp("ollama-gateway"))
					.refreshInterval(Duration.ofSeconds(10)))
				.build();
			// end::fleet-source[]
			try (ollama) {
				assertThat(ollama.generate("demo", "Where?").text()).isEqualTo("Found it.");
				assertThat(ollama.gatewayStatuses()).extracting(GatewayStatus::state)
					.containsExactly(GatewayStatus.State.UP);
			}
			assertThat(registry.lookUps).hasPositiveValue();
		}
	}

	private static OllamaWsTestServer gateway(String... tokens) {
		return OllamaWsTestServer.builder()
			.defaultModel("demo")
			.backend(ScriptedBackend.create().model("demo", tokens))
			.start();
	}

	/** A registry of services, as an application may have one. */
	static final class ServiceRegistry {

		private final GatewayEndpoint endpoint;

		private final AtomicInteger lookUps = new AtomicInteger();

		ServiceRegistry(GatewayEndpoint endpoint) {
			this.endpoint = endpoint;
		}

		List<GatewayEndpoint> lookUp(String service) {
			this.lookUps.incrementAndGet();
			return service.equals("ollama-gateway") ? List.of(this.endpoint) : List.of();
		}

	}

}
