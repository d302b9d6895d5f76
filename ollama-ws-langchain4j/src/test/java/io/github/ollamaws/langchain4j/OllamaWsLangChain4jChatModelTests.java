package io.github.ollamaws.langchain4j;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.listener.ChatModelErrorContext;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelRequestContext;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ToolChoice;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import io.github.ollamaws.client.OllamaTemplate;
import io.github.ollamaws.core.ModelNotFoundException;
import io.github.ollamaws.observation.MicrometerOllamaClientObserver;
import io.github.ollamaws.testserver.GenerationRequest;
import io.github.ollamaws.testserver.OllamaWsTestServer;
import io.github.ollamaws.testserver.ScriptedBackend;
import io.github.ollamaws.testserver.ScriptedModel;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link OllamaWsLangChain4jChatModel} against a real test gateway on loopback: what
 * reaches Ollama, what comes back, and what is refused.
 */
class OllamaWsLangChain4jChatModelTests {

	private static final List<String> OBSERVED = new CopyOnWriteArrayList<>();

	private static OllamaWsTestServer server;

	private static OllamaTemplate template;

	private ChatModel model;

	@BeforeAll
	static void startGateway() {
		server = OllamaWsTestServer.builder()
			.backend(ScriptedBackend.create().model(ScriptedModel.named("llama3").echo()))
			.start();
		ObservationRegistry observations = ObservationRegistry.create();
		observations.observationConfig().observationHandler(new ObservationHandler<>() {

			@Override
			public void onStart(Observation.Context context) {
				OBSERVED.add(context.getName());
			}

			@Override
			public boolean supportsContext(Observation.Context context) {
				return true;
			}

		});
		template = TestGateways.template(server,
				(builder) -> builder.observer(new MicrometerOllamaClientObserver(observations, null)));
	}

	@AfterAll
	static void stopGateway() {
		template.close();
		server.close();
	}

	@BeforeEach
	void model() {
		server.clearReceivedFrames();
		OBSERVED.clear();
		this.model = OllamaWsLangChain4jChatModel.builder(template).build();
	}

	@Test
	void chatReturnsTheReplyWithItsMetadata() {
		ChatResponse response = this.model.chat(UserMessage.from("Why is the sky blue?"));
		assertThat(response.aiMessage().text()).isEqualTo("Why is the sky blue?");
		assertThat(response.metadata().id()).isEqualTo(lastRequest().id());
		assertThat(response.metadata().modelName()).isEqualTo("llama3");
		assertThat(response.metadata().finishReason()).isEqualTo(FinishReason.STOP);
		// The gateway reports the output tokens only: the input tokens are unknown.
		assertThat(response.metadata().tokenUsage().outputTokenCount()).isEqualTo(5);
		assertThat(response.metadata().tokenUsage().inputTokenCount()).isNull();
		assertThat(response.metadata().tokenUsage().totalTokenCount()).isEqualTo(5);
	}

	@Test
	void eachGenerationIsObservedOnceByTheClient() {
		this.model.chat("Hello");
		assertThat(OBSERVED).containsExactly("gen_ai.client.operation");
	}

	@Test
	void systemMessagesGoToOllamasSystemAndTheHistoryIntoThePrompt() {
		this.model.chat(SystemMessage.from("Be terse."), UserMessage.from("What is the capital of France?"),
				AiMessage.from("Paris."), SystemMessage.from("Answer in English."), UserMessage.from("And of Italy?"));
		GenerationRequest request = lastRequest();
		assertThat(request.options()).containsEntry("system", "Be terse.\n\nAnswer in English.");
		assertThat(request.prompt())
			.isEqualTo("User: What is the capital of France?\n\nAssistant: Paris.\n\nUser: And of Italy?");
	}

	@Test
	void commonParametersBecomeOllamasModelParameters() {
		this.model.chat(ChatRequest.builder()
			.messages(UserMessage.from("Hi"))
			.parameters(ChatRequestParameters.builder()
				.temperature(0.2)
				.maxOutputTokens(64)
				.topP(0.9)
				.topK(40)
				.stopSequences("END")
				.presencePenalty(0.1)
				.frequencyPenalty(0.3)
				.build())
			.build());
		assertThat(lastRequest().ollamaBodyJson()).isEqualTo("{\"model\":\"llama3\",\"prompt\":\"Hi\",\"stream\":true,"
				+ "\"options\":{\"temperature\":0.2,\"num_predict\":64,\"top_p\":0.9,\"top_k\":40,\"stop\":[\"END\"],"
				+ "\"presence_penalty\":0.1,\"frequency_penalty\":0.3}}");
	}

	@Test
	void ollamaOnlyParametersReachOllamaAndRequestParametersWinOverTheDefaults() {
		// tag::parameters[]
		ChatModel withDefaults = OllamaWsLangChain4jChatModel.builder(template)
			.defaultRequestParameters(OllamaWsChatRequestParameters.builder()
				.temperature(0.9)
				.keepAlive(Duration.ofMinutes(10))
				.ollamaOption("num_ctx", 4096)
				.build())
			.build();
		withDefaults.chat(ChatRequest.builder()
			.messages(UserMessage.from("Hi"))
			.parameters(OllamaWsChatRequestParameters.builder()
				.temperature(0.1)
				.responseFormat(ResponseFormat.JSON)
				.think(true)
				.ollamaOption("seed", 42)
				.build())
			.build());
		// end::parameters[]
		assertThat(lastRequest().ollamaBodyJson()).isEqualTo("{\"model\":\"llama3\",\"prompt\":\"Hi\",\"stream\":true,"
				+ "\"format\":\"json\",\"think\":true,\"keep_alive\":\"10m\","
				+ "\"options\":{\"num_ctx\":4096,\"seed\":42,\"temperature\":0.1}}");
	}

