package io.github.ollamaws.fleet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

import io.github.ollamaws.client.OllamaTemplate;
import io.github.ollamaws.event.OllamaConnectionEvent;
import io.github.ollamaws.testserver.OllamaWsTestServer;
import io.github.ollamaws.testserver.ScriptedBackend;
import io.github.ollamaws.testserver.TestClient;
import io.github.ollamaws.testserver.TestKeyPair;
import io.github.ollamaws.testserver.TestKeys;
import org.junit.jupiter.api.AfterEach;

import static org.awaitility.Awaitility.await;

/**
 * Several real test gateways on loopback, each with the same real key registered under an
 * id of its own (as each gateway registers keys on its own), and templates over them.
 * Everything started is closed after each test, templates first.
 */
abstract class FleetTestSupport {

	protected final List<OllamaConnectionEvent> events = new CopyOnWriteArrayList<>();

	protected final TestKeyPair keys = TestKeys.ec();

	private final List<AutoCloseable> resources = new ArrayList<>();

	/**
	 * Starts a gateway and registers the shared key on it.
	 * @param backend its models
	 * @return the gateway
	 */
	protected Gateway startGateway(ScriptedBackend backend) {
		OllamaWsTestServer server = OllamaWsTestServer.builder().backend(backend).start();
		this.resources.add(server);
		return new Gateway(server, server.registerNewClient(this.keys));
	}

	/**
	 * A template over the gateways, with short limits so that failures end quickly.
	 */
	protected OllamaTemplate fleet(UnaryOperator<OllamaTemplate.Builder> customizer, Gateway... gateways) {
		OllamaTemplate.Builder builder = builder().gateways(Arrays.stream(gateways).map(Gateway::endpoint).toList());
		return track(customizer.apply(builder).build());
	}

	protected OllamaTemplate fleet(Gateway... gateways) {
		return fleet(UnaryOperator.identity(), gateways);
	}

	protected OllamaTemplate.Builder builder() {
		return OllamaTemplate.builder()
			.privateKey(this.keys.privateKey())
			.connectTimeout(Duration.ofSeconds(5))
			.authTimeout(Duration.ofSeconds(5))
			.requestTimeout(Duration.ofSeconds(30))
			.shutdownTimeout(Duration.ofSeconds(2))
			.reconnect((reconnect) -> reconnect.initialDelay(Duration.ofMillis(100))
				.multiplier(2.0)
				.maxDelay(Duration.ofSeconds(1))
				.maxAttempts(-1)
				.jitter(0.2))
			.eventListener(this.events::add);
	}

	protected OllamaTemplate track(OllamaTemplate template) {
		this.resources.add(template);
		return template;
	}

	/**
	 * Waits until every gateway is up and has listed {@code model}.
	 */
	protected static void awaitServing(OllamaTemplate template, String model, int gateways) {
		await("gateways up and serving " + model).atMost(Duration.ofSeconds(15))
			.until(() -> template.gatewayStatuses()
				.stream()
				.filter((status) -> status.isUp() && status.serves(model))
				.count() == gateways);
	}

	protected static GatewayStatus status(OllamaTemplate template, Gateway gateway) {
		return template.gatewayStatuses()
			.stream()
			.filter((status) -> status.endpoint().equals(gateway.endpoint()))
			.findFirst()
			.orElse(null);
	}

	@AfterEach
	void closeResources() throws Exception {
		for (int i = this.resources.size() - 1; i >= 0; i--) {
			this.resources.get(i).close();
		}
	}

	/**
	 * A test gateway and the client the shared key is registered as on it.
	 */
	protected record Gateway(OllamaWsTestServer server, TestClient client) {

		GatewayEndpoint endpoint() {
			return GatewayEndpoint.of(this.server.url(), this.client.clientId());
		}

		/** The generations this gateway was asked for. */
		int generations() {
			return this.server.generationRequests().size();
		}

		long generations(String model) {
			return this.server.generationRequests().stream().filter((request) -> model.equals(request.model())).count();
		}

	}

}
