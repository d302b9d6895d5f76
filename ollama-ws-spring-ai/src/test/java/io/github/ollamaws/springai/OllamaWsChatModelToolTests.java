package io.github.ollamaws.springai;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ollamaws.client.OllamaTemplate;
import io.github.ollamaws.reactive.ReactiveOllamaTemplate;
import io.github.ollamaws.testserver.GenerationRequest;
import io.github.ollamaws.testserver.OllamaWsTestServer;
import io.github.ollamaws.testserver.ScriptedBackend;
import io.github.ollamaws.testserver.ScriptedModel;
import io.github.ollamaws.testserver.ToolReplies;
import io.github.ollamaws.testserver.ollama.OllamaHttpBackend;
import io.github.ollamaws.testserver.ollama.StrictFakeOllama;
import io.github.ollamaws.tools.ToolCallingProtocol;
import io.github.ollamaws.tools.ToolDefinition;
import io.github.ollamaws.tools.ToolReplyException;
import io.github.ollamaws.tools.ToolReplyException.Problem;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import org.springframework.ai.chat.client.AdvisorParams;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingManager;
import org.springframework.ai.support.ToolCallbacks;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.tool.annotation.ToolParam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tool calling through {@link OllamaWsChatModel} and Spring AI's {@link ChatClient},
 * against a real test gateway on loopback whose scripted models answer under the
 * request's {@code format} as Ollama's grammar would let them.
 */
class OllamaWsChatModelToolTests {

	private static final ObjectMapper MAPPER = new ObjectMapper();

	private static final String ANSWER = "It is \"sunny, 24°C\" in Paris 😀";

	private static OllamaWsTestServer server;

	private static OllamaTemplate template;

	private final List<Observation.Context> observed = new CopyOnWriteArrayList<>();

	private final TravelTools tools = new TravelTools();

	private OllamaWsChatModel model;

	private ChatClient chatClient;

	@BeforeAll
	static void startGateway() {
		server = OllamaWsTestServer.builder()
			.backend(ScriptedBackend.create()
				.model(ScriptedModel.named("agent").formatReplies(OllamaWsChatModelToolTests::agent))
				.model(ScriptedModel.named("persistent").formatReplies(OllamaWsChatModelToolTests::persistent))
				.model("cut-short", "{\"tool_calls\":[{\"name\":", "\"currentCity\",\"argu")
				.model("rogue", "{\"tool_calls\":[{\"name\":\"deleteEverything\",", "\"arguments\":{}}]}"))
			.start();
		template = TestTemplates.connect(server, "agent");
	}

	@AfterAll
	static void stopGateway() {
		template.close();
		server.close();
	}

	@BeforeEach
	void chatClient() {
		server.clearReceivedFrames();
		this.model = new OllamaWsChatModel(template, new ReactiveOllamaTemplate(template),
				OllamaWsChatOptions.builder().build(), new TranscriptChatPromptRenderer(),
				ToolCallingManager.builder().build(), observationRegistry(this.observed));
		this.chatClient = ChatClient.create(this.model);
	}

	/**
	 * The scripted model: the user's city first, then its weather, then an answer quoting
	 * the weather it read in the prompt.
	 */
	private static String agent(GenerationRequest request) {
		Map<String, String> results = results(request.prompt());
		if (results.containsKey("weather")) {
			return ToolReplies.answer(ANSWER.replace("\"sunny, 24°C\"", "\"" + results.get("weather") + "\""));
		}
		if (results.containsKey("currentCity")) {
			return ToolReplies.toolCall("weather", Map.of("city", results.get("currentCity")));
		}
		return ToolReplies.toolCall("currentCity", Map.of());
	}

	/** Calls currentCity as long as the format lets it. */
	private static String persistent(GenerationRequest request) {
		if (request.options().get("format") instanceof Map<?, ?> format && format.containsKey("anyOf")) {
			return ToolReplies.toolCall("currentCity", Map.of());
		}
		return ToolReplies.answer("Gave up after " + results(request.prompt()).size() + " tool rounds");
	}

