package io.github.ollamaws.fleet;

import java.net.URI;
import java.security.PrivateKey;
import java.util.List;

import io.github.ollamaws.client.OllamaTemplate;
import io.github.ollamaws.core.InvalidSettingException;
import io.github.ollamaws.testserver.TestKeys;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The builder's rules for several gateways, named as the starter's properties, and the
 * endpoint's identity and printing.
 */
class FleetBuilderTests {

	private static final PrivateKey KEY = TestKeys.ec().privateKey();

	@Test
	void gatewaysAndUrlTogetherAreRefused() {
		assertInvalid(OllamaTemplate.builder()
			.url("ws://one:3000")
			.gateway(GatewayEndpoint.of("ws://two:3000", "b"))
			.privateKey(KEY), "url");
	}

	@Test
	void emptyListIsRefused() {
		assertInvalid(OllamaTemplate.builder().gateways(List.of()).privateKey(KEY), "gateways");
	}

	@Test
	void listAndSourceTogetherAreRefused() {
		assertInvalid(OllamaTemplate.builder()
			.gateway(GatewayEndpoint.of("ws://one:3000", "a"))
			.discovery((discovery) -> discovery.source(List::of))
			.privateKey(KEY), "gateways");
	}

	@Test
	void duplicateUrlsAreRefused() {
		assertInvalid(OllamaTemplate.builder()
			.gateway(GatewayEndpoint.of("ws://one:3000", "a"))
			.gateway(GatewayEndpoint.of("ws://one:3000", "b"))
			.privateKey(KEY), "gateways[1].url");
		// The same gateway, spelled with a default port, another case and a slash.
		assertInvalid(OllamaTemplate.builder()
			.gateway(GatewayEndpoint.of("ws://one", "a"))
			.gateway(GatewayEndpoint.of("ws://two:3000", "b"))
			.gateway(GatewayEndpoint.of("WS://One:80/", "c"))
			.privateKey(KEY), "gateways[2].url");
	}

	@Test
	void eachGatewayIsValidatedByItsIndex() {
		assertInvalid(OllamaTemplate.builder()
			.gateway(GatewayEndpoint.of("ws://one:3000", "a"))
			.gateway(GatewayEndpoint.of("http://two:3000", "b"))
			.privateKey(KEY), "gateways[1].url");
		assertInvalid(OllamaTemplate.builder()
			.gateway(GatewayEndpoint.of("ws://one:3000", "a"))
			.gateway(GatewayEndpoint.of("ws://two:3000", null))
			.privateKey(KEY), "gateways[1].client-id");
		assertInvalid(OllamaTemplate.builder().gateway(GatewayEndpoint.of("ws://one:3000", "a")),
				"gateways[0].private-key");
	}

	@Test
	void refreshIntervalMustBePositive() {
		assertInvalid(
				OllamaTemplate.builder()
					.gateway(GatewayEndpoint.of("ws://one:3000", "a"))
					.privateKey(KEY)
					.discovery((discovery) -> discovery.refreshInterval(java.time.Duration.ZERO)),
				"discovery.refresh-interval");
	}

	@Test
	void sharedClientIdAndPerGatewayKeysAreEnough() {
		OllamaTemplate template = OllamaTemplate.builder()
			.clientId("shared")
			.gateway(GatewayEndpoint.of("ws://one:3000", null).withPrivateKey(KEY))
			.gateway(GatewayEndpoint.of("ws://two:3000", "own").withPrivateKey(KEY))
			.build();
		assertThat(template.getUrl()).isEqualTo(URI.create("ws://one:3000"));
		assertThat(template.getClientId()).isEqualTo("shared");
		template.close();
	}

	@Test
	void endpointsAreEqualByUrlAndClientIdAndNeverPrintTheKey() {
		GatewayEndpoint plain = GatewayEndpoint.of("ws://one:3000", "a");
		GatewayEndpoint keyed = plain.withPrivateKey(KEY);
		assertThat(keyed).isEqualTo(plain).hasSameHashCodeAs(plain);
		assertThat(plain).isNotEqualTo(GatewayEndpoint.of("ws://one:3000", "b"))
			.isNotEqualTo(GatewayEndpoint.of("ws://two:3000", "a"))
			.isNotEqualTo("ws://one:3000")
			.isNotEqualTo(null);
		assertThat(keyed.toString()).contains("ws://one:3000", "a", "******")
			.doesNotContain(KEY.toString())
			.doesNotContain(java.util.Base64.getEncoder().encodeToString(KEY.getEncoded()).substring(0, 20));
	}

	private static void assertInvalid(OllamaTemplate.Builder builder, String setting) {
		assertThatExceptionOfType(InvalidSettingException.class).isThrownBy(builder::build)
			.satisfies((ex) -> assertThat(ex.setting()).isEqualTo(setting));
	}

}
