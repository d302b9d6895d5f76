package io.github.ollamaws.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

import io.github.ollamaws.event.OllamaConnectionEvent;
import io.github.ollamaws.testserver.OllamaWsTestServer;
import io.github.ollamaws.testserver.ScriptedBackend;
import io.github.ollamaws.testserver.TestClient;
import io.github.ollamaws.testserver.TestKeys;
import io.github.ollamaws.testsupport.LiveGateway;
import org.junit.jupiter.api.AfterEach;

/**
 * Starts a real test gateway on loopback and builds real {@link OllamaTemplate}s against
 * it: no mocks, real keys, real signatures. Everything started is stopped after each
 * test.
 */
abstract class GatewayTestSupport {

	protected final List<OllamaConnectionEvent> events = new CopyOnWriteArrayList<>();

	private final List<AutoCloseable> resources = new ArrayList<>();

	protected OllamaWsTestServer server;

	protected TestClient client;

	protected OllamaWsTestServer startServer(ScriptedBackend backend) {
		return startServer(OllamaWsTestServer.builder().backend(backend));
	}

	protected OllamaWsTestServer startServer(OllamaWsTestServer.Builder builder) {
		this.server = builder.start();
		this.resources.add(this.server);
		this.client = this.server.registerNewClient(TestKeys.ec());
		return this.server;
	}

	/**
	 * A template for {@link #client} with short limits, so that failure tests end
	 * quickly.
	 */
	protected OllamaTemplate template(UnaryOperator<OllamaTemplate.Builder> customizer) {
		OllamaTemplate.Builder builder = LiveGateway.templateBuilder(this.server, this.client)
			.shutdownTimeout(Duration.ofSeconds(2))
			.eventListener(this.events::add);
		OllamaTemplate template = customizer.apply(builder).build();
		this.resources.add(template);
		return template;
	}

	protected OllamaTemplate template() {
		return template(UnaryOperator.identity());
	}

	protected <E extends OllamaConnectionEvent> List<E> events(Class<E> type) {
		return this.events.stream().filter(type::isInstance).map(type::cast).toList();
	}

	@AfterEach
	void closeResources() throws Exception {
		// Templates first (they were added after the server), then the server.
		for (int i = this.resources.size() - 1; i >= 0; i--) {
			this.resources.get(i).close();
		}
	}

}
