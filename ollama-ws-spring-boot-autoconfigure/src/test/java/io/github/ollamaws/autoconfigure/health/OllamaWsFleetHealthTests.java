package io.github.ollamaws.autoconfigure.health;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.github.ollamaws.autoconfigure.OllamaWsAutoConfiguration;
import io.github.ollamaws.autoconfigure.TestGateways;
import io.github.ollamaws.client.OllamaTemplate;
import io.github.ollamaws.fleet.GatewayEndpoint;
import io.github.ollamaws.fleet.GatewayStatus;
import io.github.ollamaws.health.FleetHealthRule;
import io.github.ollamaws.health.OllamaWsHealthIndicator;
import io.github.ollamaws.testserver.TestKeyPair;
import io.github.ollamaws.testserver.TestKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The health of a template over several gateways: one entry per gateway, and the fleet
 * rule, against real loopback gateways.
 */
class OllamaWsFleetHealthTests {

	private static final TestKeyPair KEYS = TestKeys.ec();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OllamaWsAutoConfiguration.class,
				OllamaWsHealthContributorAutoConfiguration.class, HealthContributorAutoConfiguration.class))
		.withPropertyValues("ollama.ws.connect-timeout=1s", "ollama.ws.auth-timeout=1s",
				"ollama.ws.shutdown-timeout=1s", "ollama.ws.reconnect.initial-delay=100ms",
				"ollama.ws.reconnect.max-delay=500ms", "ollama.ws.pool.size=1", "ollama.ws.default-model=llama3");

	private TestGateways gateways;

	@AfterEach
	void stopGateways() {
		if (this.gateways != null) {
			this.gateways.close();
		}
	}

	@Test
	void oneEntryPerGatewayAndUpWhileAGatewayServingTheDefaultModelIsUp() {
		this.gateways = TestGateways.start(2, KEYS);
		this.gateways.server(0).scriptedBackend().model("llama3", "a");
		this.gateways.server(1).scriptedBackend().model("llama3", "b").model("mistral", "c");
		this.contextRunner.withPropertyValues(this.gateways.propertyValues()).run((context) -> {
			HealthIndicator indicator = indicator(context);
			Health up = awaitHealth(indicator, 0, "UP");
			awaitHealth(indicator, 1, "UP");
			assertThat(up.getDetails()).containsEntry("rule", "any-serving-default-model")
				.containsEntry("defaultModel", "llama3");
			Map<String, Object> second = gateway(indicator.health(), 1);
			assertThat(second).containsEntry("clientId", this.gateways.client(1).clientId())
				.containsEntry("models", List.of("llama3", "mistral"))
				.containsEntry("connections", Map.of("open", 1, "authenticated", 1));

			this.gateways.server(1).stop();
			Health oneDown = awaitHealth(indicator, 1, "DOWN");
			assertThat(gateway(oneDown, 1)).containsKey("reason");
			assertThat(oneDown.getStatus()).isEqualTo(Status.UP);
			assertThat(oneDown.getDetails()).containsEntry("up", 1L).containsEntry("total", 2);
			assertThat(oneDown.toString()).doesNotContain(KEYS.privateKeyPem().lines().skip(1).findFirst().get());

			this.gateways.server(0).stop();
			Health allDown = awaitHealth(indicator, 0, "DOWN");
			assertThat(allDown.getStatus()).isEqualTo(Status.DOWN);
			assertThat(allDown.getDetails()).containsEntry("reason", OllamaWsHealthIndicator.NO_GATEWAY_UP);
		});
	}

	@Test
	void downWhenNoGatewayThatIsUpServesTheDefaultModel() {
		this.gateways = TestGateways.start(2, KEYS);
		this.gateways.server(0).scriptedBackend().model("mistral", "a");
		this.gateways.server(1).scriptedBackend().model("llama3", "b");
		this.contextRunner.withPropertyValues(this.gateways.propertyValues()).run((context) -> {
			HealthIndicator indicator = indicator(context);
			awaitHealth(indicator, 0, "UP");
			assertThat(awaitHealth(indicator, 1, "UP").getStatus()).isEqualTo(Status.UP);
			this.gateways.server(1).stop();
			Health health = awaitHealth(indicator, 1, "DOWN");
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.getDetails()).containsEntry("reason", OllamaWsHealthIndicator.DEFAULT_MODEL_NOT_SERVED);
			// Back in rotation after a restart, and UP again.
			this.gateways.server(1).start();
			assertThat(awaitHealth(indicator, 1, "UP").getStatus()).isEqualTo(Status.UP);
		});
	}

	@Test
	void ruleAllIsDownWhileAnyGatewayIsDown() {
		this.gateways = TestGateways.start(2, KEYS);
		this.gateways.server(0).scriptedBackend().model("llama3", "a");
		this.gateways.server(1).scriptedBackend().model("llama3", "b");
		this.contextRunner.withPropertyValues(this.gateways.propertyValues())
			.withPropertyValues("management.health.ollama-ws.fleet-rule=all")
			.run((context) -> {
				HealthIndicator indicator = indicator(context);
				awaitHealth(indicator, 0, "UP");
				assertThat(awaitHealth(indicator, 1, "UP").getStatus()).isEqualTo(Status.UP);
				this.gateways.server(1).stop();
				Health health = awaitHealth(indicator, 1, "DOWN");
				assertThat(health.getStatus()).isEqualTo(Status.DOWN);
				assertThat(health.getDetails()).containsEntry("rule", "all")
					.containsEntry("reason", OllamaWsHealthIndicator.NOT_ALL_GATEWAYS_UP);
			});
	}

	@Test
	void downWithItsOwnReasonWhileTheSourceListsNoGateway() {
		try (OllamaTemplate template = OllamaTemplate.builder()
			.privateKey(KEYS.privateKey())
			.discovery((discovery) -> discovery.source(List::of).refreshInterval(Duration.ofMillis(100)))
			.build()) {
			template.start();
			Health health = new OllamaWsHealthIndicator(template, Duration.ofSeconds(2),
					FleetHealthRule.ANY_SERVING_DEFAULT_MODEL, "llama3")
				.health();
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.getDetails()).containsEntry("reason", OllamaWsHealthIndicator.NO_GATEWAYS)
				.containsEntry("up", 0L)
				.containsEntry("total", 0);
		}
	}

	@Test
	void oneGatewayKeepsThePingCheck() {
		this.gateways = TestGateways.start(1, KEYS);
		this.contextRunner.withPropertyValues(this.gateways.server(0).springPropertyValues(this.gateways.client(0)))
			.run((context) -> {
				Health health = ((HealthIndicator) context.getBean("ollamaWsHealthContributor")).health();
				assertThat(health.getStatus()).isEqualTo(Status.UP);
				assertThat(health.getDetails()).containsEntry("url", this.gateways.server(0).url().toString())
					.containsKeys("pingLatencyMs", "connections", "requests")
					.doesNotContainKeys("rule", "gateways");
			});
	}

	@Test
	void aTemplateBuiltByHandOverTwoGatewaysIsJudgedByTheFleetRule() {
		this.gateways = TestGateways.start(2, KEYS);
		this.gateways.server(0).scriptedBackend().model("llama3", "a");
		this.gateways.server(1).scriptedBackend().model("mistral", "b");
		this.contextRunner.withPropertyValues("management.health.ollama-ws.fleet-rule=all")
			.withBean(OllamaTemplate.class, () -> OllamaTemplate.builder()
				.privateKey(KEYS.privateKey())
				.gateway(GatewayEndpoint.of(this.gateways.server(0).url(), this.gateways.client(0).clientId()))
				.gateway(GatewayEndpoint.of(this.gateways.server(1).url(), this.gateways.client(1).clientId()))
				.reconnect(
						(reconnect) -> reconnect.initialDelay(Duration.ofMillis(100)).maxDelay(Duration.ofMillis(500)))
				.shutdownTimeout(Duration.ofSeconds(1))
				.build())
			.run((context) -> {
				HealthIndicator indicator = indicator(context);
				awaitHealth(indicator, 0, "UP");
				Health up = awaitHealth(indicator, 1, "UP");
				assertThat(up.getStatus()).isEqualTo(Status.UP);
				assertThat(up.getDetails()).containsEntry("rule", "all")
					.containsEntry("defaultModel", "llama3")
					.containsEntry("up", 2L)
					.containsEntry("total", 2)
					.doesNotContainKeys("url", "pingLatencyMs");
				assertThat(gateway(up, 1)).containsEntry("models", List.of("mistral"));
				this.gateways.server(1).stop();
				Health down = awaitHealth(indicator, 1, "DOWN");
				assertThat(down.getStatus()).isEqualTo(Status.DOWN);
				assertThat(down.getDetails()).containsEntry("reason", OllamaWsHealthIndicator.NOT_ALL_GATEWAYS_UP);
			});
	}

	@Test
	void aFleetOfOneGatewayIsCheckedByAPing() {
		this.gateways = TestGateways.start(1, KEYS);
		try (OllamaTemplate template = OllamaTemplate.builder()
			.privateKey(KEYS.privateKey())
			.gateway(GatewayEndpoint.of(this.gateways.server(0).url(), this.gateways.client(0).clientId()))
			.build()) {
			Health health = new OllamaWsHealthIndicator(template, Duration.ofSeconds(2),
					FleetHealthRule.ANY_SERVING_DEFAULT_MODEL, "llama3")
				.health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("url", this.gateways.server(0).url().toString())
				.containsEntry("clientId", this.gateways.client(0).clientId())
				.containsKey("pingLatencyMs")
				.doesNotContainKey("gateways");
			assertThat(this.gateways.server(0).receivedFrames("ping")).hasSize(1);
		}
	}

	@Test
	void aClosedTemplateOfSeveralGatewaysIsDownAsClosed() {
		OllamaTemplate template = OllamaTemplate.builder()
			.privateKey(KEYS.privateKey())
			.gateway(GatewayEndpoint.of("ws://127.0.0.1:1", "a"))
			.gateway(GatewayEndpoint.of("ws://127.0.0.1:2", "b"))
			.build();
		template.close();
		Health health = new OllamaWsHealthIndicator(template, Duration.ofSeconds(2)).health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("reason", OllamaWsHealthIndicator.CLOSED);
	}

	@ParameterizedTest(name = "{0}: {1} -> {2}")
	@CsvSource(delimiter = '|', textBlock = """
			ANY_SERVING_DEFAULT_MODEL | UP:mistral DOWN:llama3       | false
			ANY_SERVING_DEFAULT_MODEL | UP:mistral UP:llama3:latest  | true
			ANY_SERVING_DEFAULT_MODEL | DRAINING:llama3              | false
			ANY                       | UP:mistral DOWN:llama3       | true
			ANY                       | DOWN:llama3 DRAINING:llama3  | false
			ALL                       | UP:llama3 DRAINING:llama3    | true
			ALL                       | UP:llama3 DOWN:llama3        | false
			ALL                       | DRAINING:llama3              | false
			""")
	void rules(FleetHealthRule rule, String gateways, boolean up) {
		List<String> entries = List.of(gateways.split(" "));
		List<GatewayStatus> statuses = entries.stream().map((entry) -> {
			String[] parts = entry.split(":", 2);
			GatewayEndpoint endpoint = GatewayEndpoint.of("ws://gateway-" + entries.indexOf(entry) + ":3000", "id");
			return new GatewayStatus(endpoint, GatewayStatus.State.valueOf(parts[0]), null, List.of(parts[1]),
					Instant.now(), 1, 1, 0);
		}).toList();
		assertThat(rule.isUp(statuses, "llama3")).isEqualTo(up);
	}

	@Test
	void anyServingTheDefaultModelWithoutADefaultModelIsAny() {
		GatewayStatus up = new GatewayStatus(GatewayEndpoint.of("ws://gateway:3000", "id"), GatewayStatus.State.UP,
				null, List.of("mistral"), Instant.now(), 1, 1, 0);
		assertThat(FleetHealthRule.ANY_SERVING_DEFAULT_MODEL.isUp(List.of(up), null)).isTrue();
		assertThat(FleetHealthRule.ANY_SERVING_DEFAULT_MODEL.isUp(List.of(up), "llama3")).isFalse();
		assertThat(FleetHealthRule.ANY.isUp(List.of(), null)).isFalse();
	}

	private static HealthIndicator indicator(AssertableApplicationContext context) {
		assertThat(context).hasNotFailed();
		Object contributor = context.getBean("ollamaWsHealthContributor");
		assertThat(contributor).isInstanceOf(OllamaWsHealthIndicator.class);
		return (HealthIndicator) contributor;
	}

	private Health awaitHealth(HealthIndicator indicator, int gateway, String status) {
		Health[] last = new Health[1];
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			last[0] = indicator.health();
			assertThat(gateway(last[0], gateway)).containsEntry("status", status);
		});
		return last[0];
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> gateway(Health health, int gateway) {
		Map<String, Object> gateways = (Map<String, Object>) health.getDetails().get("gateways");
		assertThat(gateways).isNotNull();
		Object entry = gateways.get(this.gateways.server(gateway).url().toString());
		assertThat(entry).as("gateway %d in %s", gateway, gateways.keySet()).isNotNull();
		return (Map<String, Object>) entry;
	}

}
