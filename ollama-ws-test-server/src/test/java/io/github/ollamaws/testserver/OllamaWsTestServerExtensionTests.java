package io.github.ollamaws.testserver;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.tomcat.websocket.WsWebSocketContainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

class OllamaWsTestServerExtensionTests {

	@RegisterExtension
	static OllamaWsTestServerExtension gateway = OllamaWsTestServerExtension
		.configure((builder) -> builder.defaultModel("echo")
			.backend(ScriptedBackend.create().model(ScriptedModel.named("echo").echo()))
			.authTimeout(Duration.ofSeconds(5)));

	static WsWebSocketContainer container;

	@BeforeAll
	static void createContainer() {
		container = new WsWebSocketContainer();
	}

	@AfterAll
	static void destroyContainer() {
		container.destroy();
	}

	@Test
	void injectsTheRunningServerAndARegisteredClient(OllamaWsTestServer server, TestClient client,
			ScriptedBackend backend) throws Exception {
		assertThat(server).isSameAs(gateway.server());
		assertThat(client).isSameAs(gateway.client());
		assertThat(server.isRunning()).isTrue();
		assertThat(server.defaultModel()).isEqualTo("echo");
		assertThat(backend.script("echo")).isNotNull();
		try (RawClient raw = RawClient.authenticated(container, server, client)) {
			raw.send(RawClient.json("type", "generate", "id", "ext-1", "prompt", "from the extension"));
			assertThat(raw.next("stream_start").get("model").asText()).isEqualTo("echo");
		}
	}

	@Test
	void springPropertiesPointAtTheServer(OllamaWsTestServer server, TestClient client) {
		Map<String, String> properties = server.springProperties(client);
		assertThat(properties).containsOnlyKeys("ollama.ws.url", "ollama.ws.client-id", "ollama.ws.private-key");
		assertThat(properties.get("ollama.ws.url")).isEqualTo("ws://127.0.0.1:" + server.port());
		assertThat(properties.get("ollama.ws.client-id")).isEqualTo(client.clientId());
		assertThat(properties.get("ollama.ws.private-key")).startsWith("-----BEGIN PRIVATE KEY-----");
		Map<String, String> parsed = new LinkedHashMap<>();
		for (String value : server.springPropertyValues(client)) {
			int separator = value.indexOf('=');
			parsed.put(value.substring(0, separator), value.substring(separator + 1));
		}
		assertThat(parsed).isEqualTo(properties);
	}

	@Test
	void dynamicPropertiesRegisterTheSameValues(OllamaWsTestServer server, TestClient client) {
		Map<String, Supplier<Object>> registered = new LinkedHashMap<>();
		OllamaWsDynamicProperties.register(registered::put, server, client);
		Map<String, String> values = new LinkedHashMap<>();
		registered.forEach((name, supplier) -> values.put(name, String.valueOf(supplier.get())));
		assertThat(values).isEqualTo(server.springProperties(client));
	}

	@Nested
	class NestedTests {

		@Test
		void sharesTheEnclosingServer(OllamaWsTestServer server) {
			assertThat(server).isSameAs(gateway.server());
		}

	}

}
