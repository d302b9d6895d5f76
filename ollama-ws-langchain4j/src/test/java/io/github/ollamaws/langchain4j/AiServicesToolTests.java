package io.github.ollamaws.langchain4j;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.TokenStream;
import io.github.ollamaws.client.OllamaTemplate;
import io.github.ollamaws.testserver.OllamaWsTestServer;
import io.github.ollamaws.testserver.ToolReplies;
import io.github.ollamaws.testserver.ollama.OllamaFormatSchema;
import io.github.ollamaws.testserver.ollama.OllamaHttpBackend;
import io.github.ollamaws.testserver.ollama.StrictFakeOllama;
import io.github.ollamaws.tools.ToolCallingProtocol;
import io.github.ollamaws.tools.ToolDefinition;
import io.github.ollamaws.tools.ToolReplyException;
import io.github.ollamaws.tools.ToolReplyException.Problem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * LangChain4j's {@code AiServices} with {@code @Tool}s over the gateway, in front of a
 * fake Ollama that checks every body against Ollama's request schema (the {@code format}
 * included: a schema Ollama can turn into a grammar) and whose scripted model answers
 * under the request's {@code format} as Ollama's grammar would let it.
 */
class AiServicesToolTests {

	private static final ObjectMapper MAPPER = new ObjectMapper();

	private static final String ANSWER = "It is \"WEATHER\" in Paris 😀";

	private StrictFakeOllama ollama;

	private OllamaWsTestServer gateway;

	private OllamaTemplate template;

	/** Replies the request's format would not allow: a real Ollama never writes them. */
	private final List<String> formatMismatches = new CopyOnWriteArrayList<>();

	private final TravelTools tools = new TravelTools();

	// A gateway and a fake Ollama per test, so that each test sees only its requests.
	@BeforeEach
	void startGatewayInFrontOfAStrictOllamaWhoseAgentAnswersUnderTheFormat() {
		this.ollama = StrictFakeOllama.start();
		this.gateway = OllamaWsTestServer.builder().backend(OllamaHttpBackend.create(this.ollama.url())).start();
		this.template = TestGateways.template(this.gateway);
		scripted(AiServicesToolTests::agent);
	}

	@AfterEach
	void nothingOllamaWouldIgnoreOrRefuse() {
		this.template.close();
		this.gateway.close();
		this.ollama.close();
		assertThat(this.ollama.violations()).isEmpty();
		assertThat(this.formatMismatches).isEmpty();
	}

	/**
	 * The scripted model: the user's city first, then its weather, then an answer quoting
	 * the weather it read in the prompt.
	 */
	private static String agent(JsonNode request) {
		Map<String, String> results = ToolReplies.toolResults(request.path("prompt").asText());
		if (results.containsKey("weather")) {
			return ToolReplies.answer(ANSWER.replace("WEATHER", results.get("weather")));
		}
		if (results.containsKey("currentCity")) {
			return ToolReplies.toolCall("weather", Map.of("city", results.get("currentCity")));
		}
		return ToolReplies.toolCall("currentCity", Map.of());
	}

	/** Calls currentCity as long as the format lets it. */
	private static String persistent(JsonNode request) {
		if (request.path("format").has("anyOf")) {
			return ToolReplies.toolCall("currentCity", Map.of());
		}
		return ToolReplies
			.answer("Gave up after " + ToolReplies.toolResults(request.path("prompt").asText()).size() + " rounds");
	}

	@Test
	void aQuestionThatNeedsTwoToolsTakesTwoRoundsAndTheAnswerQuotesTheLastResult() {
		// tag::langchain4j-tools[]
		ChatModel model = OllamaWsLangChain4jChatModel.builder(this.template).build();
		TravelAgent agent = AiServices.builder(TravelAgent.class)
			.chatModel(model)
			.tools(this.tools) // an object with @Tool methods
			.build();
		String answer = agent.chat("What is the weather where I am?");
		// end::langchain4j-tools[]
		assertThat(answer).isEqualTo("It is \"Sunny, 24°C in Paris\" in Paris 😀");
		assertThat(this.tools.calls).containsExactly("currentCity()", "weather(Paris)");
		List<JsonNode> requests = this.ollama.generateRequests();
		assertThat(requests).hasSize(3);
		for (JsonNode request : requests) {
			assertThat(request.get("format")).isEqualTo(documentedFormat(request.get("format")));
			assertThat(request.path("system").asText()).contains("The tools:\n- ")
				.contains("- currentCity: The city the user is in")
				.contains("- weather: The current weather of a city");
		}
		assertThat(requests.get(0).path("prompt").asText()).isEqualTo("What is the weather where I am?");
		assertThat(requests.get(1).path("prompt").asText()).startsWith("User: What is the weather where I am?")
			.contains("Assistant: {\"tool_calls\":[{\"name\":\"currentCity\",\"arguments\":{}}]}")
			.containsPattern("Tool result \\(currentCity, call call_\\w+\\): Paris$");
		assertThat(requests.get(2).path("prompt").asText())
			.contains("Assistant: {\"tool_calls\":[{\"name\":\"weather\",\"arguments\":{\"city\":\"Paris\"}}]}")
			.containsPattern("Tool result \\(weather, call call_\\w+\\): Sunny, 24°C in Paris$");
	}

