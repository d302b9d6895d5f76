package io.github.ollamaws.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import io.github.ollamaws.client.OllamaTemplate;
import io.github.ollamaws.testserver.OllamaWsTestServer;
import io.github.ollamaws.testserver.TestClient;
import io.github.ollamaws.testserver.TestKeys;

/**
 * A real test gateway on loopback with a registered client, and real
 * {@link OllamaTemplate}s against it with short limits. Closing it closes the templates,
 * then the gateway.
 */
public final class LiveGateway implements AutoCloseable {

	private final List<OllamaTemplate> templates = new ArrayList<>();

	private final OllamaWsTestServer server;

	private final TestClient client;

	private LiveGateway(OllamaWsTestServer server) {
		this.server = server;
		this.client = server.registerNewClient(TestKeys.ec());
	}

	/**
	 * Starts a gateway.
	 * @param builder the gateway's settings
	 * @return the running gateway
	 */
	public static LiveGateway start(OllamaWsTestServer.Builder builder) {
		return new LiveGateway(builder.start());
	}

	/**
	 * The gateway.
	 * @return the test server
	 */
	public OllamaWsTestServer server() {
		return this.server;
	}

	/**
	 * The registered client.
	 * @return the client, with its keys
	 */
	public TestClient client() {
		return this.client;
	}

	/**
	 * A template for the registered client, with short limits so that failures end
	 * quickly.
	 * @param customizer changes to the settings
	 * @return the template, closed with this gateway
	 */
	public OllamaTemplate template(UnaryOperator<OllamaTemplate.Builder> customizer) {
		OllamaTemplate template = customizer.apply(templateBuilder(this.server, this.client)).build();
		this.templates.add(template);
		return template;
	}

	/**
	 * A template builder for a client of a test gateway, with short limits so that
	 * failure tests end quickly.
	 * @param server the gateway
	 * @param client the registered client
	 * @return the builder
	 */
	public static OllamaTemplate.Builder templateBuilder(OllamaWsTestServer server, TestClient client) {
		return OllamaTemplate.builder()
			.url(server.url())
			.clientId(client.clientId())
			.privateKey(client.keys().privateKey())
			.connectTimeout(Duration.ofSeconds(5))
			.authTimeout(Duration.ofSeconds(5))
			.requestTimeout(Duration.ofSeconds(20))
			.shutdownTimeout(Duration.ofMillis(500))
			.reconnect((reconnect) -> reconnect.initialDelay(Duration.ofMillis(100))
				.multiplier(2.0)
				.maxDelay(Duration.ofSeconds(1))
				.maxAttempts(-1)
				.jitter(0.2));
	}

	@Override
	public void close() {
		this.templates.forEach(OllamaTemplate::close);
		this.server.close();
	}

}
