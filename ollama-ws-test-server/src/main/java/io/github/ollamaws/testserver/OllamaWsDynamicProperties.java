package io.github.ollamaws.testserver;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Points a {@code @SpringBootTest} at an {@link OllamaWsTestServer} through Spring's
 * {@link DynamicPropertyRegistry}:
 *
 * <pre class="code">
 * &#64;DynamicPropertySource
 * static void gateway(DynamicPropertyRegistry registry) {
 *     OllamaWsDynamicProperties.register(registry, server, client);
 * }
 * </pre>
 *
 * For {@code ApplicationContextRunner.withPropertyValues(...)} use
 * {@link OllamaWsTestServer#springPropertyValues(TestClient)}.
 */
public final class OllamaWsDynamicProperties {

	private OllamaWsDynamicProperties() {
	}

	/**
	 * Registers {@code ollama.ws.url}, {@code ollama.ws.client-id} and
	 * {@code ollama.ws.private-key} (PKCS#8 PEM) for the server and client. The URL is
	 * read when the property is resolved, so a server started after this call is found.
	 * @param registry the registry
	 * @param server the server
	 * @param client the client to connect as
	 */
	public static void register(DynamicPropertyRegistry registry, OllamaWsTestServer server, TestClient client) {
		registry.add("ollama.ws.url", () -> server.url().toString());
		registry.add("ollama.ws.client-id", client::clientId);
		registry.add("ollama.ws.private-key", client::privateKeyPem);
	}

}
