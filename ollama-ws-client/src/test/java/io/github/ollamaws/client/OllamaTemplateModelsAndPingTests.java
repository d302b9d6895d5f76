package io.github.ollamaws.client;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import io.github.ollamaws.core.GatewayErrorException;
import io.github.ollamaws.core.ModelInfo;
import io.github.ollamaws.core.OllamaTimeoutException;
import io.github.ollamaws.fleet.FleetModelInfo;
import io.github.ollamaws.fleet.GatewayEndpoint;
import io.github.ollamaws.fleet.GatewayStatus;
import io.github.ollamaws.testserver.ModelDescriptor;
import io.github.ollamaws.testserver.ScriptedBackend;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * End-to-end tests of listing models and pinging.
 */
class OllamaTemplateModelsAndPingTests extends GatewayTestSupport {

	@BeforeEach
	void startGateway() {
		startServer(ScriptedBackend.withDefaultModels().model("mistral", "x"));
	}

	@Test
	void listsModelsWithTheirDetails() {
		List<ModelInfo> models = template().listModels();
		assertThat(models).extracting(ModelInfo::name).containsExactlyInAnyOrder("llama2", "mistral");
		assertThat(models).allSatisfy((model) -> {
			ModelDescriptor served = ModelDescriptor.of(model.name());
			assertThat(model.size()).isEqualTo(served.size());
			assertThat(model.digest()).isEqualTo(served.digest()).hasSize(64);
			assertThat(model.family()).isEqualTo("llama");
			assertThat(model.modifiedAt()).isEqualTo(OffsetDateTime.parse(served.modifiedAt()));
		});
	}

	@Test
	void concurrentListingsAllComplete() {
		OllamaTemplate template = template((builder) -> builder.pool((pool) -> pool.size(1)));
		List<CompletableFuture<List<ModelInfo>>> listings = IntStream.range(0, 20)
			.mapToObj((i) -> template.listModelsAsync())
			.toList();
		CompletableFuture.allOf(listings.toArray(CompletableFuture[]::new)).join();
		assertThat(listings).allSatisfy((listing) -> assertThat(listing.join()).hasSize(2));
	}

	@Test
	void failedListingFailsWithTheGatewaysMessage() {
		this.server.faults().failModelListing("connect ECONNREFUSED 127.0.0.1:11434");
		assertThatExceptionOfType(GatewayErrorException.class).isThrownBy(template()::listModels).satisfies((ex) -> {
			assertThat(ex.serverMessage()).startsWith("Failed to list models").contains("ECONNREFUSED");
			assertThat(ex.code()).isNull();
		});
	}

	@Test
	void pingWaitsForThePong() {
		OllamaTemplate template = template();
		Duration roundTrip = template.ping();
		assertThat(roundTrip).isPositive().isLessThan(Duration.ofSeconds(5));
		assertThat(this.server.receivedFrames("ping")).hasSize(1);
	}

	@Test
	void pingWithoutPongTimesOut() {
		OllamaTemplate template = template((builder) -> builder
			.heartbeat((heartbeat) -> heartbeat.enabled(false).timeout(Duration.ofMillis(300))));
		template.ping();
		this.server.faults().ignorePings();
		assertThatExceptionOfType(OllamaTimeoutException.class).isThrownBy(template::ping)
			.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(OllamaTimeoutException.Kind.PING));
	}

	@Test
	void aTemplateOfOneGatewayListsPingsAndReportsThatGatewayAsAFleetOfOne() {
		OllamaTemplate template = template((builder) -> builder.pool((pool) -> pool.size(1)));
		GatewayEndpoint gateway = GatewayEndpoint.of(this.server.url(), this.client.clientId());
		assertThat(template.listFleetModels()).extracting(FleetModelInfo::name, FleetModelInfo::gateways)
			.containsExactlyInAnyOrder(tuple("llama2", List.of(gateway)), tuple("mistral", List.of(gateway)));
		assertThat(template.pingAll()).singleElement().satisfies((ping) -> {
			assertThat(ping.gateway()).isEqualTo(gateway);
			assertThat(ping.succeeded()).isTrue();
			assertThat(ping.roundTrip()).isPositive();
		});
		assertThat(template.gatewayStatuses()).singleElement().satisfies((status) -> {
			assertThat(status.endpoint()).isEqualTo(gateway);
			assertThat(status.state()).isEqualTo(GatewayStatus.State.UP);
			assertThat(status.reason()).isNull();
			assertThat(status.models()).isEmpty();
			assertThat(status.openConnections()).isOne();
			assertThat(status.authenticatedConnections()).isOne();
			assertThat(status.inFlight()).isZero();
		});
	}

	@Test
	void aTemplateOfOneGatewayReportsItDownWithTheLastFailureAndItsFailedPing() {
		OllamaTemplate template = template((builder) -> builder.pool((pool) -> pool.size(1))
			.heartbeat((heartbeat) -> heartbeat.enabled(false).timeout(Duration.ofMillis(300))));
		template.ping();
		this.server.faults().ignorePings();
		assertThat(template.pingAll()).singleElement().satisfies((ping) -> {
			assertThat(ping.succeeded()).isFalse();
			assertThat(ping.roundTrip()).isNull();
			assertThat(ping.failure()).isInstanceOf(OllamaTimeoutException.class);
		});
		this.server.close();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> template.gatewayStatuses().get(0).state() == GatewayStatus.State.DOWN);
		assertThat(template.gatewayStatuses()).singleElement().satisfies((status) -> {
			assertThat(status.reason()).isNotBlank().isNotEqualTo("not connected yet");
			assertThat(status.authenticatedConnections()).isZero();
		});
	}

}