	@Test
	void aTokenStreamDeliversOnlyTheAnswersTextInOrder() {
		StreamingChatModel model = OllamaWsLangChain4jStreamingChatModel.builder(this.template).build();
		StreamingTravelAgent agent = AiServices.builder(StreamingTravelAgent.class)
			.streamingChatModel(model)
			.tools(this.tools)
			.build();
		List<String> pieces = new CopyOnWriteArrayList<>();
		CompletableFuture<ChatResponse> done = new CompletableFuture<>();
		// tag::langchain4j-tools-stream[]
		agent.chat("What is the weather where I am?")
			.onPartialResponse(pieces::add) // the answer's text only, never JSON
			.onCompleteResponse(done::complete)
			.onError(done::completeExceptionally)
			.start();
		// end::langchain4j-tools-stream[]
		assertThat(done).succeedsWithin(Duration.ofSeconds(20))
			.satisfies((response) -> assertThat(response.aiMessage().text())
				.isEqualTo("It is \"Sunny, 24°C in Paris\" in Paris 😀"));
		assertThat(pieces).hasSizeGreaterThan(3);
		assertThat(String.join("", pieces)).isEqualTo("It is \"Sunny, 24°C in Paris\" in Paris 😀");
		assertThat(pieces).noneMatch((piece) -> piece.contains("{") || piece.contains("answer") || piece.contains("\\")
				|| piece.contains("tool_calls"));
		assertThat(this.tools.calls).containsExactly("currentCity()", "weather(Paris)");
		assertThat(this.ollama.generateRequests()).hasSize(3)
			.allSatisfy(
					(request) -> assertThat(request.get("format")).isEqualTo(documentedFormat(request.get("format"))));
	}

	@Test
	void theRoundLimitHoldsAndTheLastRoundMustAnswer() {
		scripted(AiServicesToolTests::persistent);
		// tag::langchain4j-max-tool-rounds[]
		ChatModel model = OllamaWsLangChain4jChatModel.builder(this.template)
			.defaultRequestParameters(OllamaWsChatRequestParameters.builder().maxToolRounds(2).build())
			.build();
		// end::langchain4j-max-tool-rounds[]
		TravelAgent agent = AiServices.builder(TravelAgent.class).chatModel(model).tools(this.tools).build();
		assertThat(agent.chat("Where am I, really?")).isEqualTo("Gave up after 2 rounds");
		assertThat(this.tools.calls).containsExactly("currentCity()", "currentCity()");
		List<JsonNode> requests = this.ollama.generateRequests();
		assertThat(requests).hasSize(3);
		assertThat(requests.get(2).get("format"))
			.isEqualTo(MAPPER.valueToTree(ToolCallingProtocol.answerOnlyFormat().schema()));
		assertThat(requests.get(2).path("system").asText()).startsWith("No more tools can be called");
	}

	@Test
	void aMalformedReplyIsATypedErrorWithTheRawTextInBoundedTime() {
		this.ollama.reply("{\"tool_calls\":[{\"name\":", "\"currentCity\",\"argu");
		TravelAgent agent = agent();
		ToolReplyException error = toolReplyError(CompletableFuture.supplyAsync(() -> agent.chat("Where am I?")));
		assertThat(error.problem()).isEqualTo(Problem.MALFORMED);
		assertThat(error.rawText()).isEqualTo("{\"tool_calls\":[{\"name\":\"currentCity\",\"argu");
		assertThat(this.tools.calls).isEmpty();
	}