	@Test
	void theModelNameOfARequestChoosesTheModel() {
		assertThatExceptionOfType(ModelNotFoundException.class).isThrownBy(() -> this.model.chat(ChatRequest.builder()
			.messages(UserMessage.from("Hi"))
			.parameters(ChatRequestParameters.builder().modelName("no-such-model").build())
			.build()));
	}

	@Test
	void imagesOnUserMessagesBecomeOllamasImages() {
		byte[] png = { (byte) 0x89, 'P', 'N', 'G' };
		String base64 = Base64.getEncoder().encodeToString(png);
		ChatResponse response = this.model.chat(UserMessage.from(TextContent.from("What is"),
				ImageContent.from(base64, "image/png"), TextContent.from("this?")));
		assertThat(response.aiMessage().text()).isEqualTo("What is\nthis?");
		assertThat(lastRequest().options()).containsEntry("images", List.of(base64));
	}

	@Test
	void listenersHearTheRequestTheResponseAndTheError() {
		List<Object> heard = new CopyOnWriteArrayList<>();
		ChatModel listened = OllamaWsLangChain4jChatModel.builder(template).listeners(List.of(new ChatModelListener() {

			@Override
			public void onRequest(ChatModelRequestContext context) {
				heard.add(context.modelProvider());
				heard.add(context.chatRequest().messages().get(0));
			}

			@Override
			public void onResponse(ChatModelResponseContext context) {
				heard.add(context.chatResponse().aiMessage().text());
			}

			@Override
			public void onError(ChatModelErrorContext context) {
				heard.add(context.error().getClass());
			}

		})).build();
		listened.chat("Hello listener");
		assertThat(heard).containsExactly(ModelProvider.OLLAMA, UserMessage.from("Hello listener"), "Hello listener");
		heard.clear();
		assertThatExceptionOfType(ModelNotFoundException.class).isThrownBy(() -> listened.chat(ChatRequest.builder()
			.messages(UserMessage.from("Hi"))
			.parameters(ChatRequestParameters.builder().modelName("no-such-model").build())
			.build()));
		assertThat(heard).containsExactly(ModelProvider.OLLAMA, UserMessage.from("Hi"), ModelNotFoundException.class);
	}

	@Test
	void whatTheGatewayCannotCarryIsRefusedClearlyAndNothingIsSent() {
		ToolSpecification weather = ToolSpecification.builder().name("weather").description("The weather").build();
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> this.model.chat(ChatRequest
			.builder()
			.messages(UserMessage.from("Weather?"))
			.parameters(
					ChatRequestParameters.builder().toolSpecifications(weather).toolChoice(ToolChoice.REQUIRED).build())
			.build())).withMessageContaining("ToolChoice.REQUIRED is not supported");
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> this.model.chat(ChatRequest.builder()
				.messages(UserMessage.from("Weather?"))
				.parameters(ChatRequestParameters.builder()
					.toolSpecifications(weather)
					.responseFormat(ResponseFormat.JSON)
					.build())
				.build()))
			.withMessageContaining("A JSON response format cannot be combined with tools");
		ToolExecutionRequest call = ToolExecutionRequest.builder().id("1").name("weather").arguments("{}").build();
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> this.model.chat(UserMessage.from("Weather?"), AiMessage.from(call)))
			.withMessageContaining("offers no tools");
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(
					() -> this.model.chat(UserMessage.from("Weather?"), ToolExecutionResultMessage.from(call, "sunny")))
			.withMessageContaining("offers no tools");
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> this.model.chat(UserMessage.from(ImageContent.from("https://example.com/cat.png"))))
			.withMessageContaining("not a URL");
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> this.model.chat(SystemMessage.from("Only a system message")))
			.withMessageContaining("no user message");
		assertThat(server.receivedFrames("generate")).isEmpty();
	}

	@Test
	void theParametersMergeAsLangChain4jMergesItsOwn() {
		OllamaWsChatRequestParameters defaults = OllamaWsChatRequestParameters.builder()
			.modelName("llama3")
			.keepAlive(Duration.ofMinutes(5))
			.ollamaOption("num_ctx", 4096)
			.build();
		ChatRequestParameters merged = defaults
			.overrideWith(ChatRequestParameters.builder().temperature(0.3).modelName("mistral").build());
		assertThat(merged).isInstanceOfSatisfying(OllamaWsChatRequestParameters.class, (ours) -> {
			assertThat(ours.modelName()).isEqualTo("mistral");
			assertThat(ours.temperature()).isEqualTo(0.3);
			assertThat(ours.keepAlive()).isEqualTo(Duration.ofMinutes(5));
			assertThat(ours.ollamaOptions()).isEqualTo(Map.of("num_ctx", 4096));
		});
		// LangChain4j's own parameters, overridden by ours, keep ours.
		ChatRequestParameters fromPlain = ChatRequestParameters.builder()
			.temperature(0.7)
			.build()
			.overrideWith(OllamaWsChatRequestParameters.builder().think("high").build());
		assertThat(fromPlain).isInstanceOfSatisfying(OllamaWsChatRequestParameters.class, (ours) -> {
			assertThat(ours.temperature()).isEqualTo(0.7);
			assertThat(ours.think()).isEqualTo("high");
		});
	}

	private static GenerationRequest lastRequest() {
		return TestGateways.lastRequest(server);
	}

}