	@Test
	void aQuestionThatNeedsTwoToolsTakesTwoRoundsAndTheAnswerQuotesTheLastResult() {
		// tag::chat-client-tools[]
		String answer = this.chatClient.prompt()
			.user("What is the weather where I am?")
			.tools(this.tools) // an object with @Tool methods
			.call()
			.content();
		// end::chat-client-tools[]
		assertThat(answer).isEqualTo("It is \"Sunny, 24°C in Paris\" in Paris 😀");
		assertThat(this.tools.calls).containsExactly("currentCity()", "weather(Paris)");
		List<GenerationRequest> requests = server.generationRequests();
		assertThat(requests).hasSize(3);
		Map<String, Object> documented = protocol().formatSchema();
		for (GenerationRequest request : requests) {
			JsonNode format = MAPPER.valueToTree(request.options().get("format"));
			assertThat(format).isEqualTo(MAPPER.valueToTree(documented));
			assertThat((String) request.options().get("system")).contains("The tools:\n- ")
				.contains("\n- currentCity: The city the user is in")
				.contains("\n- weather: ");
		}
		assertThat(requests.get(0).prompt()).isEqualTo("What is the weather where I am?");
		assertThat(requests.get(1).prompt()).startsWith("User: What is the weather where I am?")
			.contains("Assistant: {\"tool_calls\":[{\"name\":\"currentCity\",\"arguments\":{}}]}")
			.containsPattern("Tool result \\(currentCity, call call_\\w+\\): \"Paris\"$");
		assertThat(requests.get(2).prompt()).contains("{\"name\":\"weather\",\"arguments\":{\"city\":\"Paris\"}}")
			.contains("Tool result (weather, call ");
	}

	@Test
	void streamingDeliversOnlyTheAnswersTextInOrder() {
		List<String> pieces = this.chatClient.prompt()
			.user("What is the weather where I am?")
			.tools(this.tools)
			.stream()
			.content()
			.collectList()
			.block(Duration.ofSeconds(20));
		assertThat(pieces).hasSizeGreaterThan(3);
		assertThat(String.join("", pieces)).isEqualTo("It is \"Sunny, 24°C in Paris\" in Paris 😀");
		assertThat(pieces).noneMatch((piece) -> piece.contains("{") || piece.contains("answer") || piece.contains("\\")
				|| piece.contains("tool_calls"));
		assertThat(this.tools.calls).containsExactly("currentCity()", "weather(Paris)");
	}

	@Test
	void aReturnDirectToolsResultGoesToTheCallerWithoutAnotherGeneration() {
		String answer = this.chatClient.prompt().user("Where am I?").tools(new DirectTools()).call().content();
		assertThat(answer).isEqualTo("\"Paris\"");
		assertThat(server.generationRequests()).hasSize(1);
	}

	@Test
	void withTheAdvisorOffTheCallerGetsTheToolCallsAndRunsThemItself() {
		// tag::user-controlled[]
		ChatResponse response = this.chatClient.prompt()
			.user("What is the weather where I am?")
			.tools(this.tools)
			.advisors(AdvisorParams.toolCallingAdvisorAutoRegister(false))
			.call()
			.chatResponse();
		// The tool calls, to run yourself: calls.getToolCalls()
		AssistantMessage calls = response.getResult().getOutput();
		// end::user-controlled[]
		assertThat(calls.getToolCalls()).singleElement().satisfies((call) -> {
			assertThat(call.name()).isEqualTo("currentCity");
			assertThat(call.arguments()).isEqualTo("{}");
		});
		assertThat(response.getResult().getMetadata().getFinishReason()).isEqualTo("TOOL_CALLS");
		assertThat(this.tools.calls).isEmpty();
		// The caller runs the tool and sends the conversation back, with the same tools.
		List<Message> history = new ArrayList<>(List
			.of(new UserMessage("What is the weather where I am?"), calls, ToolResponseMessage.builder()
				.responses(List
					.of(new ToolResponseMessage.ToolResponse(calls.getToolCalls().get(0).id(), "currentCity", "Lyon")))
				.build()));
		ChatResponse next = this.model.call(new Prompt(history,
				OllamaWsChatOptions.builder().toolCallbacks(ToolCallbacks.from(this.tools)).build()));
		assertThat(next.getResult().getOutput().getToolCalls()).singleElement()
			.satisfies((call) -> assertThat(call.arguments()).isEqualTo("{\"city\":\"Lyon\"}"));
	}

