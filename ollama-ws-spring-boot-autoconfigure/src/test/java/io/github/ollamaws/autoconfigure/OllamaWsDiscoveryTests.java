package io.github.ollamaws.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.github.ollamaws.client.OllamaTemplate;
import io.github.ollamaws.core.GenerateRequest;
import io.github.ollamaws.core.GenerationResult;
import io.github.ollamaws.discovery.DiscoveryGatewaySource;
import io.github.ollamaws.fleet.GatewayEndpoint;
import io.github.ollamaws.fleet.GatewayStatus;
import io.github.ollamaws.testserver.OllamaWsTestServer;
import io.github.ollamaws.testserver.ScriptedModel;
import io.github.ollamaws.testserver.TestKeyPair;
import io.github.ollamaws.testserver.TestKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.client.discovery.composite.CompositeDiscoveryClientAutoConfiguration;
import org.springframework.cloud.client.discovery.simple.InstanceProperties;
import org.springframework.cloud.client.discovery.simple.SimpleDiscoveryClientAutoConfiguration;
import org.springframework.cloud.client.discovery.simple.SimpleDiscoveryProperties;
import org.springframework.cloud.commons.util.UtilAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Gateways found through Spring Cloud's {@code SimpleDiscoveryClient}, as Spring Cloud
 * auto-configures it: instances added and removed at runtime are used and drained.
 */
class OllamaWsDiscoveryTests {

	private static final TestKeyPair KEYS = TestKeys.ec();

