package io.github.ollamaws.testserver.spring;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.ollamaws.testserver.OllamaWsTestServer;
import io.github.ollamaws.testserver.ScriptedBackend;
import io.github.ollamaws.testserver.TestClient;
import io.github.ollamaws.testserver.TestKeys;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Starts a test gateway for one application context and points the context's
 * {@code ollama.ws.*} properties at it. Equal for equal annotations, so Spring's context
 * cache shares a context (and its server) between test classes configured alike.
 */
final class OllamaWsTestServerContextCustomizer implements ContextCustomizer {

	/** The name of the server's bean. */
	static final String SERVER_BEAN = "ollamaWsTestServer";

	/** The name of the registered client's bean. */
	static final String CLIENT_BEAN = "ollamaWsTestClient";

	private static final String PROPERTY_SOURCE = "ollamaWsTestServer";

	private final String defaultModel;

	OllamaWsTestServerContextCustomizer(String defaultModel) {
		this.defaultModel = defaultModel;
	}

	@Override
	public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
		OllamaWsTestServer.Builder builder = OllamaWsTestServer.builder().backend(ScriptedBackend.withDefaultModels());
		if (!this.defaultModel.isEmpty()) {
			builder.defaultModel(this.defaultModel);
		}
		OllamaWsTestServer server = builder.start();
		TestClient client = server.registerNewClient(TestKeys.ec());
		DefaultListableBeanFactory beanFactory = (DefaultListableBeanFactory) context.getBeanFactory();
		beanFactory.registerSingleton(SERVER_BEAN, server);
		beanFactory.registerSingleton(CLIENT_BEAN, client);
		// Stopped with the context, after the beans that use it (singletons are destroyed
		// in reverse order).
		beanFactory.registerDisposableBean(SERVER_BEAN, server::close);
		Map<String, Object> properties = new LinkedHashMap<>(server.springProperties(client));
		context.getEnvironment().getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE, properties));
	}

	@Override
	public boolean equals(Object other) {
		return (other instanceof OllamaWsTestServerContextCustomizer that)
				&& this.defaultModel.equals(that.defaultModel);
	}

	@Override
	public int hashCode() {
		return this.defaultModel.hashCode();
	}

}
