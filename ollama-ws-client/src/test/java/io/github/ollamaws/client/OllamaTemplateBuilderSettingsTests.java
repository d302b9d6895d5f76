package io.github.ollamaws.client;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

import javax.net.ssl.SSLContext;

import io.github.ollamaws.connection.ClientSettings;
import io.github.ollamaws.core.GenerationOptions;
import io.github.ollamaws.core.OllamaClientObserver;
import io.github.ollamaws.testserver.TestKeys;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the builder is given is what a template is built with: each setting, including
 * those no rule checks, reaches the template's settings, and a blank default counts as
 * none.
 */
class OllamaTemplateBuilderSettingsTests {

	@Test
	void everySettingReachesTheTemplatesSettings() throws Exception {
		ThreadFactory threads = Executors.defaultThreadFactory();
		SSLContext tls = SSLContext.getDefault();
		GenerationOptions options = GenerationOptions.of(Map.of("temperature", 0.2));
		OllamaClientObserver observer = new OllamaClientObserver() {
		};
		OllamaTemplate.Builder builder = OllamaTemplate.builder()
			.url("wss://gateway.example:8443")
			.clientId("client")
			.privateKey(TestKeys.ec().privateKey())
			.defaultModel("llama3")
			.defaultOptions(options)
			.defaultSystem("Be brief.")
			.keepAlive(Duration.ofMinutes(3))
			.threadFactory(threads)
			.sslContext(tls)
			.observer(observer)
			.failFast(true)
			.retry((retry) -> retry.enabled(false))
			.heartbeat((heartbeat) -> heartbeat.enabled(false))
			.pool((pool) -> pool.waitForConnection(false).eagerWarmUp(true));
		ClientSettings settings = OllamaTemplateInternals.settings(builder);
		assertThat(settings.defaults().model()).isEqualTo("llama3");
		assertThat(settings.defaults().options()).isEqualTo(options);
		assertThat(settings.defaults().system()).isEqualTo("Be brief.");
		assertThat(settings.defaults().keepAlive()).isEqualTo(Duration.ofMinutes(3));
		assertThat(settings.hooks().threadFactory()).isSameAs(threads);
		assertThat(settings.hooks().observer()).isSameAs(observer);
		assertThat(settings.sslContext()).isSameAs(tls);
		assertThat(settings.failFast()).isTrue();
		assertThat(settings.retry().enabled()).isFalse();
		assertThat(settings.heartbeat().enabled()).isFalse();
		assertThat(settings.pool().waitForConnection()).isFalse();
		assertThat(settings.pool().eagerWarmUp()).isTrue();
	}

	@Test
	void blankOrNullDefaultsCountAsNone() {
		OllamaTemplate.Builder builder = OllamaTemplate.builder()
			.clientId("client")
			.privateKey(TestKeys.ec().privateKey())
			.defaultModel(" ")
			.defaultSystem("")
			.defaultOptions(null);
		ClientSettings settings = OllamaTemplateInternals.settings(builder);
		assertThat(settings.defaults().model()).isNull();
		assertThat(settings.defaults().system()).isNull();
		assertThat(settings.defaults().options()).isEqualTo(GenerationOptions.empty());
		builder.defaultModel(null).defaultSystem(null);
		settings = OllamaTemplateInternals.settings(builder);
		assertThat(settings.defaults().model()).isNull();
		assertThat(settings.defaults().system()).isNull();
	}

}
