package io.github.ollamaws.autoconfigure;

import java.security.PrivateKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.github.ollamaws.client.OllamaTemplate;
import io.github.ollamaws.core.GenerateRequest;
import io.github.ollamaws.core.GenerationResult;
import io.github.ollamaws.fleet.GatewayEndpoint;
import io.github.ollamaws.fleet.GatewaySource;
import io.github.ollamaws.fleet.GatewayStatus;
import io.github.ollamaws.testserver.ScriptedModel;
import io.github.ollamaws.testserver.TestKeyPair;
import io.github.ollamaws.testserver.TestKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One auto-configured template over the gateways of {@code ollama.ws.gateways}, real
 * loopback test gateways with real keys.
 */
class OllamaWsFleetAutoConfigurationTests {

	private static final TestKeyPair KEYS = TestKeys.ec();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OllamaWsAutoConfiguration.class))
		.withPropertyValues("ollama.ws.connect-timeout=2s", "ollama.ws.auth-timeout=2s",
				"ollama.ws.shutdown-timeout=1s", "ollama.ws.reconnect.initial-delay=100ms",
				"ollama.ws.reconnect.max-delay=1s", "ollama.ws.pool.size=1");

	private TestGateways gateways;

	@AfterEach
	void stopGateways() {
		if (this.gateways != null) {
			this.gateways.close();
		}
	}

	@Test
	void requestsReachEveryGatewayOfTheList() {
		this.gateways = TestGateways.start(3, KEYS);
		for (int i = 0; i < 3; i++) {
			// Slow enough that requests overlap and the least loaded gateway changes.
			this.gateways.server(i)
				.scriptedBackend()
				.model(ScriptedModel.named("llama3")
					.tokens("gateway-", String.valueOf(i))
					.tokenDelay(Duration.ofMillis(20)));
		}
		this.contextRunner.withPropertyValues(this.gateways.propertyValues())
			.withPropertyValues("ollama.ws.default-model=llama3")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				OllamaTemplate template = context.getBean(OllamaTemplate.class);
				awaitUp(template, 3);
				List<CompletableFuture<GenerationResult>> futures = IntStream.range(0, 60)
					.mapToObj((n) -> template.generateAsync(GenerateRequest.of("prompt " + n)))
					.toList();
				Map<String, Long> byText = futures.stream()
					.map(CompletableFuture::join)
					.collect(Collectors.groupingBy(GenerationResult::text, Collectors.counting()));
				for (int i = 0; i < 3; i++) {
					// What each gateway answered is what it received.
					int received = this.gateways.server(i).receivedFrames("generate").size();
					assertThat(received).as("requests received by gateway %d", i).isPositive();
					assertThat(byText.getOrDefault("gateway-" + i, 0L)).isEqualTo(received);
				}
				assertThat(byText.keySet()).containsOnly("gateway-0", "gateway-1", "gateway-2");
			});
	}

	@Test
	void aGatewayWithAKeyOfItsOwn() {
		this.gateways = TestGateways.start(1, KEYS);
		TestKeyPair otherKeys = TestKeys.rsa();
		TestGateways other = TestGateways.start(1, otherKeys);
		try {
			this.gateways.server(0).scriptedBackend().model("llama3", "shared");
			other.server(0).scriptedBackend().model("mistral", "own", " key");
			this.contextRunner.withPropertyValues(this.gateways.propertyValues())
				.withPropertyValues("ollama.ws.gateways[1].url=" + other.server(0).url(),
						"ollama.ws.gateways[1].client-id=" + other.client(0).clientId(),
						"ollama.ws.gateways[1].private-key=" + otherKeys.privateKeyPem())
				.run((context) -> {
					OllamaTemplate template = context.getBean(OllamaTemplate.class);
					awaitUp(template, 2);
					// Only the second gateway serves it, and it accepts only its own key.
					assertThat(template.generate("mistral", "Hi").text()).isEqualTo("own key");
					assertThat(template.generate("llama3", "Hi").text()).isEqualTo("shared");
					assertThat(other.server(0).receivedFrames("generate")).hasSize(1);
				});
		}
		finally {
			other.close();
		}
	}

	@Test
	void oneGatewayPropertiesStillMakeASingleGatewayTemplate() {
		this.gateways = TestGateways.start(1, KEYS);
		this.gateways.server(0).scriptedBackend().model("llama3", "one");
		this.contextRunner.withPropertyValues(this.gateways.server(0).springPropertyValues(this.gateways.client(0)))
			.run((context) -> {
				OllamaTemplate template = context.getBean(OllamaTemplate.class);
				assertThat(template.getUrl()).isEqualTo(this.gateways.server(0).url());
				assertThat(template.generate("llama3", "Hi").text()).isEqualTo("one");
				assertThat(template.gatewayStatuses()).singleElement()
					.extracting((status) -> status.endpoint().url())
					.isEqualTo(this.gateways.server(0).url());
			});
	}

	@Test
	void aListOfOneGatewayIsTheTemplatesOnlyGateway() {
		this.gateways = TestGateways.start(1, KEYS);
		this.gateways.server(0).scriptedBackend().model("llama3", "one");
		this.contextRunner.withPropertyValues(this.gateways.propertyValues()).run((context) -> {
			OllamaTemplate template = context.getBean(OllamaTemplate.class);
			// Its own client id, as a template over one gateway has.
			assertThat(template.getClientId()).isEqualTo(this.gateways.client(0).clientId());
			assertThat(template.generate("llama3", "Hi").text()).isEqualTo("one");
		});
	}

	@Test
	void failFastFailsStartupOnlyWhenNoGatewayCanBeReached() {
		this.gateways = TestGateways.start(2, KEYS);
		this.gateways.server(1).stop();
		this.contextRunner.withPropertyValues(this.gateways.propertyValues())
			.withPropertyValues("ollama.ws.fail-fast=true")
			.run((context) -> assertThat(context).hasNotFailed());
		this.gateways.server(0).stop();
		this.contextRunner.withPropertyValues(this.gateways.propertyValues())
			.withPropertyValues("ollama.ws.fail-fast=true")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new OllamaWsFailFastFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getAction()).contains("'ollama.ws.gateways[n]'").contains("'ollama.ws.fail-fast'");
			});
	}

	@Test
	void connectionDetailsThatListGateways() {
		this.gateways = TestGateways.start(2, KEYS);
		this.gateways.server(0).scriptedBackend().model("llama3", "zero");
		this.gateways.server(1).scriptedBackend().model("mistral", "one");
		OllamaWsConnectionDetails details = new OllamaWsConnectionDetails() {

			@Override
			public List<GatewayEndpoint> getGateways() {
				return List.of(endpoint(0), endpoint(1));
			}

			@Override
			public PrivateKey getPrivateKey() {
				return KEYS.privateKey();
			}

		};
		this.contextRunner.withBean(OllamaWsConnectionDetails.class, () -> details).run((context) -> {
			OllamaTemplate template = context.getBean(OllamaTemplate.class);
			awaitUp(template, 2);
			assertThat(template.generate("mistral", "Hi").text()).isEqualTo("one");
			assertThat(template.generate("llama3", "Hi").text()).isEqualTo("zero");
		});
	}

	@Test
	void aGatewaySourceBean() {
		this.gateways = TestGateways.start(2, KEYS);
		this.gateways.server(0).scriptedBackend().model("llama3", "zero");
		this.gateways.server(1).scriptedBackend().model("mistral", "one");
		List<GatewayEndpoint> listed = new CopyOnWriteArrayList<>(List.of(endpoint(0)));
		this.contextRunner
			.withPropertyValues("ollama.ws.private-key=" + KEYS.privateKeyPem(),
					"ollama.ws.discovery.refresh-interval=200ms")
			.withBean(GatewaySource.class, () -> () -> listed)
			.run((context) -> {
				OllamaTemplate template = context.getBean(OllamaTemplate.class);
				awaitUp(template, 1);
				listed.add(endpoint(1));
				awaitUp(template, 2);
				assertThat(template.generate("mistral", "Hi").text()).isEqualTo("one");
			});
	}

	private GatewayEndpoint endpoint(int index) {
		return GatewayEndpoint.of(this.gateways.server(index).url(), this.gateways.client(index).clientId());
	}

	static void awaitUp(OllamaTemplate template, int count) {
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(template.gatewayStatuses()).hasSize(count)
				.allMatch(GatewayStatus::isUp)
				.allMatch((status) -> status.modelsFetchedAt() != null));
	}

}
