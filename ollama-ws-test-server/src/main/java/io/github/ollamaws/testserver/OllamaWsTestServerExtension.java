package io.github.ollamaws.testserver;

import java.util.Objects;
import java.util.function.Consumer;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that starts an {@link OllamaWsTestServer} once per test class,
 * registers one RSA {@link TestClient} on it, injects both (and the
 * {@link ScriptedBackend}) as parameters, and stops the server after the class. Nested
 * classes share their enclosing class's server.
 *
 * <pre class="code">
 * &#64;ExtendWith(OllamaWsTestServerExtension.class)
 * class MyTests {
 *
 *     &#64;Test
 *     void generates(OllamaWsTestServer server, TestClient client) { ... }
 *
 * }
 * </pre>
 *
 * To configure the server, register it on a static field instead:
 *
 * <pre class="code">
 * &#64;RegisterExtension
 * static OllamaWsTestServerExtension gateway = OllamaWsTestServerExtension
 *     .configure((builder) -&gt; builder.authTimeout(Duration.ofSeconds(1)));
 * </pre>
 */
public class OllamaWsTestServerExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

	private final Consumer<OllamaWsTestServer.Builder> configuration;

	private OllamaWsTestServer server;

	private TestClient client;

	private String ownerId;

	/**
	 * Creates the extension with a server of default settings.
	 */
	public OllamaWsTestServerExtension() {
		this((builder) -> {
		});
	}

	private OllamaWsTestServerExtension(Consumer<OllamaWsTestServer.Builder> configuration) {
		this.configuration = Objects.requireNonNull(configuration, "configuration");
	}

	/**
	 * Creates the extension with a server configured by the given callback.
	 * @param configuration configures the server's builder
	 * @return the extension, to register on a static field
	 */
	public static OllamaWsTestServerExtension configure(Consumer<OllamaWsTestServer.Builder> configuration) {
		return new OllamaWsTestServerExtension(configuration);
	}

	/**
	 * Returns the running server.
	 * @return the server
	 * @throws IllegalStateException outside the test class's lifecycle
	 */
	public OllamaWsTestServer server() {
		if (this.server == null) {
			throw new IllegalStateException("The Ollama WebSocket test server is not running");
		}
		return this.server;
	}

	/**
	 * Returns the client registered on the server.
	 * @return the client
	 * @throws IllegalStateException outside the test class's lifecycle
	 */
	public TestClient client() {
		server();
		return this.client;
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		if (this.server != null) {
			return;
		}
		OllamaWsTestServer.Builder builder = OllamaWsTestServer.builder();
		this.configuration.accept(builder);
		this.server = builder.start();
		this.client = this.server.registerNewClient(TestKeys.rsa());
		this.ownerId = context.getUniqueId();
	}

	@Override
	public void afterAll(ExtensionContext context) {
		if (this.server != null && context.getUniqueId().equals(this.ownerId)) {
			this.server.close();
			this.server = null;
			this.client = null;
			this.ownerId = null;
		}
	}

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		Class<?> type = parameterContext.getParameter().getType();
		return type == OllamaWsTestServer.class || type == TestClient.class || type == ScriptedBackend.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		Class<?> type = parameterContext.getParameter().getType();
		if (type == TestClient.class) {
			return client();
		}
		if (type == ScriptedBackend.class) {
			return server().scriptedBackend();
		}
		return server();
	}

}
