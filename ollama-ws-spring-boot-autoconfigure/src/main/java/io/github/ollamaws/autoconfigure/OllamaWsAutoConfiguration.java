package io.github.ollamaws.autoconfigure;

import java.util.Objects;

import io.github.ollamaws.client.OllamaOperations;
import io.github.ollamaws.client.OllamaTemplate;
import io.github.ollamaws.core.GatewayUrls;
import io.github.ollamaws.core.OllamaClientObserver;
import io.github.ollamaws.discovery.DiscoveryGatewaySource;
import io.github.ollamaws.fleet.GatewaySource;
import io.github.ollamaws.reactive.ReactiveOllamaOperations;
import io.github.ollamaws.reactive.ReactiveOllamaTemplate;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.thread.Threading;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.task.VirtualThreadTaskExecutor;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for {@link OllamaTemplate}, the
 * client of an Ollama WebSocket gateway.
 * <p>
 * Registers, each unless the application defines its own:
 * <ul>
 * <li>{@link OllamaWsConnectionDetails} from the {@code ollama.ws.*} properties;</li>
 * <li>an {@link OllamaTemplateConfigurer}, to build further templates with the same
 * settings;</li>
 * <li>an {@link OllamaTemplate} (unless there is any {@link OllamaOperations} bean),
 * publishing its connection events as application events and reporting to every
 * {@link OllamaClientObserver} bean;</li>
 * <li>with Spring Cloud Commons on the class path and
 * {@code ollama.ws.discovery.service-id} set, a {@link DiscoveryGatewaySource} (unless
 * there is any {@link GatewaySource} bean): the template then spans the instances of that
 * service;</li>
 * <li>with Reactor on the class path, a {@link ReactiveOllamaTemplate} over that template
 * (unless there is any {@link ReactiveOllamaOperations} bean).</li>
 * </ul>
 * With {@code spring.threads.virtual.enabled=true} (on Java 21+) the template's own
 * threads are virtual, as Spring Boot's own executors are; the WebSocket container's I/O
 * threads stay as they are. The template opens its connections on first use (or at
 * startup with {@code ollama.ws.pool.eager-warm-up}), so the application starts while the
 * gateway is down unless {@code ollama.ws.fail-fast} is set.
 */
@AutoConfiguration(after = SslAutoConfiguration.class)
@ConditionalOnClass({ OllamaTemplate.class, StandardWebSocketClient.class })
@ConditionalOnBooleanProperty(name = "ollama.ws.enabled", matchIfMissing = true)
@EnableConfigurationProperties(OllamaWsProperties.class)
public final class OllamaWsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	OllamaWsConnectionDetails ollamaWsConnectionDetails(OllamaWsProperties properties,
			ObjectProvider<SslBundles> sslBundles) {
		return new PropertiesOllamaWsConnectionDetails(properties, sslBundles.getIfAvailable());
	}

	@Bean
	@ConditionalOnMissingBean
	OllamaTemplateConfigurer ollamaTemplateConfigurer(OllamaWsProperties properties,
			OllamaWsConnectionDetails connectionDetails, ApplicationEventPublisher eventPublisher,
			ObjectProvider<OllamaClientObserver> observers, ObjectProvider<OllamaTemplateCustomizer> customizers,
			ObjectProvider<GatewaySource> gatewaySource, Environment environment) {
		OllamaTemplateConfigurer configurer = new OllamaTemplateConfigurer(properties, connectionDetails);
		configurer.setGatewaySource(gatewaySource.getIfUnique(), properties.getDiscovery().getRefreshInterval());
		if (Threading.VIRTUAL.isActive(environment)) {
			// As Boot's own executors do with spring.threads.virtual.enabled=true.
			configurer.setThreadFactory(new VirtualThreadTaskExecutor("ollama-ws-").getVirtualThreadFactory());
		}
		configurer.setEventListener(eventPublisher::publishEvent);
		configurer.setObserver(CompositeOllamaClientObserver.of(observers.orderedStream().toList()));
		configurer.setCustomizers(customizers.orderedStream().toList());
		return configurer;
	}

	@Bean
	@ConditionalOnMissingBean(OllamaOperations.class)
	OllamaTemplate ollamaTemplate(OllamaTemplateConfigurer configurer) {
		OllamaTemplate.Builder builder = OllamaTemplate.builder();
		configurer.configure(builder);
		return configurer.build(builder);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(SanitizingFunction.class)
	static class ActuatorConfiguration {

		/**
		 * Shows the gateway URLs of {@code /actuator/configprops} and
		 * {@code /actuator/env} (when they show values) as everything else shows them:
		 * without user info or query.
		 * @return the sanitizing function
		 */
		@Bean
		SanitizingFunction ollamaWsUrlSanitizingFunction() {
			return (data) -> (data.getValue() != null && isGatewayUrl(data.getLowerCaseKey()))
					? data.withValue(GatewayUrls.redact(String.valueOf(data.getValue()))) : data;
		}

		/**
		 * Whether a key names a gateway URL: {@code ollama.ws.url},
		 * {@code ollama.ws.gateways[n].url}, or their environment variable forms.
		 * @param key the key, in lower case
		 * @return {@code true} for a gateway URL
		 */
		static boolean isGatewayUrl(String key) {
			String dotted = key.replace('_', '.');
			return dotted.startsWith("ollama.ws.") && dotted.endsWith("url");
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(DiscoveryClient.class)
	@Conditional(OnDiscoveryServiceIdCondition.class)
	static class DiscoveryConfiguration {

		@Bean
		@ConditionalOnMissingBean(GatewaySource.class)
		DiscoveryGatewaySource ollamaWsDiscoveryGatewaySource(OllamaWsProperties properties,
				ObjectProvider<DiscoveryClient> discoveryClient) {
			ExclusiveProperties.checkDiscovery(properties);
			OllamaWsProperties.Discovery discovery = properties.getDiscovery();
			DiscoveryClient client = discoveryClient.getIfAvailable();
			if (client == null) {
				throw new OllamaWsConfigurationException("ollama.ws.discovery.service-id",
						"Discovery is on but the application has no DiscoveryClient.",
						"Add a Spring Cloud discovery starter (Kubernetes, Consul, Eureka) or instances under "
								+ "'spring.cloud.discovery.client.simple.instances', or remove "
								+ "'ollama.ws.discovery.service-id'.");
			}
			// Set: the source is made only when the service id is.
			return new DiscoveryGatewaySource(client, Objects.requireNonNull(discovery.getServiceId()).strip(),
					discovery.getClientIdMetadataKey(), discovery.getClientId(), discovery.getPathMetadataKey(),
					discovery.getPath());
		}

	}

	/**
	 * Matches when {@code ollama.ws.discovery.service-id} has text: a blank value (an
	 * unset placeholder) is no service.
	 */
	static class OnDiscoveryServiceIdCondition extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			String serviceId = context.getEnvironment().getProperty("ollama.ws.discovery.service-id");
			ConditionMessage.Builder message = ConditionMessage.forCondition("ollama.ws.discovery.service-id");
			return StringUtils.hasText(serviceId) ? ConditionOutcome.match(message.found("service id").items(serviceId))
					: ConditionOutcome.noMatch(message.didNotFind("service id").atAll());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Flux.class)
	static class ReactiveConfiguration {

		@Bean
		@ConditionalOnMissingBean(ReactiveOllamaOperations.class)
		ReactiveOllamaTemplate reactiveOllamaTemplate(OllamaOperations operations) {
			return new ReactiveOllamaTemplate(operations);
		}

	}

}
