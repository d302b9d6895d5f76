package io.github.ollamaws.fleet;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.github.ollamaws.core.GatewayUnavailableException;
import io.github.ollamaws.core.ModelInfo;
import io.github.ollamaws.fleet.GatewayStatus.State;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * Tests for the fleet's value types on their own: the model rule the template routes by
 * ({@link GatewayStatus#lists}), what a status, a ping and a listed model say, the
 * endpoints' URLs without credentials, and a fixed source. The fleet's behaviour with
 * them is proven end to end ({@code FleetRoutingTests} and the other fleet tests).
 */
class FleetValueTypesTests {

	private static final GatewayEndpoint ONE = GatewayEndpoint.of("ws://one:3000", null);

	private static final GatewayEndpoint TWO = GatewayEndpoint.of("ws://two:3000", "client-2");

	@Test
	void aListingHoldsAModelByItsNameOrANameWithoutATagByItsLatestForm() {
		List<String> listed = List.of("llama2:latest", "mistral:7b", "phi3");
		assertThat(GatewayStatus.lists(listed, "llama2:latest")).isTrue();
		assertThat(GatewayStatus.lists(listed, "llama2")).isTrue();
		assertThat(GatewayStatus.lists(listed, "phi3")).isTrue();
		assertThat(GatewayStatus.lists(listed, "mistral:7b")).isTrue();
		// A tag is never dropped or added beyond :latest.
		assertThat(GatewayStatus.lists(listed, "mistral")).isFalse();
		assertThat(GatewayStatus.lists(listed, "phi3:latest")).isFalse();
		assertThat(GatewayStatus.lists(listed, "llama2:13b")).isFalse();
		assertThat(GatewayStatus.lists(listed, null)).isFalse();
		assertThat(GatewayStatus.lists(List.of(), "llama2")).isFalse();
	}

	@Test
	void aStatusIsUpOnlyWhenUpAndServesWhatItListed() {
		Instant fetched = Instant.parse("2026-12-07T12:00:00Z");
		GatewayStatus up = new GatewayStatus(ONE, State.UP, null, List.of("llama2:latest"), fetched, 2, 2, 1);
		assertThat(up.isUp()).isTrue();
		assertThat(up.serves("llama2")).isTrue();
		assertThat(up.serves("mistral")).isFalse();
		for (State state : List.of(State.DOWN, State.DRAINING)) {
			GatewayStatus notUp = new GatewayStatus(ONE, state, "refused", List.of("llama2:latest"), fetched, 0, 0, 0);
			assertThat(notUp.isUp()).as(state.name()).isFalse();
			// What it listed is still known: it serves the model again once up.
			assertThat(notUp.serves("llama2")).as(state.name()).isTrue();
		}
	}

	@Test
	void aPingSucceededWhenItHasNoFailure() {
		assertThat(new GatewayPing(ONE, Duration.ofMillis(3), null).succeeded()).isTrue();
		assertThat(new GatewayPing(ONE, null, new GatewayUnavailableException("refused", null)).succeeded()).isFalse();
	}

	@Test
	void aListedModelIsNamedByItsModel() {
		FleetModelInfo model = new FleetModelInfo(ModelInfo.ofName("llama2:latest"), List.of(ONE, TWO));
		assertThat(model.name()).isEqualTo("llama2:latest");
		assertThat(model.gateways()).containsExactly(ONE, TWO);
	}

	@Test
	void anEndpointKeepsItsUrlAndClientIdAndShowsTheUrlWithoutCredentials() {
		URI secret = URI.create("wss://user:s3cret@gateway.example/ws?token=t0ken");
		GatewayEndpoint endpoint = GatewayEndpoint.of(secret, "client-1");
		// The raw URL is for the code that connects; what is shown has no credentials.
		assertThat(endpoint.url()).isEqualTo(secret);
		assertThat(endpoint.clientId()).isEqualTo("client-1");
		assertThat(endpoint.privateKey()).isNull();
		assertThat(endpoint).hasToString("GatewayEndpoint[url=wss://gateway.example/ws, clientId=client-1]");
		assertThat(ONE).hasToString("GatewayEndpoint[url=ws://one:3000, clientId=null]");
		assertThat(GatewayEndpoint.of("ws://one:3000", null)).isEqualTo(ONE).hasSameHashCodeAs(ONE);
		assertThat(ONE).isEqualTo(ONE).isNotEqualTo(TWO);
		assertThatNullPointerException().isThrownBy(() -> GatewayEndpoint.of((String) null, null))
			.withMessage("url must not be null");
		assertThatNullPointerException().isThrownBy(() -> GatewayEndpoint.of((URI) null, null))
			.withMessage("url must not be null");
	}

	@Test
	void aFixedSourceListsACopyOfItsGateways() {
		List<GatewayEndpoint> gateways = new ArrayList<>(List.of(ONE, TWO));
		GatewaySource source = GatewaySource.of(gateways);
		gateways.clear();
		assertThat(source.gateways()).containsExactly(ONE, TWO);
		assertThatNullPointerException().isThrownBy(() -> GatewaySource.of(null))
			.withMessage("gateways must not be null");
	}

}
