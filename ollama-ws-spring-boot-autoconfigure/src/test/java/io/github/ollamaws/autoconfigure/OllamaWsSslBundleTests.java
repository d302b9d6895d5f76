package io.github.ollamaws.autoconfigure;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;

import io.github.ollamaws.client.OllamaTemplate;
import io.github.ollamaws.client.OllamaTemplateInternals;
import io.github.ollamaws.fleet.GatewayEndpoint;
import io.github.ollamaws.testserver.OllamaWsTestServer;
import io.github.ollamaws.testserver.ScriptedBackend;
import io.github.ollamaws.testserver.TestCertificate;
import io.github.ollamaws.testserver.TestClient;
import io.github.ollamaws.testserver.TestKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslStoreBundle;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ollama.ws.ssl.bundle}: a {@code wss://} gateway whose certificate is trusted
 * through a Spring Boot SSL bundle, and the failures that name the property to fix.
 */
class OllamaWsSslBundleTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, OllamaWsAutoConfiguration.class))
		.withPropertyValues("ollama.ws.shutdown-timeout=1s");

	private final TestCertificate certificate = TestCertificate.selfSigned();

	private OllamaWsTestServer server;

	private TestClient client;

	@TempDir
	Path folder;

	@BeforeEach
	void startGateway() {
		this.server = OllamaWsTestServer.builder().tls(this.certificate).start();
		this.client = this.server.registerNewClient(TestKeys.ec());
	}

	@AfterEach
	void stopGateway() {
		this.server.close();
	}

	@Test
	void trustsTheGatewayThroughTheNamedBundle() {
		Path trustStore = this.certificate.writeTrustStore(this.folder.resolve("truststore.p12"));
		this.contextRunner.withPropertyValues(this.server.springPropertyValues(this.client))
			.withPropertyValues("spring.ssl.bundle.jks.gateway.truststore.location=file:" + trustStore,
					"spring.ssl.bundle.jks.gateway.truststore.password=" + TestCertificate.PASSWORD,
					"spring.ssl.bundle.jks.gateway.truststore.type=PKCS12", "ollama.ws.ssl.bundle=gateway")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				OllamaTemplate template = context.getBean(OllamaTemplate.class);
				assertThat(OllamaTemplateInternals.settings(template).url().getScheme()).isEqualTo("wss");
				assertThat(template.generate("hi").text()).isEqualTo(String.join("", ScriptedBackend.DEFAULT_TOKENS));
			});
	}

	@Test
	void connectionDetailsCarryTheirOwnBundle() throws Exception {
		Path trustStorePath = this.certificate.writeTrustStore(this.folder.resolve("truststore.p12"));
		KeyStore trustStore = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(trustStorePath)) {
			trustStore.load(in, TestCertificate.PASSWORD.toCharArray());
		}
		SslBundle bundle = SslBundle.of(SslStoreBundle.of(null, null, trustStore));
		OllamaWsTestServer gateway = this.server;
		TestClient registered = this.client;
		// No ollama.ws.* property at all: the bean says where, who, with which key and
		// which trust.
		this.contextRunner.withBean(OllamaWsConnectionDetails.class, () -> new OllamaWsConnectionDetails() {

			@Override
			public List<GatewayEndpoint> getGateways() {
				return List.of(GatewayEndpoint.of(gateway.url(), registered.clientId())
					.withPrivateKey(registered.keys().privateKey()));
			}

			@Override
			public SslBundle getSslBundle() {
				return bundle;
			}

		}).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(OllamaTemplate.class).generate("hi").text()).isNotEmpty();
		});
	}

	@Test
	void unknownBundleFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues(this.server.springPropertyValues(this.client))
			.withPropertyValues("ollama.ws.ssl.bundle=missing")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new OllamaWsConfigurationFailureAnalyzer()
					.analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("'ollama.ws.ssl.bundle'").contains("'missing'");
				assertThat(analysis.getAction()).contains("spring.ssl.bundle");
			});
	}

	@Test
	void bundleWithAPlainUrlFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues(this.server.springPropertyValues(this.client))
			.withPropertyValues("ollama.ws.url=ws://127.0.0.1:" + this.server.port(), "ollama.ws.ssl.bundle=gateway")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new OllamaWsConfigurationFailureAnalyzer()
					.analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("'ollama.ws.ssl.bundle'").contains("not wss://");
				assertThat(analysis.getAction()).contains("'ollama.ws.url'");
			});
	}

}