	@Test
	void theRoundLimitHoldsAndTheLastRoundMustAnswer() {
		// tag::max-tool-rounds[]
		String answer = this.chatClient.prompt()
			.user("Where am I, really?")
			.tools(this.tools)
			.options(OllamaWsChatOptions.builder().model("persistent").maxToolRounds(2))
			.call()
			.content();
		// end::max-tool-rounds[]
		assertThat(answer).isEqualTo("Gave up after 2 tool rounds");
		assertThat(this.tools.calls).containsExactly("currentCity()", "currentCity()");
		List<GenerationRequest> requests = server.generationRequests();
		assertThat(requests).hasSize(3);
		JsonNode lastFormat = MAPPER.valueToTree(requests.get(2).options().get("format"));
		assertThat(lastFormat).isEqualTo(MAPPER.valueToTree(ToolCallingProtocol.answerOnlyFormat().schema()));
		assertThat((String) requests.get(2).options().get("system")).startsWith("No more tools can be called");
	}

	@Test
	void aToolThatThrowsReportsItsErrorToTheModelAsSpringAiDoes() {
		String answer = this.chatClient.prompt()
			.user("What is the weather where I am?")
			.tools(new BrokenTools())
			.call()
			.content();
		assertThat(server.generationRequests().get(1).prompt()).contains("): city service down");
		assertThat(answer).contains("city service down");
	}

	@Test
	void aMalformedReplyIsATypedErrorWithTheRawTextInBoundedTime() {
		CompletableFuture<String> call = CompletableFuture.supplyAsync(() -> this.chatClient.prompt()
			.user("Where am I?")
			.tools(this.tools)
			.options(OllamaWsChatOptions.builder().model("cut-short"))
			.call()
			.content());
		assertThat(call).failsWithin(Duration.ofSeconds(10))
			.withThrowableOfType(ExecutionException.class)
			.havingCause()
			.isInstanceOfSatisfying(ToolReplyException.class, (error) -> {
				assertThat(error.problem()).isEqualTo(Problem.MALFORMED);
				assertThat(error.rawText()).isEqualTo("{\"tool_calls\":[{\"name\":\"currentCity\",\"argu");
			});
		assertThat(this.tools.calls).isEmpty();
	}

