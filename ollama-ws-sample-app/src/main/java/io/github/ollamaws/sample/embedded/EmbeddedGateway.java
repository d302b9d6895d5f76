package io.github.ollamaws.sample.embedded;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.ollamaws.testserver.ModelBackend;
import io.github.ollamaws.testserver.ModelDescriptor;
import io.github.ollamaws.testserver.OllamaWsTestServer;
import io.github.ollamaws.testserver.TestClient;
import io.github.ollamaws.testserver.TestKeys;
import io.github.ollamaws.testserver.ollama.OllamaHttpBackend;

/**
 * A gateway running inside the app on a free loopback port, with a freshly generated
 * client key pair registered on it: in front of a real Ollama when one answers, else
 * serving the demo model. Closing it stops the gateway.
 */
public final class EmbeddedGateway implements AutoCloseable {

	private final OllamaWsTestServer server;

	private final TestClient client;

	private final GatewaySetup setup;

	private EmbeddedGateway(OllamaWsTestServer server, TestClient client, GatewaySetup setup) {
		this.server = server;
		this.client = client;
		this.setup = setup;
	}

	/**
	 * Starts a gateway: probes for an Ollama, picks the backend and the default model,
	 * generates and registers a client key pair.
	 * @param properties the sample's settings
	 * @param configuredDefaultModel the {@code ollama.ws.default-model} the user
	 * configured, or {@code null}
	 * @return the running gateway
	 */
	public static EmbeddedGateway start(SampleProperties properties, String configuredDefaultModel) {
		SampleProperties.Ollama ollama = properties.getOllama();
		URI ollamaUrl = ollama.getUrl();
		if (ollama.isEnabled() && OllamaHttpBackend.isAvailable(ollamaUrl, ollama.getProbeTimeout())) {
			OllamaHttpBackend backend = OllamaHttpBackend.create(ollamaUrl);
			String firstModel = firstModel(backend);
			String defaultModel = (configuredDefaultModel != null) ? configuredDefaultModel : firstModel;
			String note = (firstModel != null) ? "Chatting with the Ollama at " + ollamaUrl + "." : "The Ollama at "
					+ ollamaUrl + " has no models yet: pull one (for example 'ollama pull llama3.2') " + "and reload.";
			return start(backend, new GatewaySetup(GatewaySetup.Mode.OLLAMA, null, ollamaUrl, defaultModel, note));
		}
		String note = (ollama.isEnabled() ? "No Ollama answered at " + ollamaUrl : "Looking for an Ollama is off")
				+ ", so the embedded gateway serves a scripted demo model. "
				+ "Start Ollama and restart the app to chat with your own models (or set sample.ollama.url), "
				+ "or run with the 'remote' profile to use a real gateway.";
		String defaultModel = (configuredDefaultModel != null) ? configuredDefaultModel : GatewaySetup.DEMO_MODEL;
		return start(DemoBackend.create(properties.getDemo().getTokenDelay()),
				new GatewaySetup(GatewaySetup.Mode.DEMO, null, null, defaultModel, note));
	}

	private static EmbeddedGateway start(ModelBackend backend, GatewaySetup planned) {
		OllamaWsTestServer.Builder builder = OllamaWsTestServer.builder().backend(backend).recordFrames(false);
		if (planned.defaultModel() != null) {
			builder.defaultModel(planned.defaultModel());
		}
		OllamaWsTestServer server = builder.start();
		try {
			// EC keys: generated in milliseconds, and the real gateway accepts them too.
			TestClient client = server.registerNewClient(TestKeys.ec());
			GatewaySetup setup = new GatewaySetup(planned.mode(), server.url(), planned.ollamaUrl(),
					planned.defaultModel(), planned.note());
			return new EmbeddedGateway(server, client, setup);
		}
		catch (RuntimeException ex) {
			server.close();
			throw ex;
		}
	}

	private static String firstModel(OllamaHttpBackend backend) {
		try {
			List<ModelDescriptor> models = backend.listModels();
			return models.isEmpty() ? null : models.get(0).name();
		}
		catch (Exception ex) {
			return null;
		}
	}

	/**
	 * Returns what the app talks to.
	 * @return the setup
	 */
	public GatewaySetup setup() {
		return this.setup;
	}

	/**
	 * Returns the {@code ollama.ws.*} properties that point the starter at this gateway:
	 * the URL, the client id, the private key (PKCS#8 PEM) and the default model when one
	 * was chosen.
	 * @return the properties
	 */
	public Map<String, Object> clientProperties() {
		Map<String, Object> properties = new LinkedHashMap<>(this.server.springProperties(this.client));
		if (this.setup.defaultModel() != null) {
			properties.put("ollama.ws.default-model", this.setup.defaultModel());
		}
		return properties;
	}

	/**
	 * Returns the {@code ollama.ws.gateways[index].*} properties that make this gateway
	 * one of a fleet: its URL, client id and key.
	 * @param index the gateway's index in the fleet
	 * @return the properties
	 */
	public Map<String, Object> fleetProperties(int index) {
		String prefix = "ollama.ws.gateways[" + index + "].";
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put(prefix + "url", this.server.url().toString());
		properties.put(prefix + "client-id", this.client.clientId());
		properties.put(prefix + "private-key", this.client.privateKeyPem());
		if (index == 0 && this.setup.defaultModel() != null) {
			properties.put("ollama.ws.default-model", this.setup.defaultModel());
		}
		return properties;
	}

	/**
	 * Stops the gateway and its backend.
	 */
	@Override
	public void close() {
		this.server.close();
	}

	@Override
	public String toString() {
		return "EmbeddedGateway[url=" + this.setup.gatewayUrl() + ", mode=" + this.setup.mode() + "]";
	}

}
