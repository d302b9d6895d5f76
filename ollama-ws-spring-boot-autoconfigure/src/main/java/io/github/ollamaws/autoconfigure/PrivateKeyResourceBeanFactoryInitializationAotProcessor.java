package io.github.ollamaws.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.util.ResourceUtils;
import org.springframework.util.StringUtils;

/**
 * Makes a private key that the configuration names as a {@code classpath:} resource part
 * of a native image: a native image holds only the resources registered at build time.
 * The location is read from the environment the application is processed with
 * ({@code ollama.ws.private-key-location}, or a {@code classpath:} location given as
 * {@code ollama.ws.private-key} or as a gateway's
 * {@code ollama.ws.gateways[n].private-key}); exactly that file is registered, never a
 * pattern that could take other keys on the class path along. A key named only at run
 * time (an environment variable, a {@code file:} location, inline PEM) needs no resource
 * in the image, or the application's own resource hint.
 */
class PrivateKeyResourceBeanFactoryInitializationAotProcessor implements BeanFactoryInitializationAotProcessor {

	private static final String[] LOCATION_PROPERTIES = { "ollama.ws.private-key-location", "ollama.ws.private-key" };

	@Override
	public @Nullable BeanFactoryInitializationAotContribution processAheadOfTime(
			ConfigurableListableBeanFactory beanFactory) {
		if (!beanFactory.containsBean(ConfigurableApplicationContext.ENVIRONMENT_BEAN_NAME)) {
			return null;
		}
		Environment environment = beanFactory.getBean(ConfigurableApplicationContext.ENVIRONMENT_BEAN_NAME,
				Environment.class);
		List<String> locations = new ArrayList<>();
		for (String property : LOCATION_PROPERTIES) {
			locations.add(environment.getProperty(property));
		}
		// Each gateway of a fleet may have a key of its own.
		Binder.get(environment)
			.bind("ollama.ws.gateways", Bindable.listOf(OllamaWsProperties.Gateway.class))
			.orElse(List.of())
			.forEach((gateway) -> locations.add(gateway.getPrivateKey()));
		Set<String> resources = new LinkedHashSet<>();
		for (String location : locations) {
			if (location != null && location.startsWith(ResourceUtils.CLASSPATH_URL_PREFIX)) {
				String path = StringUtils
					.trimLeadingCharacter(location.substring(ResourceUtils.CLASSPATH_URL_PREFIX.length()).strip(), '/');
				if (!path.isEmpty()) {
					resources.add(path);
				}
			}
		}
		if (resources.isEmpty()) {
			return null;
		}
		return (generationContext, code) -> resources
			.forEach((resource) -> generationContext.getRuntimeHints().resources().registerPattern(resource));
	}

}
