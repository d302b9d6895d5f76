package io.github.ollamaws.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import io.github.ollamaws.testserver.OllamaWsTestServer;
import io.github.ollamaws.testserver.ScriptedBackend;
import io.github.ollamaws.testserver.TestClient;
import io.github.ollamaws.testserver.TestKeyPair;

/**
 * Several loopback test gateways with one key registered on each (so each has its own
 * client id), and the {@code ollama.ws.gateways[n].*} properties that point the starter
 * at them.
 */
public final class TestGateways implements AutoCloseable {

	private final List<OllamaWsTestServer> servers = new ArrayList<>();

	private final List<TestClient> clients = new ArrayList<>();

	private final TestKeyPair keys;

	private TestGateways(TestKeyPair keys) {
		this.keys = keys;
	}

	/**
	 * Starts {@code count} gateways, each without models, {@code keys} registered on
	 * each.
	 * @param count how many
	 * @param keys the key registered on every gateway
	 * @return the gateways
	 */
	public static TestGateways start(int count, TestKeyPair keys) {
		TestGateways gateways = new TestGateways(keys);
		for (int i = 0; i < count; i++) {
			gateways.add();
		}
		return gateways;
	}

	/**
	 * Starts one more gateway, with the same key registered.
	 * @return its index
	 */
	public int add() {
		OllamaWsTestServer server = OllamaWsTestServer.builder().backend(ScriptedBackend.create()).start();
		this.servers.add(server);
		this.clients.add(server.registerNewClient(this.keys));
		return this.servers.size() - 1;
	}

	/**
	 * The gateway at {@code index}.
	 * @param index the index
	 * @return the server
	 */
	public OllamaWsTestServer server(int index) {
		return this.servers.get(index);
	}

	/**
	 * The client registered on the gateway at {@code index}.
	 * @param index the index
	 * @return the client
	 */
	public TestClient client(int index) {
		return this.clients.get(index);
	}

	/**
	 * {@code ollama.ws.private-key} and, for each gateway, its
	 * {@code ollama.ws.gateways[n].url} and {@code client-id}.
	 * @return the property values
	 */
	public String[] propertyValues() {
		List<String> values = new ArrayList<>();
		values.add("ollama.ws.private-key=" + this.keys.privateKeyPem());
		for (int i = 0; i < this.servers.size(); i++) {
			values.add("ollama.ws.gateways[" + i + "].url=" + this.servers.get(i).url());
			values.add("ollama.ws.gateways[" + i + "].client-id=" + this.clients.get(i).clientId());
		}
		return values.toArray(String[]::new);
	}

	@Override
	public void close() {
		this.servers.forEach(OllamaWsTestServer::close);
	}

}
