package io.github.ollamaws.springai;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.ollamaws.client.OllamaTemplate;
import io.github.ollamaws.observation.GenerationMeterObservationHandler;
import io.github.ollamaws.observation.MicrometerOllamaClientObserver;
import io.github.ollamaws.testserver.OllamaWsTestServer;
import io.github.ollamaws.testserver.ScriptedBackend;
import io.github.ollamaws.testserver.TestClient;
import io.github.ollamaws.testserver.TestKeys;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.observation.ObservationHandler.FirstMatchingCompositeObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.observation.ChatModelMeterObservationHandler;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.ai.chat.observation.ChatModelObservationDocumentation;
import org.springframework.ai.chat.observation.DefaultChatModelObservationConvention;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client's meters beside Spring AI's in one Prometheus registry, wired as Spring Boot
 * wires them: the shared name {@code gen_ai.client.token.usage} has one shape, nothing
 * fails to register, and the scrape shows both.
 */
class TokenUsageMeterConsistencyTests {

	@Test
	void bothTokenCountersShareOnePrometheusFamily() {
		PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		List<String> failures = new CopyOnWriteArrayList<>();
		prometheus.config().onMeterRegistrationFailed((id, reason) -> failures.add(id.getName() + ": " + reason));
		ObservationRegistry observations = ObservationRegistry.create();
		// Boot: meter handlers as one first-matching group (ours first), Spring AI's
		// token handler on its own.
		observations.observationConfig()
			.observationHandler(new FirstMatchingCompositeObservationHandler(
					new GenerationMeterObservationHandler(prometheus), new DefaultMeterObservationHandler(prometheus)))
			.observationHandler(new ChatModelMeterObservationHandler(prometheus));

		try (OllamaWsTestServer server = OllamaWsTestServer.builder()
			.backend(ScriptedBackend.withDefaultModels())
			.start()) {
			TestClient client = server.registerNewClient(TestKeys.ec());
			try (OllamaTemplate template = OllamaTemplate.builder()
				.url(server.url())
				.clientId(client.clientId())
				.privateKey(client.keys().privateKey())
				.observer(new MicrometerOllamaClientObserver(observations, prometheus))
				.build()) {
				template.generate("Hello");
			}
		}
		// Another Spring AI chat model in the same application, observed as Spring AI
		// observes its models.
		ChatModelObservationContext context = ChatModelObservationContext.builder()
			.prompt(new Prompt("Hi", ChatOptions.builder().model("gpt-5-mini").build()))
			.provider("openai")
			.build();
		ChatModelObservationDocumentation.CHAT_MODEL_OPERATION
			.observation(null, new DefaultChatModelObservationConvention(), () -> context, observations)
			.observe(() -> context.setResponse(new ChatResponse(List.of(new Generation(new AssistantMessage("Hey"))),
					ChatResponseMetadata.builder().model("gpt-5-mini").usage(new DefaultUsage(4, 9)).build())));

		String scrape = prometheus.scrape();
		assertThat(failures).isEmpty();
		assertThat(scrape).containsPattern("(?m)^gen_ai_client_token_usage_total\\{[^}]*gen_ai_system=\"ollama\""
				+ "[^}]*gen_ai_token_type=\"output\"[^}]*} 6\\.0$");
		assertThat(scrape).containsPattern("(?m)^gen_ai_client_token_usage_total\\{[^}]*gen_ai_system=\"openai\""
				+ "[^}]*gen_ai_token_type=\"output\"[^}]*} 9\\.0$");
		assertThat(scrape).containsOnlyOnce("# TYPE gen_ai_client_token_usage_total counter");
		assertThat(scrape).contains("gen_ai_client_operation_duration_seconds_count",
				"gen_ai_client_operation_seconds_count");
	}

}