	private static final String SERVICE = "ollama-gateway";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(UtilAutoConfiguration.class, SimpleDiscoveryClientAutoConfiguration.class,
						CompositeDiscoveryClientAutoConfiguration.class, OllamaWsAutoConfiguration.class))
		.withPropertyValues("ollama.ws.connect-timeout=2s", "ollama.ws.auth-timeout=2s",
				"ollama.ws.shutdown-timeout=1s", "ollama.ws.reconnect.initial-delay=100ms",
				"ollama.ws.reconnect.max-delay=1s", "ollama.ws.pool.size=1",
				"ollama.ws.discovery.service-id=" + SERVICE, "ollama.ws.discovery.refresh-interval=200ms",
				"ollama.ws.private-key=" + KEYS.privateKeyPem());

	private TestGateways gateways;

	@AfterEach
	void stopGateways() {
		if (this.gateways != null) {
			this.gateways.close();
		}
	}

	@Test
	void instancesAddedAtRuntimeGetRequestsAndRemovedOnesAreDrained() {
		this.gateways = TestGateways.start(3, KEYS);
		this.gateways.server(0).scriptedBackend().model("llama3", "from-0");
		this.gateways.server(1)
			.scriptedBackend()
			.model("llama3", "from-1")
			.model(ScriptedModel.named("slow").tokenCount(20).tokenDelay(Duration.ofMillis(50)));
		this.gateways.server(2).scriptedBackend().model("only-on-2", "added");
		this.contextRunner.withPropertyValues(instanceProperties(0, 0))
			.withPropertyValues(instanceProperties(1, 1))
			.run((context) -> {
				OllamaTemplate template = context.getBean(OllamaTemplate.class);
				SimpleDiscoveryProperties discovery = context.getBean(SimpleDiscoveryProperties.class);
				OllamaWsFleetAutoConfigurationTests.awaitUp(template, 2);

				// Added: used without a restart.
				instances(discovery).add(instance(this.gateways.server(2), this.gateways.client(2).clientId()));
				OllamaWsFleetAutoConfigurationTests.awaitUp(template, 3);
				assertThat(template.generate("only-on-2", "Hi").text()).isEqualTo("added");
				assertThat(this.gateways.server(2).receivedFrames("generate")).hasSize(1);

				// Removed: its generation in flight finishes, it takes nothing new.
				CompletableFuture<GenerationResult> inFlight = template
					.generateAsync(GenerateRequest.builder("Go").model("slow").build());
				await().until(() -> this.gateways.server(1).activeGenerations() == 1);
				instances(discovery).removeIf((instance) -> instance.getPort() == this.gateways.server(1).port());
				await().until(() -> {
					GatewayStatus removed = status(template, 1);
					return removed == null || removed.state() == GatewayStatus.State.DRAINING;
				});
				assertThat(inFlight.join().totalTokens()).isEqualTo(20);
				int receivedBefore = this.gateways.server(1).receivedFrames("generate").size();
				for (int n = 0; n < 10; n++) {
					assertThat(template.generate("llama3", "Hi").text()).isEqualTo("from-0");
				}
				assertThat(this.gateways.server(1).receivedFrames("generate")).hasSize(receivedBefore);
				await().until(() -> status(template, 1) == null && this.gateways.server(1).openConnections() == 0);
			});
	}

	@Test
	void clientIdFromTheDiscoveryPropertyWhenTheMetadataHasNone() {
		this.gateways = TestGateways.start(1, KEYS);
		this.gateways.server(0).scriptedBackend().model("llama3", "shared", " id");
		OllamaWsTestServer server = this.gateways.server(0);
		this.contextRunner
			.withPropertyValues(
					"spring.cloud.discovery.client.simple.instances." + SERVICE + "[0].uri=http://"
							+ server.url().getHost() + ":" + server.port(),
					"ollama.ws.discovery.client-id=" + this.gateways.client(0).clientId())
			.run((context) -> {
				OllamaTemplate template = context.getBean(OllamaTemplate.class);
				OllamaWsFleetAutoConfigurationTests.awaitUp(template, 1);
				assertThat(template.generate("llama3", "Hi").text()).isEqualTo("shared id");
			});
	}

	@Test
	void withoutSpringCloudStartupFailsNamingTheProperty() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(OllamaWsAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(DiscoveryClient.class))
			.withPropertyValues("ollama.ws.discovery.service-id=" + SERVICE,
					"ollama.ws.private-key=" + KEYS.privateKeyPem())
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(new OllamaWsConfigurationFailureAnalyzer().analyze(context.getStartupFailure()))
					.satisfies((analysis) -> {
						assertThat(analysis.getDescription()).contains("'ollama.ws.discovery.service-id'")
							.contains("Spring Cloud Commons");
						assertThat(analysis.getAction()).contains("spring-cloud-commons");
					});
			});
	}

	@Test
	void withoutTheServiceIdThereIsNoDiscovery() {
		this.gateways = TestGateways.start(1, KEYS);
		this.contextRunner.withPropertyValues("ollama.ws.discovery.service-id=")
			.withPropertyValues(this.gateways.server(0).springPropertyValues(this.gateways.client(0)))
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(DiscoveryGatewaySource.class);
				assertThat(context.getBean(OllamaTemplate.class).getUrl()).isEqualTo(this.gateways.server(0).url());
			});
	}

	@Test
	void eachDiscoveryPropertyReachesTheGatewaySource() {
		String instances = "spring.cloud.discovery.client.simple.instances." + SERVICE;
		this.contextRunner
			.withPropertyValues(instances + "[0].uri=http://127.0.0.1:1", instances + "[0].metadata.gateway-id=id-1",
					instances + "[0].metadata.gateway-path=gateway/ws", instances + "[1].uri=http://127.0.0.2:1",
					"ollama.ws.discovery.client-id-metadata-key=gateway-id",
					"ollama.ws.discovery.path-metadata-key=gateway-path", "ollama.ws.discovery.client-id=shared",
					"ollama.ws.discovery.path=/ws")
			.run((context) -> assertThat(context.getBean(DiscoveryGatewaySource.class).gateways()).containsExactly(
					GatewayEndpoint.of("ws://127.0.0.1:1/gateway/ws", "id-1"),
					GatewayEndpoint.of("ws://127.0.0.2:1/ws", "shared")));
	}

	@Test
	void mapsEachInstanceToAWebSocketUrlWithItsClientIdAndPath() {
		DefaultServiceInstance plain = new DefaultServiceInstance("a", SERVICE, "gpu-1", 3000, false,
				Map.of("ollama-ws-client-id", "id-1"));
		DefaultServiceInstance secure = new DefaultServiceInstance("b", SERVICE, "gpu-2", 8443, true,
				Map.of("ollama-ws-client-id", "id-2", "ollama-ws-path", "gateway/ws"));
		DefaultServiceInstance anonymous = new DefaultServiceInstance("c", SERVICE, "gpu-3", 3000, false, Map.of());
		DiscoveryClient client = new FixedDiscoveryClient(List.of(plain, secure, anonymous));
		assertThat(new DiscoveryGatewaySource(client, SERVICE, "ollama-ws-client-id", null, "ollama-ws-path", "")
			.gateways()).containsExactly(GatewayEndpoint.of("ws://gpu-1:3000", "id-1"),
					GatewayEndpoint.of("wss://gpu-2:8443/gateway/ws", "id-2"));
		assertThat(new DiscoveryGatewaySource(client, SERVICE, "ollama-ws-client-id", "shared", "ollama-ws-path", "/ws")
			.gateways()).containsExactly(GatewayEndpoint.of("ws://gpu-1:3000/ws", "id-1"),
					GatewayEndpoint.of("wss://gpu-2:8443/gateway/ws", "id-2"),
					GatewayEndpoint.of("ws://gpu-3:3000/ws", "shared"));
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void instancesThatMakeNoGatewayAreLeftOutWithOneWarningEach(CapturedOutput output) {
		DefaultServiceInstance noPort = new DefaultServiceInstance("d", SERVICE, "gpu-4", 0, false,
				Map.of("ollama-ws-client-id", "id-4"));
		DefaultServiceInstance anonymous = new DefaultServiceInstance("c", SERVICE, "gpu-3", 3000, false, Map.of());
		DefaultServiceInstance badHost = new DefaultServiceInstance("e", SERVICE, "gpu 5", 3000, false,
				Map.of("ollama-ws-client-id", "id-5"));
		DiscoveryGatewaySource source = new DiscoveryGatewaySource(
				new FixedDiscoveryClient(List.of(noPort, anonymous, badHost)), SERVICE, "ollama-ws-client-id", null,
				"ollama-ws-path", "/ws");
		// Port 0 (unknown) is left out of the URL, not written as :0.
		assertThat(source.gateways()).containsExactly(GatewayEndpoint.of("ws://gpu-4/ws", "id-4"));
		assertThat(source.gateways()).hasSize(1);
		assertThat(output).containsOnlyOnce("Not using " + SERVICE + " instance c at gpu-3:3000: it has no client id")
			.containsOnlyOnce("Not using " + SERVICE + " instance e at gpu 5:3000: it makes no WebSocket URL");
		assertThat(source).hasToString("DiscoveryGatewaySource[serviceId=" + SERVICE + "]");
	}

	private String[] instanceProperties(int index, int gateway) {
		OllamaWsTestServer server = this.gateways.server(gateway);
		String prefix = "spring.cloud.discovery.client.simple.instances." + SERVICE + "[" + index + "].";
		return new String[] { prefix + "uri=http://" + server.url().getHost() + ":" + server.port(),
				prefix + "metadata.ollama-ws-client-id=" + this.gateways.client(gateway).clientId() };
	}

	private static InstanceProperties instance(OllamaWsTestServer server, String clientId) {
		InstanceProperties instance = new InstanceProperties();
		instance.setServiceId(SERVICE);
		instance.setUri(URI.create("http://" + server.url().getHost() + ":" + server.port()));
		instance.getMetadata().put("ollama-ws-client-id", clientId);
		return instance;
	}

	private static List<InstanceProperties> instances(SimpleDiscoveryProperties discovery) {
		// Copied into a list of our own, that the test can change.
		return discovery.getInstances().compute(SERVICE, (key, bound) -> new ArrayList<>(bound));
	}

	private GatewayStatus status(OllamaTemplate template, int gateway) {
		int port = this.gateways.server(gateway).port();
		return template.gatewayStatuses()
			.stream()
			.filter((status) -> status.endpoint().url().getPort() == port)
			.findFirst()
			.orElse(null);
	}

	private record FixedDiscoveryClient(List<ServiceInstance> instances) implements DiscoveryClient {

		@Override
		public String description() {
			return "fixed";
		}

		@Override
		public List<ServiceInstance> getInstances(String serviceId) {
			return SERVICE.equals(serviceId) ? this.instances : List.of();
		}

		@Override
		public List<String> getServices() {
			return List.of(SERVICE);
		}

	}

}
