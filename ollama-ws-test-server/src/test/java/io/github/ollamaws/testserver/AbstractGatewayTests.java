package io.github.ollamaws.testserver;

import org.apache.tomcat.websocket.WsWebSocketContainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * Shares one client container and one server per test class; tests that need other
 * settings build their own server.
 */
abstract class AbstractGatewayTests {

	static WsWebSocketContainer container;

	static OllamaWsTestServer server;

	static TestClient client;

	@BeforeAll
	static void startServer() {
		container = new WsWebSocketContainer();
		server = OllamaWsTestServer.builder().start();
		client = server.registerNewClient(TestKeys.rsa());
	}

	@AfterAll
	static void stopServer() {
		server.close();
		container.destroy();
	}

	@AfterEach
	void clearFaults() {
		server.faults().clear();
	}

	static RawClient connect() throws Exception {
		return RawClient.connect(container, server);
	}

	static RawClient authenticated() throws Exception {
		return RawClient.authenticated(container, server, client);
	}

}
