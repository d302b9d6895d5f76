package io.github.ollamaws.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.github.ollamaws.testserver.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.cloud.client.discovery.DiscoveryClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Startup fails with a clear analysis, naming the property to fix, for every kind of bad
 * {@code ollama.ws.*} configuration.
 */
class OllamaWsConfigurationFailureTests {

	private static final String PEM = TestKeys.rsa().privateKeyPem();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OllamaWsAutoConfiguration.class));

	private final ApplicationContextRunner configuredRunner = this.contextRunner
		.withPropertyValues("ollama.ws.client-id=test-client", "ollama.ws.private-key=" + PEM);

	@Test
	void missingClientId() {
		this.contextRunner.withPropertyValues("ollama.ws.private-key=" + PEM)
			.run(failsWith("ollama.ws.client-id", "No client id is set.",
					"Set 'ollama.ws.client-id' to the client id the gateway registered your public key under."));
	}

	@Test
	void missingPrivateKey() {
		this.contextRunner.withPropertyValues("ollama.ws.client-id=test-client")
			.run(failsWith("ollama.ws.private-key", "No private key is set.",
					"Set 'ollama.ws.private-key' to the location of your PEM private key"));
	}

	@Test
	void bothPrivateKeyAndLocation(@TempDir Path directory) throws IOException {
		Path file = Files.writeString(directory.resolve("client.pem"), PEM);
		this.configuredRunner.withPropertyValues("ollama.ws.private-key-location=" + file.toUri())
			.run(failsWith("ollama.ws.private-key",
					"Both 'ollama.ws.private-key' and 'ollama.ws.private-key-location' are set.",
					"Remove 'ollama.ws.private-key-location' (deprecated)"));
	}

	@Test
	void privateKeyLocationThatDoesNotExist() {
		this.contextRunner
			.withPropertyValues("ollama.ws.client-id=test-client", "ollama.ws.private-key=classpath:no-such-key.pem")
			.run(failsWith("ollama.ws.private-key",
					"The private key location class path resource [no-such-key.pem] does not exist.",
					"Set 'ollama.ws.private-key' to an existing PEM file"));
	}

	@Test
	void bothPasswordAndDeprecatedPassphrase() {
		String pem = TestKeys.ec().encryptedPrivateKeyPem("s3cret");
		this.contextRunner
			.withPropertyValues("ollama.ws.client-id=test-client", "ollama.ws.private-key=" + pem,
					"ollama.ws.private-key-password=s3cret", "ollama.ws.private-key-passphrase=s3cret")
			.run(failsWith("ollama.ws.private-key-password",
					"Both 'ollama.ws.private-key-password' and 'ollama.ws.private-key-passphrase' are set.",
					"Remove 'ollama.ws.private-key-passphrase' (deprecated)"));
	}

	@Test
	void missingClasspathLocation() {
		this.contextRunner
			.withPropertyValues("ollama.ws.client-id=test-client",
					"ollama.ws.private-key-location=classpath:no-such-key.pem")
			.run(failsWith("ollama.ws.private-key-location",
					"The private key location class path resource [no-such-key.pem] does not exist.",
					"Set 'ollama.ws.private-key-location' to an existing PEM file"));
	}

	@Test
	void unreadableFileLocation(@TempDir Path directory) {
		// A directory exists but cannot be read as a file.
		this.contextRunner
			.withPropertyValues("ollama.ws.client-id=test-client",
					"ollama.ws.private-key-location=" + directory.toUri())
			.run(failsWith("ollama.ws.private-key-location", "cannot be read",
					"Make the file that 'ollama.ws.private-key-location' names readable"));
	}

	@Test
	void privateKeyThatDoesNotParse() {
		String garbage = "-----BEGIN PRIVATE KEY-----\nTm90IGEga2V5IGF0IGFsbA==\n-----END PRIVATE KEY-----\n";
		this.contextRunner.withPropertyValues("ollama.ws.client-id=test-client", "ollama.ws.private-key=" + garbage)
			.run((context) -> {
				failsWith("ollama.ws.private-key", "The private key cannot be used: ",
						"Set 'ollama.ws.private-key' to an RSA or EC private key in PEM")
					.accept(context);
				assertThat(analysis(context).getDescription()).doesNotContain("Tm90IGEga2V5");
			});
	}

	@Test
	void encryptedKeyWithoutPassphrase() {
		String pem = TestKeys.rsa().encryptedPrivateKeyPem("s3cret-passphrase");
		this.contextRunner.withPropertyValues("ollama.ws.client-id=test-client", "ollama.ws.private-key=" + pem)
			.run(failsWith("ollama.ws.private-key", "The private key cannot be used: ",
					"also set 'ollama.ws.private-key-password'"));
	}

	@Test
	void encryptedKeyWithWrongPassphraseNeverShowsThePassphrase() {
		String pem = TestKeys.ec().encryptedPrivateKeyPem("right-passphrase");
		this.contextRunner
			.withPropertyValues("ollama.ws.client-id=test-client", "ollama.ws.private-key=" + pem,
					"ollama.ws.private-key-passphrase=wrong-passphrase")
			.run((context) -> {
				FailureAnalysis analysis = analysis(context);
				assertThat(analysis.getAction()).contains("'ollama.ws.private-key-password'");
				assertThat(analysis.getDescription() + analysis.getAction()).doesNotContain("passphrase=")
					.doesNotContain("wrong-passphrase")
					.doesNotContain("right-passphrase")
					.doesNotContain(pem.lines().skip(1).findFirst().orElseThrow());
			});
	}

	@Test
	void ed25519KeyIsRefused() {
		String pem = TestKeys.ed25519().privateKeyPem();
		this.contextRunner.withPropertyValues("ollama.ws.client-id=test-client", "ollama.ws.private-key=" + pem)
			.run((context) -> {
				FailureAnalysis analysis = analysis(context);
				assertThat(analysis.getDescription()).contains("'ollama.ws.private-key'")
					.containsIgnoringCase("Ed25519");
				assertThat(analysis.getAction()).contains("'ollama.ws.private-key'").contains("RSA or EC");
			});
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			ws://gateway:3000/a b        | is malformed
			http://localhost:3000        | The value 'http://localhost:3000' is invalid
			localhost:3000               | The value 'localhost:3000' is invalid
			ws:///path                   | The value 'ws:///path' is invalid
			''                           | No gateway URL is set.
			""")
	void badUrl(String url, String problem) {
		this.configuredRunner.withPropertyValues("ollama.ws.url=" + url)
			.run(failsWith("ollama.ws.url", problem, "Set 'ollama.ws.url' to a URL of the form 'ws://host:port'"));
	}

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource(delimiter = '|', textBlock = """
			pool.size                 | 0     | at least 1
			pool.max-in-flight        | -3    | at least 1
			pool.acquire-timeout      | 0s    | a positive duration
			connect-timeout           | -1s   | a positive duration
			auth-timeout              | 0ms   | a positive duration
			request-timeout           | 0s    | a positive duration
			idle-timeout              | -1s   | zero or a positive duration
			send-time-limit           | 0s    | a positive duration
			shutdown-timeout          | -5s   | zero or a positive duration
			max-message-size          | 1KB   | at least 64KB and less than 2GB
			max-message-size          | 4GB   | at least 64KB and less than 2GB
			send-buffer-size-limit    | 1MB   | at least max-message-size (16777216B)
			reconnect.initial-delay   | 0s    | a positive duration
			reconnect.multiplier      | 0.5   | at least 1
			reconnect.max-delay       | 0s    | a positive duration
			reconnect.max-attempts    | 0     | -1 (no limit) or at least 1
			reconnect.jitter          | 1.5   | between 0 and 1
			heartbeat.interval        | 0s    | a positive duration
			heartbeat.timeout         | 0s    | a positive duration
			""")
	void invalidNumber(String property, String value, String requirement) {
		String name = "ollama.ws." + property;
		this.configuredRunner.withPropertyValues(name + "=" + value)
			.run(failsWith(name, "The value '", "Set '" + name + "' to " + requirement));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '~',
			textBlock = """
					system      | Be brief. | a field of Ollama's request      | Set 'ollama.ws.default-system' instead
					keep_alive  | 5m        | a field of Ollama's request      | Set 'ollama.ws.keep-alive' instead
					format      | json      | a field of Ollama's request      | set it on each GenerateRequest
					max_tokens  | 256       | Ollama has no 'max_tokens'       | Set 'ollama.ws.default-options.num_predict' instead
					temperature | warm      | must be a number                 | to a value of the type Ollama expects
					num_ctx     | 2.5       | must be an integer               | to a value of the type Ollama expects
					""")
	void defaultOptionsThatOllamaWouldIgnoreOrRejectFailStartup(String key, String value, String problem,
			String action) {
		String name = "ollama.ws.default-options." + key;
		this.configuredRunner.withPropertyValues(name + "=" + value).run(failsWith(name, problem, action));
	}

	@ParameterizedTest
	@CsvSource({ "system, Be brief.", "keep_alive, 5m", "max_tokens, 256", "temperature, warm" })
	void defaultOptionFailuresNamePropertiesNotJavaMethods(String key, String value) {
		// What a YAML user reads: properties and Ollama's names, never "set with
		// maxTokens(..)".
		this.configuredRunner.withPropertyValues("ollama.ws.default-options." + key + "=" + value).run((context) -> {
			FailureAnalysis analysis = analysis(context);
			assertThat(analysis.getDescription() + " " + analysis.getAction()).doesNotContainPattern("\\w\\(")
				.doesNotContain("GenerationOptions");
		});
	}

	@Test
	void heartbeatTimeoutIsCheckedWhenHeartbeatsAreOffForItIsAlsoThePingsLimit() {
		this.configuredRunner.withPropertyValues("ollama.ws.heartbeat.enabled=false", "ollama.ws.heartbeat.timeout=0")
			.run(failsWith("ollama.ws.heartbeat.timeout", "The value 'PT0S' is invalid",
					"Set 'ollama.ws.heartbeat.timeout' to a positive duration"));
	}

	@Test
	void heartbeatSettingsAreNotCheckedWhenHeartbeatsAreOff() {
		this.configuredRunner.withPropertyValues("ollama.ws.heartbeat.enabled=false", "ollama.ws.heartbeat.interval=0s")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void urlBesideGateways() {
		this.contextRunner
			.withPropertyValues("ollama.ws.url=ws://gateway-0:3000", "ollama.ws.private-key=" + PEM,
					"ollama.ws.gateways[0].url=ws://gateway-1:3000", "ollama.ws.gateways[0].client-id=one")
			.run(failsWith("ollama.ws.url", "Both 'ollama.ws.url' and 'ollama.ws.gateways' are set.",
					"Remove 'ollama.ws.url' and give each gateway its URL under 'ollama.ws.gateways[n].url'"));
	}

	@Test
	void clientIdBesideGateways() {
		this.configuredRunner
			.withPropertyValues("ollama.ws.gateways[0].url=ws://gateway-1:3000", "ollama.ws.gateways[0].client-id=one")
			.run(failsWith("ollama.ws.client-id", "Both 'ollama.ws.client-id' and 'ollama.ws.gateways' are set.",
					"each has its client id under 'ollama.ws.gateways[n].client-id'"));
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			''                    | No gateway URL is set.
			http://gateway-2:3000 | The value 'http://gateway-2:3000' is invalid
			""")
	void badGatewayUrl(String url, String problem) {
		this.contextRunner
			.withPropertyValues("ollama.ws.private-key=" + PEM, "ollama.ws.gateways[0].url=ws://gateway-1:3000",
					"ollama.ws.gateways[0].client-id=one", "ollama.ws.gateways[1].url=" + url,
					"ollama.ws.gateways[1].client-id=two")
			.run(failsWith("ollama.ws.gateways[1].url", problem,
					"Set 'ollama.ws.gateways[1].url' to a URL of the form 'ws://host:port'"));
	}

	@Test
	void sameGatewayListedTwice() {
		// The same gateway, spelled with a default port, another case and a slash.
		this.contextRunner
			.withPropertyValues("ollama.ws.private-key=" + PEM, "ollama.ws.gateways[0].url=ws://gateway-1",
					"ollama.ws.gateways[0].client-id=one", "ollama.ws.gateways[1].url=ws://gateway-2:3000",
					"ollama.ws.gateways[1].client-id=two", "ollama.ws.gateways[2].url=WS://Gateway-1:80/",
					"ollama.ws.gateways[2].client-id=three")
			.run(failsWith("ollama.ws.gateways[2].url", "The value 'WS://Gateway-1:80/' is invalid",
					"Set 'ollama.ws.gateways[2].url' to the URL of a gateway not listed before (gateways[0].url"));
	}

	@Test
	void gatewayWithoutClientId() {
		this.contextRunner
			.withPropertyValues("ollama.ws.private-key=" + PEM, "ollama.ws.gateways[0].url=ws://gateway-1:3000",
					"ollama.ws.gateways[0].client-id=one", "ollama.ws.gateways[1].url=ws://gateway-2:3000")
			.run(failsWith("ollama.ws.gateways[1].client-id", "No client id is set.",
					"Set 'ollama.ws.gateways[1].client-id' to the client id the gateway registered"));
	}

	@Test
	void theOneGatewayOfAListIsNamedAsListed() {
		this.contextRunner
			.withPropertyValues("ollama.ws.private-key=" + PEM, "ollama.ws.gateways[0].url=http://gateway-1:3000",
					"ollama.ws.gateways[0].client-id=one")
			.run(failsWith("ollama.ws.gateways[0].url", "The value 'http://gateway-1:3000' is invalid",
					"Set 'ollama.ws.gateways[0].url' to a URL of the form 'ws://host:port'"));
		this.contextRunner
			.withPropertyValues("ollama.ws.private-key=" + PEM, "ollama.ws.gateways[0].url=ws://gateway-1:3000")
			.run(failsWith("ollama.ws.gateways[0].client-id", "No client id is set.",
					"Set 'ollama.ws.gateways[0].client-id' to the client id the gateway registered"));
		this.contextRunner
			.withPropertyValues("ollama.ws.gateways[0].url=ws://gateway-1:3000", "ollama.ws.gateways[0].client-id=one")
			.run(failsWith("ollama.ws.private-key", "No private key is set.", "Set 'ollama.ws.private-key' to"));
	}

	@Test
	void aSettingBesideTheOneGatewayOfAListWithItsOwnKeyIsNamedAsItself() {
		// Only the gateway's own settings are named under gateways[0].
		this.contextRunner
			.withPropertyValues("ollama.ws.gateways[0].url=ws://gateway-1:3000", "ollama.ws.gateways[0].client-id=one",
					"ollama.ws.gateways[0].private-key=" + PEM, "ollama.ws.pool.size=0")
			.run(failsWith("ollama.ws.pool.size", "The value '0' is invalid",
					"Set 'ollama.ws.pool.size' to at least 1"));
	}

	@Test
	void aBlankClientIdFromACustomizerIsReportedAsMissing() {
		this.configuredRunner.withBean(OllamaTemplateCustomizer.class, () -> (builder) -> builder.clientId(" "))
			.run(failsWith("ollama.ws.client-id", "No client id is set.",
					"Set 'ollama.ws.client-id' to the client id the gateway registered your public key under."));
	}

	@Test
	void sslBundleWithConnectionDetailsThatListNoGateway() {
		OllamaWsConnectionDetails none = List::of;
		this.contextRunner.withBean(OllamaWsConnectionDetails.class, () -> none)
			.withPropertyValues("ollama.ws.ssl.bundle=gateway")
			.run(failsWith("ollama.ws.ssl.bundle", "An SSL bundle is set but the gateway URL '(none)' is not wss://",
					"or remove 'ollama.ws.ssl.bundle'"));
	}

	@Test
	void gatewayWithoutAnyKey() {
		this.contextRunner
			.withPropertyValues("ollama.ws.gateways[0].url=ws://gateway-1:3000", "ollama.ws.gateways[0].client-id=one",
					"ollama.ws.gateways[0].private-key=" + PEM, "ollama.ws.gateways[1].url=ws://gateway-2:3000",
					"ollama.ws.gateways[1].client-id=two")
			.run(failsWith("ollama.ws.gateways[1].private-key", "No private key is set.",
					"Set 'ollama.ws.private-key' to the key of every gateway, or 'ollama.ws.gateways[1].private-key'"
							+ " to this gateway's."));
	}

	@Test
	void gatewayKeyOverrideThatDoesNotExist() {
		this.contextRunner
			.withPropertyValues("ollama.ws.private-key=" + PEM, "ollama.ws.gateways[0].url=ws://gateway-1:3000",
					"ollama.ws.gateways[0].client-id=one",
					"ollama.ws.gateways[0].private-key=classpath:no-such-key.pem")
			.run(failsWith("ollama.ws.gateways[0].private-key",
					"The private key location class path resource [no-such-key.pem] does not exist.",
					"Set 'ollama.ws.gateways[0].private-key' to an existing PEM file"));
	}

	@Test
	void encryptedGatewayKeyWithoutItsPassword() {
		String pem = TestKeys.ec().encryptedPrivateKeyPem("gateway-secret");
		this.contextRunner
			.withPropertyValues("ollama.ws.private-key=" + PEM, "ollama.ws.gateways[0].url=ws://gateway-1:3000",
					"ollama.ws.gateways[0].client-id=one", "ollama.ws.gateways[0].private-key=" + pem,
					"ollama.ws.gateways[0].private-key-password=wrong-secret")
			.run((context) -> {
				failsWith("ollama.ws.gateways[0].private-key", "The private key cannot be used: ",
						"also set 'ollama.ws.gateways[0].private-key-password'")
					.accept(context);
				FailureAnalysis analysis = analysis(context);
				assertThat(analysis.getDescription() + analysis.getAction()).doesNotContain("wrong-secret")
					.doesNotContain("gateway-secret");
			});
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			ollama.ws.url=ws://gateway-1:3000          | ollama.ws.url
			ollama.ws.client-id=one                    | ollama.ws.client-id
			ollama.ws.gateways[0].url=ws://gateway-1   | ollama.ws.gateways
			""")
	void discoveryBesideAConfiguredGateway(String setting, String property) {
		ApplicationContextRunner runner = this.contextRunner.withPropertyValues("ollama.ws.private-key=" + PEM,
				"ollama.ws.discovery.service-id=ollama-gateway", setting, "ollama.ws.gateways[0].client-id=one");
		ContextConsumer<AssertableApplicationContext> mixed = failsWith(property,
				"Both '" + property + "' and 'ollama.ws.discovery.service-id' are set.", "Remove '" + property + "'");
		runner.run(mixed);
		// Without Spring Cloud the configurer says it too, before that Spring Cloud is
		// missing.
		runner.withClassLoader(new FilteredClassLoader(DiscoveryClient.class)).run(mixed);
	}

	@Test
	void discoveryWithoutADiscoveryClient() {
		// Spring Cloud Commons is there, but nothing makes a DiscoveryClient.
		this.contextRunner
			.withPropertyValues("ollama.ws.private-key=" + PEM, "ollama.ws.discovery.service-id=ollama-gateway")
			.run(failsWith("ollama.ws.discovery.service-id",
					"Discovery is on but the application has no DiscoveryClient.",
					"Add a Spring Cloud discovery starter"));
	}

	private static ContextConsumer<AssertableApplicationContext> failsWith(String property, String problem,
			String action) {
		return (context) -> {
			FailureAnalysis analysis = analysis(context);
			assertThat(analysis.getDescription()).contains("Property '" + property + "'").contains(problem);
			assertThat(analysis.getAction()).contains(action);
		};
	}

	private static FailureAnalysis analysis(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		FailureAnalysis analysis = new OllamaWsConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
		assertThat(analysis).as("failure analysis").isNotNull();
		return analysis;
	}

}
