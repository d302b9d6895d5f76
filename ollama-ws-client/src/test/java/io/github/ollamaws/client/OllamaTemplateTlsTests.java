package io.github.ollamaws.client;

import io.github.ollamaws.core.GatewayUnavailableException;
import io.github.ollamaws.testserver.OllamaWsTestServer;
import io.github.ollamaws.testserver.ScriptedBackend;
import io.github.ollamaws.testserver.TestCertificate;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A {@code wss://} gateway with a certificate the JVM does not trust: the template
 * connects with the TLS context it is given, and refuses the gateway without it.
 */
class OllamaTemplateTlsTests extends GatewayTestSupport {

	private final TestCertificate certificate = TestCertificate.selfSigned();

	@Test
	void generatesOverTlsWithTheGivenTrust() {
		startServer(OllamaWsTestServer.builder().tls(this.certificate).backend(ScriptedBackend.withDefaultModels()));
		assertThat(this.server.url().getScheme()).isEqualTo("wss");
		OllamaTemplate template = template((builder) -> builder.sslContext(this.certificate.clientSslContext()));
		assertThat(template.generate("hi").text()).isEqualTo(String.join("", ScriptedBackend.DEFAULT_TOKENS));
	}

	@Test
	void refusesAnUntrustedCertificate() {
		startServer(OllamaWsTestServer.builder().tls(this.certificate).backend(ScriptedBackend.withDefaultModels()));
		OllamaTemplate template = template();
		assertThatExceptionOfType(GatewayUnavailableException.class).isThrownBy(template::ping);
		assertThat(this.server.authenticatedConnections()).isZero();
	}

}
