package io.github.ollamaws.client;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import io.github.ollamaws.core.GatewayErrorException;
import io.github.ollamaws.core.ModelInfo;
import io.github.ollamaws.core.OllamaTimeoutException;
import io.github.ollamaws.testserver.ModelDescriptor;
import io.github.ollamaws.testserver.ScriptedBackend;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

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

}