	@Test
	void aCallOfAToolNotOfferedIsATypedErrorCalledOrStreamed() {
		assertThatExceptionOfType(ToolReplyException.class)
			.isThrownBy(() -> this.chatClient.prompt()
				.user("Clean up")
				.tools(this.tools)
				.options(OllamaWsChatOptions.builder().model("rogue"))
				.call()
				.content())
			.satisfies((ex) -> {
				assertThat(ex.problem()).isEqualTo(Problem.UNKNOWN_TOOL);
				assertThat(ex.toolName()).isEqualTo("deleteEverything");
			});
		StepVerifier
			.create(this.chatClient.prompt()
				.user("Clean up")
				.tools(this.tools)
				.options(OllamaWsChatOptions.builder().model("rogue"))
				.stream()
				.content())
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(ToolReplyException.class))
			.verify(Duration.ofSeconds(10));
	}

	@Test
	void eachToolRoundIsObservedWithTheToolNamesNeverTheArguments() {
		this.chatClient.prompt().user("What is the weather where I am?").tools(this.tools).call().content();
		List<String> rounds = this.observed.stream()
			.filter((context) -> "ollama.ws.chat.tool.round".equals(context.getName()))
			.map((context) -> context.getLowCardinalityKeyValue("ollama.ws.tool.round.outcome").getValue() + ":"
					+ context.getLowCardinalityKeyValue("gen_ai.tool.names").getValue())
			.toList();
		assertThat(rounds).containsExactly("tool_calls:currentCity", "tool_calls:weather", "answer:none");
		assertThat(this.observed).allSatisfy((context) -> assertThat(context.getAllKeyValues())
			.noneMatch((keyValue) -> keyValue.getValue().contains("Paris")));
	}

	@Test
	void eachStreamedToolRoundIsObservedAndStopped() {
		List<String> pieces = this.chatClient.prompt()
			.user("What is the weather where I am?")
			.tools(this.tools)
			.stream()
			.content()
			.collectList()
			.block(Duration.ofSeconds(20));
		assertThat(pieces).isNotEmpty();
		// A streamed round's observation stops when its stream ends, with its outcome.
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(rounds()).containsExactly("tool_calls:currentCity", "tool_calls:weather",
					"answer:none"));
	}

	@Test
	void theSystemMessageGoesToTheSystemPromptNotIntoTheToolConversation() {
		String answer = this.chatClient.prompt()
			.system("Answer in one sentence.")
			.user("What is the weather where I am?")
			.tools(this.tools)
			.call()
			.content();
		assertThat(answer).contains("Paris");
		List<GenerationRequest> requests = server.generationRequests();
		assertThat(requests.get(0).prompt()).isEqualTo("What is the weather where I am?");
		assertThat(requests).allSatisfy((request) -> {
			assertThat(request.prompt()).doesNotContain("Answer in one sentence.");
			assertThat(String.valueOf(request.options().get("system"))).startsWith("Answer in one sentence.");
		});
	}

	private List<String> rounds() {
		return this.observed.stream()
			.filter((context) -> "ollama.ws.chat.tool.round".equals(context.getName()))
			.map((context) -> context.getLowCardinalityKeyValue("ollama.ws.tool.round.outcome").getValue() + ":"
					+ context.getLowCardinalityKeyValue("gen_ai.tool.names").getValue())
			.toList();
	}

	@Test
	void theFormatSentPassesTheStrictOllamaStandIn() {
		try (StrictFakeOllama ollama = StrictFakeOllama.start().reply("{\"answer\":", "\"Sunny\"}");
				OllamaWsTestServer gateway = OllamaWsTestServer.builder()
					.backend(OllamaHttpBackend.create(ollama.url()))
					.start()) {
			try (OllamaTemplate strict = TestTemplates.connect(gateway, "llama3")) {
				String answer = ChatClient.create(new OllamaWsChatModel(strict))
					.prompt()
					.user("Weather?")
					.tools(this.tools)
					.call()
					.content();
				assertThat(answer).isEqualTo("Sunny");
				assertThat(ollama.violations()).isEmpty();
				assertThat(ollama.lastGenerateRequest().get("format"))
					.isEqualTo(MAPPER.valueToTree(protocol().formatSchema()));
			}
		}
	}

	private static ObservationRegistry observationRegistry(List<Observation.Context> observed) {
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(new ObservationHandler<>() {

			@Override
			public boolean supportsContext(Observation.Context context) {
				return true;
			}

			@Override
			public void onStop(Observation.Context context) {
				observed.add(context);
			}

		});
		return registry;
	}

	private ToolCallingProtocol protocol() {
		return ToolCallingProtocol.of(List.of(ToolCallbacks.from(this.tools))
			.stream()
			.map(ToolCallback::getToolDefinition)
			.map((tool) -> ToolDefinition.of(tool.name(), tool.description(), tool.inputSchema()))
			.toList());
	}

	/** The tool results the prompt carries; Spring AI sends a String result as JSON. */
	private static Map<String, String> results(String prompt) {
		Map<String, String> results = new LinkedHashMap<>();
		ToolReplies.toolResults(prompt).forEach((name, text) -> results.put(name, text.replace("\"", "")));
		return results;
	}

	static class TravelTools {

		final List<String> calls = new CopyOnWriteArrayList<>();

		@Tool(description = "The city the user is in")
		String currentCity() {
			this.calls.add("currentCity()");
			return "Paris";
		}

		@Tool(description = "The current weather of a city")
		String weather(@ToolParam(description = "The city") String city) {
			this.calls.add("weather(" + city + ")");
			return "Sunny, 24°C in " + city;
		}

	}

	static class DirectTools {

		@Tool(description = "The city the user is in", returnDirect = true)
		String currentCity() {
			return "Paris";
		}

	}

	static class BrokenTools {

		@Tool(description = "The city the user is in")
		String currentCity() {
			throw new IllegalStateException("city service down");
		}

		@Tool(description = "The current weather of a city")
		String weather(@ToolParam(description = "The city") String city) {
			return "Sunny in " + city;
		}

	}

}
