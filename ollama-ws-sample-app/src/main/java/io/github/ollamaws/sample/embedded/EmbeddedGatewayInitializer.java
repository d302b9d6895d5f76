package io.github.ollamaws.sample.embedded;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.tomcat.util.modeler.Registry;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.aot.AbstractAotProcessor;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Starts an {@link EmbeddedGateway} when no gateway is configured ({@code ollama.ws.url}
 * is not set), and points the starter at it by adding {@code ollama.ws.url},
 * {@code client-id}, {@code private-key} and {@code default-model} to the environment. It
 * runs before the context is refreshed, so before the starter creates its
 * {@code OllamaTemplate}. The gateway is a bean that is closed with the context, after
 * the template has stopped.
 *
 * <p>
 * Either way it registers the {@link GatewaySetup} bean that tells the page what the app
 * talks to. Registered in {@code META-INF/spring.factories}.
 *
 * <p>
 * Ahead-of-time processing ({@code spring-boot:process-aot}) refreshes the context only
 * to generate code, and this initializer then does nothing: a gateway started there would
 * outlive the processing and keep the build's JVM alive. The beans are registered as
 * singletons, as Spring Boot's own initializers register theirs, not as bean definitions:
 * AOT processing leaves singletons out of the generated code, and this initializer runs
 * again when the processed application starts, where it decides afresh.
 */
public class EmbeddedGatewayInitializer
		implements ApplicationContextInitializer<ConfigurableApplicationContext>, Ordered {

	/**
	 * The name of the property source holding the embedded gateway's client properties.
	 */
	public static final String PROPERTY_SOURCE_NAME = "embeddedOllamaWsGateway";

	private static final String URL_PROPERTY = "ollama.ws.url";

	private static final Log logger = LogFactory.getLog(EmbeddedGatewayInitializer.class);

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		if (Boolean.getBoolean(AbstractAotProcessor.AOT_PROCESSING)) {
			return;
		}
		ConfigurableEnvironment environment = context.getEnvironment();
		SampleProperties properties = Binder.get(environment).bindOrCreate("sample", SampleProperties.class);
		String configuredUrl = environment.getProperty(URL_PROPERTY);
		if (configuredUrl == null) {
			// A configured fleet is a configured gateway too.
			configuredUrl = environment.getProperty("ollama.ws.gateways[0].url");
		}
		boolean discovery = environment.getProperty("ollama.ws.discovery.service-id") != null;
		if (configuredUrl != null || discovery || !properties.getEmbedded().isEnabled()) {
			GatewaySetup setup = new GatewaySetup(GatewaySetup.Mode.REMOTE, displayUrl(configuredUrl), null, null,
					"Using the gateway configured with " + URL_PROPERTY + ".");
			logger.info("Using the Ollama WebSocket gateway at " + setup.gatewayUrl() + " (" + URL_PROPERTY + ")");
			register(context, setup, List.of());
			return;
		}
		if (!environment.getProperty("server.tomcat.mbeanregistry.enabled", Boolean.class, false)) {
			// Spring Boot turns Tomcat's MBean registry off, but only for a registry
			// nothing has used yet: the embedded gateway's Tomcat starts first.
			Registry.disableRegistry();
		}
		String defaultModel = environment.getProperty("ollama.ws.default-model");
		int count = properties.getEmbedded().getGateways();
		if (count <= 1) {
			EmbeddedGateway gateway = EmbeddedGateway.start(properties, defaultModel);
			environment.getPropertySources()
				.addFirst(new MapPropertySource(PROPERTY_SOURCE_NAME, gateway.clientProperties()));
			register(context, gateway.setup(), List.of(gateway));
			log(gateway.setup(), properties.getOllama());
			return;
		}
		List<EmbeddedGateway> fleet = startFleet(properties, defaultModel, count);
		Map<String, Object> clientProperties = new LinkedHashMap<>();
		for (int i = 0; i < fleet.size(); i++) {
			clientProperties.putAll(fleet.get(i).fleetProperties(i));
		}
		environment.getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE_NAME, clientProperties));
		GatewaySetup first = fleet.get(0).setup();
		GatewaySetup setup = new GatewaySetup(first.mode(), first.gatewayUrl(), first.ollamaUrl(), first.defaultModel(),
				first.note() + " One template spreads the requests over " + count
						+ " embedded gateways (ollama.ws.gateways; see /actuator/health).");
		register(context, setup, fleet);
		log(setup, properties.getOllama());
	}

	private static List<EmbeddedGateway> startFleet(SampleProperties properties, String defaultModel, int count) {
		List<EmbeddedGateway> fleet = new ArrayList<>();
		try {
			for (int i = 0; i < count; i++) {
				fleet.add(EmbeddedGateway.start(properties, defaultModel));
			}
			return fleet;
		}
		catch (RuntimeException ex) {
			fleet.forEach(EmbeddedGateway::close);
			throw ex;
		}
	}

	/**
	 * The gateway URL as it may be shown: without user info or query, which could carry a
	 * credential.
	 * @param url the configured {@code ollama.ws.url}, or {@code null}
	 * @return the URL without user info or query, or {@code null} if none is configured
	 * or it is malformed
	 */
	private static URI displayUrl(String url) {
		if (url == null) {
			return null;
		}
		try {
			URI uri = URI.create(url);
			return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null);
		}
		catch (IllegalArgumentException | URISyntaxException ex) {
			// The starter reports a malformed URL itself, with the property to fix.
			return null;
		}
	}

	private static void register(ConfigurableApplicationContext context, GatewaySetup setup,
			List<EmbeddedGateway> gateways) {
		ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
		beanFactory.registerSingleton("gatewaySetup", setup);
		for (int i = 0; i < gateways.size(); i++) {
			EmbeddedGateway gateway = gateways.get(i);
			String name = (i == 0) ? "embeddedGateway" : "embeddedGateway" + i;
			beanFactory.registerSingleton(name, gateway);
			if (beanFactory instanceof DefaultSingletonBeanRegistry registry) {
				// Registered before any bean of the context, so destroyed last: after the
				// template has closed.
				registry.registerDisposableBean(name, gateway::close);
			}
			else {
				context.addApplicationListener((ContextClosedEvent event) -> gateway.close());
			}
		}
	}

	private static void log(GatewaySetup setup, SampleProperties.Ollama ollama) {
		if (setup.mode() == GatewaySetup.Mode.OLLAMA) {
			logger.info("No gateway configured (" + URL_PROPERTY + " is not set): started an embedded gateway at "
					+ setup.gatewayUrl() + " in front of the Ollama at " + setup.ollamaUrl() + ". " + setup.note());
			return;
		}
		String noOllama = ollama.isEnabled() ? "no Ollama answered at " + ollama.getUrl()
				: "looking for an Ollama is off (sample.ollama.enabled)";
		// INFO: the demo model is what the sample is documented to do without Ollama, not
		// a problem to warn of.
		logger.info("No gateway configured (" + URL_PROPERTY + " is not set) and " + noOllama
				+ ": started an embedded gateway at " + setup.gatewayUrl() + " serving the scripted '"
				+ GatewaySetup.DEMO_MODEL + "' model. To chat with your own models, "
				+ "start Ollama ('ollama serve') and restart, or set sample.ollama.url. To use a real gateway, run "
				+ "with --spring.profiles.active=remote and set ollama.ws.url, ollama.ws.client-id and "
				+ "ollama.ws.private-key.");
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
