package io.github.ollamaws.autoconfigure;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.ollamaws.client.OllamaOperations;
import io.github.ollamaws.client.OllamaTemplate;
import io.github.ollamaws.client.OllamaTemplateInternals;
import io.github.ollamaws.connection.ClientSettings;
import io.github.ollamaws.core.GenerationOptions;
import io.github.ollamaws.core.OllamaClientObserver;
import io.github.ollamaws.event.OllamaConnectionEvent;
import io.github.ollamaws.fleet.GatewayEndpoint;
import io.github.ollamaws.reactive.ReactiveOllamaOperations;
import io.github.ollamaws.reactive.ReactiveOllamaTemplate;
import io.github.ollamaws.testserver.TestKeyPair;
import io.github.ollamaws.testserver.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link OllamaWsAutoConfiguration}.
 */
class OllamaWsAutoConfigurationTests {

	private static final TestKeyPair KEYS = TestKeys.rsa();

	private static final PrivateKey KEY = KEYS.privateKey();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OllamaWsAutoConfiguration.class));

	private final ApplicationContextRunner configuredRunner = this.contextRunner
		.withPropertyValues("ollama.ws.client-id=test-client", "ollama.ws.private-key=" + KEYS.privateKeyPem());

	@Test
	void reactiveTemplateOverTheTemplateWhenReactorIsPresent() {
		this.configuredRunner.run((context) -> assertThat(context).hasSingleBean(ReactiveOllamaTemplate.class));
	}

	@Test
	void nothingReactiveWithoutReactor() {
		this.configuredRunner.withClassLoader(new FilteredClassLoader("reactor.core"))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(OllamaTemplate.class)
				.doesNotHaveBean(ReactiveOllamaOperations.class));
	}

	@Test
	void reactiveTemplateBacksOffForTheUsersOwn() {
		this.configuredRunner
			.withBean("myReactive", ReactiveOllamaOperations.class,
					() -> new ReactiveOllamaTemplate(OllamaTemplate.builder().clientId("x").privateKey(KEY).build()))
			.run((context) -> assertThat(context).hasSingleBean(ReactiveOllamaOperations.class).hasBean("myReactive"));
	}

	@Test
	void privateKeyTakesALocationAndItsPassword(@TempDir Path directory) throws IOException {
		TestKeyPair keys = TestKeys.ec();
		Path file = Files.writeString(directory.resolve("client.pem"), keys.encryptedPrivateKeyPem("s3cret"));
		this.contextRunner
			.withPropertyValues("ollama.ws.client-id=test-client", "ollama.ws.private-key=file:" + file,
					"ollama.ws.private-key-password=s3cret")
			.run((context) -> assertThat(
					OllamaTemplateInternals.settings(context.getBean(OllamaTemplate.class)).privateKey())
				.isEqualTo(keys.privateKey()));
		// A plain path is a file, as in Spring Boot's PEM SSL bundles.
		this.contextRunner
			.withPropertyValues("ollama.ws.client-id=test-client", "ollama.ws.private-key=" + file,
					"ollama.ws.private-key-passphrase=s3cret")
			.run((context) -> assertThat(
					OllamaTemplateInternals.settings(context.getBean(OllamaTemplate.class)).privateKey())
				.isEqualTo(keys.privateKey()));
	}

	@Test
	void templateHasTheDocumentedDefaults() {
		this.configuredRunner.run((context) -> {
			assertThat(context).hasSingleBean(OllamaTemplate.class)
				.hasSingleBean(OllamaTemplateConfigurer.class)
				.hasSingleBean(PropertiesOllamaWsConnectionDetails.class);
			ClientSettings settings = OllamaTemplateInternals.settings(context.getBean(OllamaTemplate.class));
			assertThat(settings.url()).isEqualTo(URI.create("ws://localhost:3000"));
			assertThat(settings.clientId()).isEqualTo("test-client");
			assertThat(settings.privateKey()).isEqualTo(KEY);
			// No default model: the gateway's own default applies.
			assertThat(settings.defaults().model()).isNull();
			assertThat(settings.defaults().options()).isEqualTo(GenerationOptions.empty());
			assertThat(settings.timeouts().connect()).isEqualTo(Duration.ofSeconds(10));
			assertThat(settings.timeouts().auth()).isEqualTo(Duration.ofSeconds(10));
			assertThat(settings.timeouts().request()).isEqualTo(Duration.ofMinutes(5));
			assertThat(settings.timeouts().idle()).isEqualTo(Duration.ofMinutes(2));
			assertThat(settings.messages().maxMessageSize()).isEqualTo(16 * 1024 * 1024);
			assertThat(settings.messages().sendTimeLimit()).isEqualTo(Duration.ofSeconds(10));
			assertThat(settings.messages().sendBufferSizeLimit()).isEqualTo(64 * 1024 * 1024);
			assertThat(settings.failFast()).isFalse();
			assertThat(settings.timeouts().shutdown()).isEqualTo(Duration.ofSeconds(10));
			assertThat(settings.pool().size()).isEqualTo(2);
			assertThat(settings.pool().maxInFlight()).isEqualTo(256);
			assertThat(settings.pool().acquireTimeout()).isEqualTo(Duration.ofSeconds(30));
			assertThat(settings.pool().eagerWarmUp()).isFalse();
			assertThat(settings.pool().waitForConnection()).isTrue();
			assertThat(settings.reconnect().initialDelay()).isEqualTo(Duration.ofMillis(500));
			assertThat(settings.reconnect().multiplier()).isEqualTo(2.0);
			assertThat(settings.reconnect().maxDelay()).isEqualTo(Duration.ofSeconds(30));
			assertThat(settings.reconnect().maxAttempts()).isEqualTo(-1);
			assertThat(settings.reconnect().jitter()).isEqualTo(0.2);
			assertThat(settings.heartbeat().interval()).isEqualTo(Duration.ofSeconds(30));
			assertThat(settings.heartbeat().timeout()).isEqualTo(Duration.ofSeconds(10));
			assertThat(settings.retry().enabled()).isTrue();
			assertThat(settings.hooks().observer()).isSameAs(OllamaClientObserver.NOOP);
		});
	}

	@Test
	void propertyDefaultsAreTheBuilderDefaults() {
		this.configuredRunner.run((context) -> {
			ClientSettings fromProperties = OllamaTemplateInternals.settings(context.getBean(OllamaTemplate.class));
			ClientSettings fromBuilder = OllamaTemplateInternals
				.settings(OllamaTemplate.builder().clientId("test-client").privateKey(KEY));
			assertThat(fromProperties).usingRecursiveComparison()
				.ignoringFields("hooks.eventListener", "hooks.observer")
				.isEqualTo(fromBuilder);
		});
	}

	@Test
	void everyPropertyIsBoundIntoTheSettings() {
		// fail-fast and pool.eager-warm-up connect at startup:
		// OllamaWsAutoConfigurationGatewayTests binds them.
		this.configuredRunner
			.withPropertyValues("ollama.ws.url=wss://127.0.0.1:8443/ws", "ollama.ws.default-model=mistral",
					"ollama.ws.default-options.temperature=0.25", "ollama.ws.default-options.top_k=40",
					"ollama.ws.default-options.mirostat_eta=0.1", "ollama.ws.default-system=Be brief.",
					"ollama.ws.keep-alive=10m", "ollama.ws.connect-timeout=1s", "ollama.ws.auth-timeout=2s",
					"ollama.ws.request-timeout=3s", "ollama.ws.idle-timeout=0", "ollama.ws.max-message-size=1MB",
					"ollama.ws.send-time-limit=5s", "ollama.ws.send-buffer-size-limit=2MB",
					"ollama.ws.shutdown-timeout=6s", "ollama.ws.pool.size=4", "ollama.ws.pool.max-in-flight=16",
					"ollama.ws.pool.acquire-timeout=7s", "ollama.ws.pool.wait-for-connection=false",
					"ollama.ws.reconnect.initial-delay=100ms", "ollama.ws.reconnect.multiplier=1.5",
					"ollama.ws.reconnect.max-delay=9s", "ollama.ws.reconnect.max-attempts=5",
					"ollama.ws.reconnect.jitter=0", "ollama.ws.heartbeat.interval=11s",
					"ollama.ws.heartbeat.timeout=12s", "ollama.ws.retry.enabled=false")
			.run((context) -> {
				ClientSettings settings = OllamaTemplateInternals.settings(context.getBean(OllamaTemplate.class));
				assertThat(settings.url()).isEqualTo(URI.create("wss://127.0.0.1:8443/ws"));
				assertThat(settings.defaults().model()).isEqualTo("mistral");
				assertThat(settings.defaults().options().asMap())
					.containsExactlyInAnyOrderEntriesOf(Map.of("temperature", 0.25, "top_k", 40, "mirostat_eta", 0.1));
				assertThat(settings.defaults().system()).isEqualTo("Be brief.");
				assertThat(settings.defaults().keepAlive()).isEqualTo(Duration.ofMinutes(10));
				assertThat(settings.timeouts().connect()).isEqualTo(Duration.ofSeconds(1));
				assertThat(settings.timeouts().auth()).isEqualTo(Duration.ofSeconds(2));
				assertThat(settings.timeouts().request()).isEqualTo(Duration.ofSeconds(3));
				assertThat(settings.timeouts().idle()).isEqualTo(Duration.ZERO);
				assertThat(settings.messages().maxMessageSize()).isEqualTo(1024 * 1024);
				assertThat(settings.messages().sendTimeLimit()).isEqualTo(Duration.ofSeconds(5));
				assertThat(settings.messages().sendBufferSizeLimit()).isEqualTo(2 * 1024 * 1024);
				assertThat(settings.timeouts().shutdown()).isEqualTo(Duration.ofSeconds(6));
				assertThat(settings.pool().size()).isEqualTo(4);
				assertThat(settings.pool().maxInFlight()).isEqualTo(16);
				assertThat(settings.pool().acquireTimeout()).isEqualTo(Duration.ofSeconds(7));
				assertThat(settings.pool().waitForConnection()).isFalse();
				assertThat(settings.reconnect().initialDelay()).isEqualTo(Duration.ofMillis(100));
				assertThat(context.getBean(OllamaTemplateConfigurer.class).getDefaultModel()).isEqualTo("mistral");
				assertThat(settings.reconnect().multiplier()).isEqualTo(1.5);
				assertThat(settings.reconnect().maxDelay()).isEqualTo(Duration.ofSeconds(9));
				assertThat(settings.reconnect().maxAttempts()).isEqualTo(5);
				assertThat(settings.reconnect().jitter()).isZero();
				assertThat(settings.heartbeat().interval()).isEqualTo(Duration.ofSeconds(11));
				assertThat(settings.heartbeat().timeout()).isEqualTo(Duration.ofSeconds(12));
				assertThat(settings.retry().enabled()).isFalse();
			});
	}

	@Test
	void stopSequencesBindAsAList() {
		this.configuredRunner
			.withPropertyValues("ollama.ws.default-options.stop[0]=###", "ollama.ws.default-options.stop[1]=END")
			.run((context) -> assertThat(OllamaTemplateInternals.settings(context.getBean(OllamaTemplate.class))
				.defaults()
				.options()
				.asMap()).containsEntry("stop", List.of("###", "END")));
	}

	@Test
	void disabledHeartbeatPingsNothing() {
		this.configuredRunner.withPropertyValues("ollama.ws.heartbeat.enabled=false").run((context) -> {
			ClientSettings.Heartbeat heartbeat = OllamaTemplateInternals.settings(context.getBean(OllamaTemplate.class))
				.heartbeat();
			assertThat(heartbeat.enabled()).isFalse();
			assertThat(heartbeat.pingAfter()).isZero();
		});
	}

	@Test
	void emptyDefaultModelMeansTheGatewaysDefault() {
		this.configuredRunner.withPropertyValues("ollama.ws.default-model=").run((context) -> {
			assertThat(OllamaTemplateInternals.settings(context.getBean(OllamaTemplate.class)).defaults().model())
				.isNull();
			assertThat(context.getBean(OllamaTemplateConfigurer.class).getDefaultModel()).isNull();
		});
		this.configuredRunner
			.run((context) -> assertThat(context.getBean(OllamaTemplateConfigurer.class).getDefaultModel()).isNull());
	}

	@Test
	void aGatewaysEncryptedKeyTakesTheSharedPasswordUnlessItHasItsOwn() {
		TestKeyPair shared = TestKeys.ec();
		TestKeyPair own = TestKeys.ec();
		this.contextRunner
			.withPropertyValues("ollama.ws.private-key-password=shared-secret",
					"ollama.ws.gateways[0].url=ws://gateway-1:3000", "ollama.ws.gateways[0].client-id=one",
					"ollama.ws.gateways[0].private-key=" + shared.encryptedPrivateKeyPem("shared-secret"),
					"ollama.ws.gateways[1].url=ws://gateway-2:3000", "ollama.ws.gateways[1].client-id=two",
					"ollama.ws.gateways[1].private-key=" + own.encryptedPrivateKeyPem("own-secret"),
					"ollama.ws.gateways[1].private-key-password=own-secret")
			.run((context) -> assertThat(context.getBean(OllamaWsConnectionDetails.class).getGateways())
				.extracting(GatewayEndpoint::privateKey)
				.containsExactly(shared.privateKey(), own.privateKey()));
	}

	@Test
	void privateKeyFromClasspathLocation(@TempDir Path directory) throws Exception {
		TestKeyPair keys = TestKeys.ec();
		Files.writeString(directory.resolve("ollama-client.pem"), keys.sec1PrivateKeyPem());
		try (URLClassLoader classLoader = new URLClassLoader(new URL[] { directory.toUri().toURL() },
				getClass().getClassLoader())) {
			this.contextRunner.withClassLoader(classLoader)
				.withPropertyValues("ollama.ws.client-id=test-client",
						"ollama.ws.private-key-location=classpath:ollama-client.pem")
				.run((context) -> assertThat(OllamaTemplateInternals.settings(context.getBean(OllamaTemplate.class))
					.privateKey()
					.getEncoded()).isEqualTo(keys.privateKey().getEncoded()));
		}
	}

	@Test
	void privateKeyFromFileLocation(@TempDir Path directory) throws IOException {
		TestKeyPair keys = TestKeys.rsa();
		Path file = Files.writeString(directory.resolve("client.pem"), keys.pkcs1PrivateKeyPem());
		this.contextRunner
			.withPropertyValues("ollama.ws.client-id=test-client", "ollama.ws.private-key-location=" + file.toUri())
			.run((context) -> assertThat(
					OllamaTemplateInternals.settings(context.getBean(OllamaTemplate.class)).privateKey().getEncoded())
				.isEqualTo(keys.privateKey().getEncoded()));
	}

	@Test
	void encryptedPrivateKeyWithPassphrase() {
		TestKeyPair keys = TestKeys.ec();
		this.contextRunner
			.withPropertyValues("ollama.ws.client-id=test-client",
					"ollama.ws.private-key=" + keys.encryptedPrivateKeyPem("s3cret"),
					"ollama.ws.private-key-passphrase=s3cret")
			.run((context) -> assertThat(
					OllamaTemplateInternals.settings(context.getBean(OllamaTemplate.class)).privateKey().getEncoded())
				.isEqualTo(keys.privateKey().getEncoded()));
	}

	@Test
	void connectionDetailsBeanReplacesTheProperties() {
		this.contextRunner.withUserConfiguration(ConnectionDetailsConfiguration.class)
			.withPropertyValues("ollama.ws.url=ws://ignored:1", "ollama.ws.client-id=ignored")
			.run((context) -> {
				assertThat(context).hasSingleBean(OllamaWsConnectionDetails.class)
					.doesNotHaveBean(PropertiesOllamaWsConnectionDetails.class);
				ClientSettings settings = OllamaTemplateInternals.settings(context.getBean(OllamaTemplate.class));
				assertThat(settings.url()).isEqualTo(URI.create("ws://127.0.0.1:4321"));
				assertThat(settings.clientId()).isEqualTo("details-client");
				assertThat(settings.privateKey()).isSameAs(ConnectionDetailsConfiguration.DETAILS_KEY);
			});
	}

	@Test
	void theFirstGatewayOfConnectionDetailsIsTheFirstOfTheList() {
		GatewayEndpoint first = GatewayEndpoint.of("ws://gateway-1:3000", "one");
		OllamaWsConnectionDetails two = () -> List.of(first, GatewayEndpoint.of("ws://gateway-2:3000", "two"));
		assertThat(two.getFirstGateway()).isSameAs(first);
		assertThat(two.getPrivateKey()).isNull();
		OllamaWsConnectionDetails none = List::of;
		assertThatIllegalStateException().isThrownBy(none::getFirstGateway);
	}

	@Test
	void backsOffWhenTheUserDefinesATemplate() {
		this.configuredRunner.withUserConfiguration(UserTemplateConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(OllamaOperations.class);
			assertThat(OllamaTemplateInternals.settings(context.getBean(OllamaTemplate.class)).pool().size())
				.isEqualTo(7);
			// The user's template was built through the configurer, so it has the
			// properties too.
			assertThat(OllamaTemplateInternals.settings(context.getBean(OllamaTemplate.class)).clientId())
				.isEqualTo("test-client");
		});
	}

	@Test
	void backsOffWhenTheUserDefinesAnyOllamaOperations() {
		this.contextRunner.withBean(OllamaOperations.class, () -> UserTemplateConfiguration.template("own-client"))
			.run((context) -> assertThat(context).doesNotHaveBean("ollamaTemplate")
				.hasSingleBean(OllamaOperations.class));
	}

	@Test
	void customizersAreAppliedInOrderAfterTheProperties() {
		this.configuredRunner.withPropertyValues("ollama.ws.pool.size=3")
			.withUserConfiguration(CustomizersConfiguration.class)
			.run((context) -> {
				assertThat(context.getBean(CustomizersConfiguration.class).applied).containsExactly("first", "second");
				// The last customizer wins over the property.
				assertThat(OllamaTemplateInternals.settings(context.getBean(OllamaTemplate.class)).pool().size())
					.isEqualTo(6);
			});
	}

	@Test
	void connectionEventsArePublishedAsApplicationEvents() {
		this.configuredRunner.withUserConfiguration(EventRecorderConfiguration.class).run((context) -> {
			OllamaTemplate template = context.getBean(OllamaTemplate.class);
			OllamaConnectionEvent event = new OllamaConnectionEvent(template, "ollama-ws-1",
					URI.create("ws://localhost:3000")) {
			};
			OllamaTemplateInternals.settings(template).hooks().eventListener().accept(event);
			assertThat(context.getBean(EventRecorderConfiguration.class).events).containsExactly(event);
		});
	}

	@Test
	void observerBeansAreAllTold() {
		this.configuredRunner.withUserConfiguration(ObserversConfiguration.class).run((context) -> {
			OllamaClientObserver observer = OllamaTemplateInternals.settings(context.getBean(OllamaTemplate.class))
				.hooks()
				.observer();
			observer.pingCompleted(Duration.ofMillis(3));
			assertThat(context.getBean(ObserversConfiguration.class).pings).containsExactly("first:PT0.003S",
					"second:PT0.003S");
		});
	}

	@Test
	void singleObserverBeanIsUsedAsIs() {
		OllamaClientObserver observer = new OllamaClientObserver() {
		};
		this.configuredRunner.withBean(OllamaClientObserver.class, () -> observer)
			.run((context) -> assertThat(
					OllamaTemplateInternals.settings(context.getBean(OllamaTemplate.class)).hooks().observer())
				.isSameAs(observer));
	}

	@Test
	void startsWhileTheGatewayIsDown() {
		// Port 1 on loopback: nothing listens there. Connections are opened on first use,
		// not at startup.
		this.configuredRunner.withPropertyValues("ollama.ws.url=ws://127.0.0.1:1")
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(OllamaTemplate.class));
	}

	@Test
	void disabledByProperty() {
		this.configuredRunner.withPropertyValues("ollama.ws.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(OllamaTemplate.class)
				.doesNotHaveBean(OllamaWsProperties.class));
	}

	@Test
	void notConfiguredWithoutTheTemplateClass() {
		this.configuredRunner.withClassLoader(new FilteredClassLoader(OllamaTemplate.class))
			.run((context) -> assertThat(context).doesNotHaveBean(OllamaTemplateConfigurer.class)
				.doesNotHaveBean(OllamaWsProperties.class));
	}

	@Test
	void notConfiguredWithoutSpringWebSocket() {
		this.configuredRunner.withClassLoader(new FilteredClassLoader(StandardWebSocketClient.class))
			.run((context) -> assertThat(context).doesNotHaveBean(OllamaTemplateConfigurer.class)
				.doesNotHaveBean(OllamaWsProperties.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class ConnectionDetailsConfiguration {

		static final PrivateKey DETAILS_KEY = TestKeys.ec().privateKey();

		@Bean
		OllamaWsConnectionDetails testConnectionDetails() {
			return () -> List
				.of(GatewayEndpoint.of("ws://127.0.0.1:4321", "details-client").withPrivateKey(DETAILS_KEY));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserTemplateConfiguration {

		static OllamaTemplate template(String clientId) {
			return OllamaTemplate.builder().clientId(clientId).privateKey(KEY).build();
		}

		@Bean
		OllamaTemplate userTemplate(OllamaTemplateConfigurer configurer) {
			OllamaTemplate.Builder builder = OllamaTemplate.builder();
			configurer.configure(builder);
			return builder.pool((pool) -> pool.size(7)).build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomizersConfiguration {

		final List<String> applied = new ArrayList<>();

		// Declared first but ordered last, so the order comes from @Order, not
		// declaration.
		@Bean
		@Order(2)
		OllamaTemplateCustomizer secondCustomizer() {
			return (builder) -> {
				this.applied.add("second");
				builder.pool((pool) -> pool.size(6));
			};
		}

		@Bean
		@Order(1)
		OllamaTemplateCustomizer firstCustomizer() {
			return (builder) -> {
				this.applied.add("first");
				builder.pool((pool) -> pool.size(5));
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class EventRecorderConfiguration implements ApplicationListener<OllamaConnectionEvent> {

		final List<OllamaConnectionEvent> events = new ArrayList<>();

		@Override
		public void onApplicationEvent(OllamaConnectionEvent event) {
			this.events.add(event);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ObserversConfiguration {

		final List<String> pings = new ArrayList<>();

		@Bean
		@Order(2)
		OllamaClientObserver secondObserver() {
			return recorder("second");
		}

		@Bean
		@Order(1)
		OllamaClientObserver firstObserver() {
			return recorder("first");
		}

		private OllamaClientObserver recorder(String name) {
			return new OllamaClientObserver() {

				@Override
				public void pingCompleted(Duration roundTrip) {
					ObserversConfiguration.this.pings.add(name + ":" + roundTrip);
				}

			};
		}

	}

}