	@Test
	void aCallOfAToolNotOfferedIsATypedErrorCalledOrStreamed() {
		this.ollama.reply("{\"tool_calls\":[{\"name\":\"deleteEverything\",", "\"arguments\":{}}]}");
		TravelAgent agent = agent();
		ToolReplyException error = toolReplyError(CompletableFuture.supplyAsync(() -> agent.chat("Clean up")));
		assertThat(error.problem()).isEqualTo(Problem.UNKNOWN_TOOL);
		assertThat(error.toolName()).isEqualTo("deleteEverything");
		StreamingTravelAgent streaming = AiServices.builder(StreamingTravelAgent.class)
			.streamingChatModel(OllamaWsLangChain4jStreamingChatModel.builder(this.template).build())
			.tools(this.tools)
			.build();
		CompletableFuture<ChatResponse> done = new CompletableFuture<>();
		List<String> pieces = new CopyOnWriteArrayList<>();
		streaming.chat("Clean up")
			.onPartialResponse(pieces::add)
			.onCompleteResponse(done::complete)
			.onError(done::completeExceptionally)
			.start();
		assertThat(toolReplyError(done).problem()).isEqualTo(Problem.UNKNOWN_TOOL);
		assertThat(pieces).isEmpty();
		assertThat(this.tools.calls).isEmpty();
	}

	private TravelAgent agent() {
		return AiServices.builder(TravelAgent.class)
			.chatModel(OllamaWsLangChain4jChatModel.builder(this.template).build())
			.tools(this.tools)
			.build();
	}

	/** The ToolReplyException a call or a stream ends in, within the request timeout. */
	private static ToolReplyException toolReplyError(CompletableFuture<?> ending) {
		Throwable failure = catchThrowable(() -> ending.get(10, TimeUnit.SECONDS));
		assertThat(failure).isInstanceOf(ExecutionException.class).cause().isInstanceOf(ToolReplyException.class);
		return (ToolReplyException) failure.getCause();
	}

	/**
	 * The documented format for the two tools, written out here from LangChain4j's
	 * {@code @Tool} methods, with the tools in the order the request offered them
	 * (LangChain4j finds them by reflection, in no fixed order).
	 */
	private static JsonNode documentedFormat(JsonNode sent) {
		Map<String, ToolDefinition> byName = Map.of("currentCity",
				ToolDefinition.of("currentCity", "The city the user is in", "{\"type\":\"object\",\"properties\":{}}"),
				"weather",
				ToolDefinition.of("weather", "The current weather of a city",
						"{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\",\"description\":"
								+ "\"The city\"}},\"required\":[\"city\"]}"));
		List<ToolDefinition> offered = new ArrayList<>();
		for (JsonNode call : sent.at("/anyOf/1/properties/tool_calls/items/anyOf")) {
			offered.add(byName.get(call.at("/properties/name/const").asText()));
		}
		assertThat(offered).hasSize(2).doesNotContainNull();
		return MAPPER.valueToTree(ToolCallingProtocol.of(offered).formatSchema());
	}

	/**
	 * Scripts the fake Ollama: the reply computed from each request, checked against the
	 * request's format as Ollama's grammar would hold it, and streamed in pieces of three
	 * characters, so that escapes are split across tokens.
	 */
	private void scripted(Function<JsonNode, String> reply) {
		this.ollama.reply((request) -> {
			String text = reply.apply(request);
			try {
				this.formatMismatches
					.addAll(OllamaFormatSchema.mismatches(request.path("format"), MAPPER.readTree(text)));
			}
			catch (JsonProcessingException ex) {
				throw new IllegalStateException(ex);
			}
			List<String> tokens = new ArrayList<>();
			for (int i = 0; i < text.length(); i += 3) {
				tokens.add(text.substring(i, Math.min(text.length(), i + 3)));
			}
			return tokens;
		});
	}

	// tag::langchain4j-tool-class[]
	interface TravelAgent {

		String chat(String question);

	}

	interface StreamingTravelAgent {

		TokenStream chat(String question);

	}

	static class TravelTools {

		final List<String> calls = new CopyOnWriteArrayList<>();

		@Tool("The city the user is in")
		String currentCity() {
			this.calls.add("currentCity()");
			return "Paris";
		}

		@Tool("The current weather of a city")
		String weather(@P("The city") String city) {
			this.calls.add("weather(" + city + ")");
			return "Sunny, 24°C in " + city;
		}

	}
	// end::langchain4j-tool-class[]

}
