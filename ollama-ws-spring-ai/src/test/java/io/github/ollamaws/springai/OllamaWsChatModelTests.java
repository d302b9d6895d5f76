package io.github.ollamaws.springai;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.github.ollamaws.client.OllamaTemplate;
import io.github.ollamaws.core.ModelNotFoundException;
import io.github.ollamaws.testserver.GenerationRequest;
import io.github.ollamaws.testserver.OllamaWsTestServer;
import io.github.ollamaws.testserver.ScriptedBackend;
import io.github.ollamaws.testserver.ScriptedModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.ai.chat.client.AdvisorParams;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.client.advisor.MessageChatMemoryAdvisor;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.memory.MessageWindowChatMemory;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.content.Media;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.util.MimeTypeUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * {@link OllamaWsChatModel} through Spring AI's {@link ChatClient}, against a real test
 * gateway on loopback.
 */
class OllamaWsChatModelTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private static final String PARIS = "{\"name\":\"Paris\",\"country\":\"France\",\"population\":2100000}";

	private static OllamaWsTestServer server;

	private static OllamaTemplate template;

	private ChatClient chatClient;

	@BeforeAll
	static void startGateway() {
		server = OllamaWsTestServer.builder()
			.backend(ScriptedBackend.create()
				.model(ScriptedModel.named("llama3").echo())
				.model(ScriptedModel.named("slow").tokenCount(1000).tokenDelay(Duration.ofMillis(20)))
				.model("city", PARIS.substring(0, 20), PARIS.substring(20)))
			.start();
		template = TestTemplates.connect(server, "llama3");
	}

	@AfterAll
	static void stopGateway() {
		template.close();
		server.close();
	}

	@BeforeEach
	void chatClient() {
		server.clearReceivedFrames();
		this.chatClient = ChatClient.create(new OllamaWsChatModel(template));
	}

	@Test
	void callReturnsTheReplyWithItsMetadata() {
		ChatResponse response = this.chatClient.prompt().user("Why is the sky blue?").call().chatResponse();
		assertThat(response.getResult().getOutput().getText()).isEqualTo("Why is the sky blue?");
		assertThat(response.getResult().getMetadata().getFinishReason()).isEqualTo("STOP");
		assertThat(response.getMetadata().getModel()).isEqualTo("llama3");
		assertThat(response.getMetadata().getId()).isEqualTo(lastRequest().id());
		assertThat(response.getMetadata().getUsage().getCompletionTokens()).isEqualTo(5);
		// The gateway does not report the prompt's tokens: 0, and the native usage says
		// they are unknown.
		assertThat(response.getMetadata().getUsage().getPromptTokens()).isZero();
		// Spring AI's total is prompt + completion; with the prompt's tokens unknown, the
		// completion's.
		assertThat(response.getMetadata().getUsage().getTotalTokens()).isEqualTo(5);
		assertThat(response.getMetadata().getUsage()).hasToString("GatewayUsage[outputTokens=5, inputTokens=unknown]");
		assertThat(response.getMetadata().getUsage().getNativeUsage())
			.isEqualTo(Map.of("outputTokens", 5, "inputTokens", "unknown"));
	}

	@Test
	void streamDeliversEachTokenThenTheMetadata() {
		List<ChatResponse> responses = this.chatClient.prompt()
			.user("one two three")
			.stream()
			.chatResponse()
			.collectList()
			.block(WAIT);
		assertThat(responses).hasSize(4);
		assertThat(responses.subList(0, 3)).extracting((response) -> response.getResult().getOutput().getText())
			.containsExactly("one ", "two ", "three");
		ChatResponse last = responses.get(3);
		assertThat(last.getResult().getMetadata().getFinishReason()).isEqualTo("STOP");
		assertThat(last.getMetadata().getUsage().getCompletionTokens()).isEqualTo(3);
		// ChatClient's content() leaves out the last response's empty text.
		assertThat(this.chatClient.prompt().user("a b").stream().content().collectList().block(WAIT))
			.containsExactly("a ", "b");
	}

	@Test
	void disposingTheStreamStopsTheGenerationOnTheGateway() {
		List<String> first = this.chatClient.prompt()
			.user("Tell me a story")
			.options(ChatOptions.builder().model("slow"))
			.stream()
			.content()
			.take(2)
			.collectList()
			.block(WAIT);
		assertThat(first).hasSize(2);
		await().atMost(WAIT).until(() -> server.receivedFrames("stop").size() == 1);
		assertThat(server.receivedFrames("stop").get(0).json().get("requestId").asText()).isEqualTo(lastRequest().id());
	}

	@Test
	void systemMessagesGoToOllamasSystemAndTheHistoryIntoThePrompt() {
		this.chatClient.prompt()
			.system("Be terse.")
			.messages(new UserMessage("What is the capital of France?"), new AssistantMessage("Paris."))
			.user("And of Italy?")
			.call()
			.content();
		GenerationRequest request = lastRequest();
		assertThat(request.options()).containsEntry("system", "Be terse.");
		assertThat(request.prompt())
			.isEqualTo("User: What is the capital of France?\n\nAssistant: Paris.\n\nUser: And of Italy?");
	}

	@Test
	void everySystemMessageReachesOllamasSystemInOrder() {
		OllamaWsChatModel model = new OllamaWsChatModel(template);
		model.call(new Prompt(List.of(new SystemMessage("Be terse."), new UserMessage("Hi"),
				new SystemMessage("Answer in French."), new UserMessage("Again"))));
		GenerationRequest request = lastRequest();
		assertThat(request.options()).containsEntry("system", "Be terse.\n\nAnswer in French.");
		assertThat(request.prompt()).isEqualTo("User: Hi\n\nUser: Again");
		// The same through ChatClient: its system text and a system message of the
		// history.
		this.chatClient.prompt()
			.system("Be terse.")
			.messages(new SystemMessage("Answer in French."))
			.user("Hi")
			.call()
			.content();
		assertThat(lastRequest().options()).containsEntry("system", "Be terse.\n\nAnswer in French.");
	}

	@Test
	void chatMemoryKeepsTheConversationInTheNextPrompt() {
		ChatMemory memory = MessageWindowChatMemory.builder().build();
		ChatClient withMemory = ChatClient.builder(new OllamaWsChatModel(template))
			.defaultAdvisors(MessageChatMemoryAdvisor.builder(memory).build())
			.build();
		withMemory.prompt()
			.user("Hello there")
			.advisors((a) -> a.param(ChatMemory.CONVERSATION_ID, "c1"))
			.call()
			.content();
		withMemory.prompt().user("Again").advisors((a) -> a.param(ChatMemory.CONVERSATION_ID, "c1")).call().content();
		assertThat(lastRequest().prompt()).isEqualTo("User: Hello there\n\nAssistant: Hello there\n\nUser: Again");
	}

	@Test
	void portableOptionsBecomeOllamasModelParameters() {
		this.chatClient.prompt()
			.user("Hi")
			.options(ChatOptions.builder()
				.temperature(0.2)
				.maxTokens(64)
				.topP(0.9)
				.topK(40)
				.stopSequences(List.of("END"))
				.presencePenalty(0.1)
				.frequencyPenalty(0.3))
			.call()
			.content();
		assertThat(lastRequest().ollamaBodyJson()).isEqualTo("{\"model\":\"llama3\",\"prompt\":\"Hi\",\"stream\":true,"
				+ "\"options\":{\"temperature\":0.2,\"num_predict\":64,\"top_p\":0.9,\"top_k\":40,\"stop\":[\"END\"],"
				+ "\"presence_penalty\":0.1,\"frequency_penalty\":0.3}}");
	}

	@Test
	void portableOptionsOfAPromptCalledDirectlyBecomeOllamasModelParameters() {
		// Another model's options, or Spring AI's portable ones, given to the model
		// itself (not through
		// ChatClient, which merges them into ours first): call and stream alike.
		OllamaWsChatModel model = new OllamaWsChatModel(template);
		ChatOptions portable = ChatOptions.builder().temperature(0.2).maxTokens(64).build();
		String expected = "{\"model\":\"llama3\",\"prompt\":\"Hi\",\"stream\":true,"
				+ "\"options\":{\"temperature\":0.2,\"num_predict\":64}}";
		model.call(new Prompt("Hi", portable));
		assertThat(lastRequest().ollamaBodyJson()).isEqualTo(expected);
		model.stream(new Prompt("Hi", portable)).collectList().block(WAIT);
		assertThat(lastRequest().ollamaBodyJson()).isEqualTo(expected);
	}

	@Test
	void ollamaOnlyOptionsReachOllama() {
		this.chatClient.prompt()
			.user("Hi")
			.options(OllamaWsChatOptions.builder()
				.jsonMode(true)
				.keepAlive(Duration.ofMinutes(10))
				.think(true)
				.ollamaOption("num_ctx", 8192))
			.call()
			.content();
		assertThat(lastRequest().ollamaBodyJson()).isEqualTo("{\"model\":\"llama3\",\"prompt\":\"Hi\",\"stream\":true,"
				+ "\"format\":\"json\",\"think\":true,\"keep_alive\":\"10m\",\"options\":{\"num_ctx\":8192}}");
	}

	@Test
	void structuredOutputThroughEntity() {
		City city = this.chatClient.prompt()
			.user("Describe Paris")
			.options(ChatOptions.builder().model("city"))
			.call()
			.entity(City.class);
		assertThat(city).isEqualTo(new City("Paris", "France", 2_100_000));
		// Without native structured output, Spring AI asks for the schema in the prompt's
		// text.
		assertThat(lastRequest().prompt()).startsWith("Describe Paris").contains("JSON Schema");
		assertThat(lastRequest().options()).doesNotContainKey("format");
	}

	@Test
	void nativeStructuredOutputSendsTheSchemaAsOllamasFormat() {
		City city = this.chatClient.prompt()
			.advisors(AdvisorParams.ENABLE_NATIVE_STRUCTURED_OUTPUT)
			.user("Describe Paris")
			.options(OllamaWsChatOptions.builder().model("city"))
			.call()
			.entity(City.class);
		assertThat(city).isEqualTo(new City("Paris", "France", 2_100_000));
		@SuppressWarnings("unchecked")
		Map<String, Object> format = (Map<String, Object>) lastRequest().options().get("format");
		assertThat(format).containsEntry("type", "object").containsKey("properties");
		assertThat((Map<String, Object>) format.get("properties")).containsOnlyKeys("name", "country", "population");
		assertThat(lastRequest().prompt()).isEqualTo("Describe Paris");
	}

	@Test
	void imagesOnUserMessagesBecomeOllamasImages() {
		byte[] png = { (byte) 0x89, 'P', 'N', 'G' };
		this.chatClient.prompt()
			.user((user) -> user.text("What is this?").media(MimeTypeUtils.IMAGE_PNG, new ByteArrayResource(png)))
			.call()
			.content();
		assertThat(lastRequest().options()).containsEntry("images", List.of(Base64.getEncoder().encodeToString(png)));
	}

	@Test
	void failuresAreTheClientsTypedExceptions() {
		assertThatExceptionOfType(ModelNotFoundException.class).isThrownBy(() -> this.chatClient.prompt()
			.user("Hi")
			.options(ChatOptions.builder().model("no-such-model"))
			.call()
			.content());
	}

	@Test
	void theModelShowsItsDefaultOptions() {
		OllamaWsChatModel model = new OllamaWsChatModel(template);
		assertThat(model).hasToString("OllamaWsChatModel[defaultOptions=" + model.getDefaultOptions() + "]");
	}

	@Test
	void whatTheGatewayCannotCarryIsRefusedClearly() {
		OllamaWsChatModel model = new OllamaWsChatModel(template);
		ToolResponseMessage toolResponse = ToolResponseMessage.builder()
			.responses(List.of(new ToolResponseMessage.ToolResponse("1", "weather", "sunny")))
			.build();
		// Tool results without the tools that were called: the conversation cannot be
		// rendered with its protocol.
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> model.call(new Prompt(List.of(new UserMessage("Weather?"), toolResponse))))
			.withMessageContaining("offers no tools");
		AssistantMessage calls = AssistantMessage.builder()
			.content("")
			.toolCalls(List.of(new AssistantMessage.ToolCall("1", "function", "weather", "{}")))
			.build();
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> model.call(new Prompt(List.of(new UserMessage("Weather?"), calls))))
			.withMessageContaining("offers no tools");
		UserMessage withUrl = UserMessage.builder()
			.text("What is this?")
			.media(List.of(new Media(MimeTypeUtils.IMAGE_PNG, java.net.URI.create("https://example.com/cat.png"))))
			.build();
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> model.call(new Prompt(List.of(new SystemMessage("x"), withUrl))))
			.withMessageContaining("not a URL");
		assertThat(server.receivedFrames("generate")).isEmpty();
	}

	private static GenerationRequest lastRequest() {
		List<GenerationRequest> requests = server.generationRequests();
		assertThat(requests).isNotEmpty();
		return requests.get(requests.size() - 1);
	}

	record City(String name, String country, int population) {
	}

}
