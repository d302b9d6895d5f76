package io.github.ollamaws.autoconfigure;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ollamaws.client.OllamaTemplate;
import io.github.ollamaws.fleet.GatewayEndpoint;
import io.github.ollamaws.health.FleetHealthRule;
import io.github.ollamaws.health.OllamaWsHealthIndicator;
import io.github.ollamaws.testserver.OllamaWsTestServer;
import io.github.ollamaws.testserver.ScriptedBackend;
import io.github.ollamaws.testserver.TestClient;
import io.github.ollamaws.testserver.TestKeys;
import io.github.ollamaws.testsupport.CapturedLogs;
import io.github.ollamaws.testsupport.SecretUrls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No credential from a gateway URL in what the starter exposes: the health of one gateway
 * and of a fleet (up and down) as JSON, {@code /actuator/configprops} as JSON (values
 * shown), the properties' and connection details' {@code toString}, and every log line at
 * any level while the context starts, checks health and stops.
 */
class OllamaWsUrlCredentialsTests {

	private final ObjectMapper json = new ObjectMapper();

	private final List<String> shown = new ArrayList<>();

	private OllamaWsTestServer server;

	private TestClient client;

	private CapturedLogs logs;

	@BeforeEach
	void start() {
		this.logs = CapturedLogs.atTrace();
		this.server = OllamaWsTestServer.builder().backend(ScriptedBackend.withDefaultModels()).start();
		this.client = this.server.registerNewClient(TestKeys.ec());
	}

	@AfterEach
	void stop() {
		this.server.close();
		this.logs.close();
	}

	@Test
	void healthOfOneGatewayUpAndDown() throws Exception {
		URI refused = SecretUrls.withSecrets(URI.create("ws://127.0.0.1:" + closedPort()));
		for (URI url : List.of(SecretUrls.withSecrets(this.server.url()), refused)) {
			try (OllamaTemplate template = builder().url(url)
				.clientId(this.client.clientId())
				.pool((pool) -> pool.waitForConnection(false))
				.build()) {
				Health health = new OllamaWsHealthIndicator(template, Duration.ofSeconds(2)).health();
				this.shown.add(this.json.writeValueAsString(health));
				this.shown.add(health.toString());
			}
		}
		assertThat(this.shown).anyMatch((text) -> text.contains("\"DOWN\"") && text.contains("refused"))
			.anyMatch((text) -> text.contains("\"UP\""));
		assertNoSecretShown();
	}

	@Test
	void healthOfAFleet() throws Exception {
		URI refused = SecretUrls.withSecrets(URI.create("ws://127.0.0.1:" + closedPort() + "/ws"));
		try (OllamaTemplate fleet = builder()
			.gateway(GatewayEndpoint.of(SecretUrls.withSecrets(this.server.url()), this.client.clientId()))
			.gateway(GatewayEndpoint.of(refused, this.client.clientId()))
			.build()) {
			fleet.generate("llama2", "hi");
			org.awaitility.Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.until(() -> fleet.gatewayStatuses().stream().anyMatch((status) -> status.reason() != null));
			Health health = new OllamaWsHealthIndicator(fleet, Duration.ofSeconds(2), FleetHealthRule.ALL, "llama2")
				.health();
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			this.shown.add(this.json.writeValueAsString(health));
			this.shown.add(health.toString());
		}
		assertNoSecretShown();
	}

	@Test
	void configurationPropertiesAndConnectionDetails() {
		String[] gateway = this.server.springPropertyValues(this.client);
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(OllamaWsAutoConfiguration.class))
			.withPropertyValues(gateway)
			.withPropertyValues("ollama.ws.url=" + SecretUrls.withSecrets(this.server.url()))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				showConfigurationProperties(context);
				this.shown.add(context.getBean(OllamaWsProperties.class).toString());
				this.shown.add(context.getBean(OllamaWsConnectionDetails.class).toString());
				context.getBean(OllamaTemplate.class).ping();
			});
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(OllamaWsAutoConfiguration.class))
			.withPropertyValues(Arrays.stream(gateway)
				.filter((property) -> !property.startsWith("ollama.ws.url=")
						&& !property.startsWith("ollama.ws.client-id="))
				.toArray(String[]::new))
			.withPropertyValues("ollama.ws.gateways[0].url=" + SecretUrls.withSecrets(this.server.url()),
					"ollama.ws.gateways[0].client-id=" + this.client.clientId())
			.run((context) -> {
				assertThat(context).hasNotFailed();
				showConfigurationProperties(context);
				this.shown.add(context.getBean(OllamaWsProperties.class).toString());
			});
		assertThat(this.shown).anyMatch((text) -> text.contains(this.server.url().getRawAuthority()));
		assertNoSecretShown();
	}

	@Test
	void environmentVariablesOfGatewayUrlsAreSanitizedToo() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(OllamaWsAutoConfiguration.class))
			.withPropertyValues(this.server.springPropertyValues(this.client))
			.run((context) -> {
				SanitizingFunction function = context.getBean(SanitizingFunction.class);
				String url = SecretUrls.withSecrets(this.server.url()).toString();
				for (String key : List.of("OLLAMA_WS_URL", "OLLAMA_WS_GATEWAYS_0_URL", "ollama.ws.gateways[1].url")) {
					Object value = function.apply(new SanitizableData(null, key, url)).getValue();
					assertThat(value).hasToString(this.server.url() + "/");
				}
				assertThat(function.apply(new SanitizableData(null, "other.url", url)).getValue()).isEqualTo(url);
			});
	}

	private void showConfigurationProperties(ApplicationContext context) throws Exception {
		ConfigurationPropertiesReportEndpoint endpoint = new ConfigurationPropertiesReportEndpoint(
				context.getBeanProvider(SanitizingFunction.class).orderedStream().toList(), Show.ALWAYS);
		endpoint.setApplicationContext(context);
		String report = this.json.writeValueAsString(endpoint.configurationPropertiesWithPrefix("ollama.ws"));
		assertThat(report).contains(this.server.url().getRawAuthority());
		this.shown.add(report);
	}

	private OllamaTemplate.Builder builder() {
		return OllamaTemplate.builder()
			.privateKey(this.client.keys().privateKey())
			.reconnect((reconnect) -> reconnect.initialDelay(Duration.ofMillis(50))
				.multiplier(2.0)
				.maxDelay(Duration.ofMillis(200))
				.maxAttempts(-1)
				.jitter(0.2))
			.pool((pool) -> pool.acquireTimeout(Duration.ofSeconds(2)))
			.shutdownTimeout(Duration.ofMillis(500));
	}

	private void assertNoSecretShown() {
		assertThat(this.logs.lines()).as("log lines captured").isNotEmpty();
		List<String> everything = new ArrayList<>(this.shown);
		everything.addAll(this.logs.lines());
		SecretUrls.assertNoSecretIn(everything);
	}

	private static int closedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
