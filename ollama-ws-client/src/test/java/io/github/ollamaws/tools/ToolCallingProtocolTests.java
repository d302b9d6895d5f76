package io.github.ollamaws.tools;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ollamaws.chat.ChatTurn;
import io.github.ollamaws.chat.ConversationRenderer;
import io.github.ollamaws.chat.TranscriptConversationRenderer;
import io.github.ollamaws.core.GenerateRequest;
import io.github.ollamaws.tools.ToolReplyException.Problem;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ToolCallingProtocolTests {

	private static final ObjectMapper MAPPER = new ObjectMapper();

	private static final ToolDefinition CITY = ToolDefinition.of("currentCity", "The user's city",
			"{\"type\":\"object\",\"properties\":{},\"required\":[],\"additionalProperties\":false}");

	private static final ToolDefinition WEATHER = ToolDefinition.of("weather", "The weather of a city",
			"{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"],"
					+ "\"additionalProperties\":false}");

	private final ToolCallingProtocol protocol = ToolCallingProtocol.of(List.of(CITY, WEATHER));

	@Test
	void theFormatIsAnAnswerOrCallsOfTheOfferedToolsWithTheirSchemas() throws Exception {
		JsonNode expected = MAPPER.readTree(
				"""
						{"anyOf":[
						  {"type":"object","properties":{"answer":{"type":"string"}},"required":["answer"],"additionalProperties":false},
						  {"type":"object","properties":{"tool_calls":{"type":"array","minItems":1,"items":{"anyOf":[
						    {"type":"object","properties":{"name":{"const":"currentCity"},
						      "arguments":{"type":"object","properties":{},"required":[],"additionalProperties":false}},
						      "required":["name","arguments"],"additionalProperties":false},
						    {"type":"object","properties":{"name":{"const":"weather"},
						      "arguments":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"],"additionalProperties":false}},
						      "required":["name","arguments"],"additionalProperties":false}
						  ]}}},"required":["tool_calls"],"additionalProperties":false}
						]}""");
		JsonNode actual = MAPPER.valueToTree(this.protocol.formatSchema());
		assertThat(actual).isEqualTo(expected);
		assertThat(this.protocol.format().schema()).isEqualTo(this.protocol.formatSchema());
		JsonNode answerOnly = MAPPER.valueToTree(ToolCallingProtocol.answerOnlyFormat().schema());
		assertThat(answerOnly).isEqualTo(expected.get("anyOf").get(0));
	}

	@Test
	void theSystemPromptDescribesEachToolAfterTheApplicationsOwn() {
		String system = this.protocol.systemPrompt("Be brief.");
		assertThat(system).startsWith("Be brief.\n\n")
			.contains("{\"tool_calls\":[{\"name\":\"<tool name>\"")
			.contains("{\"answer\":\"<your answer>\"}")
			.contains("- currentCity: The user's city")
			.contains("- weather: The weather of a city\n  arguments (JSON Schema): {\"type\":\"object\"");
		assertThat(this.protocol.systemPrompt(null, false)).startsWith("No more tools can be called")
			.doesNotContain("weather");
	}

	@Test
	void aConversationWithToolsIsATranscriptThatCarriesCallsAndResults() {
		List<Turn> turns = List.of(Turn.user("Weather here?"),
				Turn.toolCalls(List.of(new ToolCall("c1", "currentCity", "{}"))),
				Turn.toolResults(List.of(new ToolResult("c1", "currentCity", "Paris"))));
		assertThat(this.protocol.renderConversation(turns)).isEqualTo("""
				User: Weather here?

				Assistant: {"tool_calls":[{"name":"currentCity","arguments":{}}]}

				Tool result (currentCity, call c1): Paris""");
		assertThat(this.protocol.renderConversation(List.of(Turn.user("Hi")))).isEqualTo("Hi");
		assertThat(
				this.protocol.renderConversation(List.of(Turn.user("Hi"), Turn.assistant("Hello"), Turn.user("Bye"))))
			.isEqualTo("User: Hi\n\nAssistant: Hello\n\nUser: Bye");
	}

	@Test
	void aRoundOffersTheToolsBelowTheLimitAndRequiresAnAnswerAtIt() {
		List<Turn> oneRound = List.of(Turn.user("Weather here?"),
				Turn.toolCalls(List.of(new ToolCall("c1", "currentCity", "{}"))),
				Turn.toolResults(List.of(new ToolResult("c1", "currentCity", "Paris"))));
		ToolRound below = this.protocol.round(oneRound, 2);
		assertThat(below.toolsAllowed()).isTrue();
		assertThat(below.format()).isEqualTo(this.protocol.format());
		assertThat(below.systemPrompt("Be terse.")).isEqualTo(this.protocol.systemPrompt("Be terse."));
		assertThat(below.prompt()).isEqualTo(this.protocol.renderConversation(oneRound));
		ToolRound atTheLimit = this.protocol.round(oneRound, 1);
		assertThat(atTheLimit.toolsAllowed()).isFalse();
		assertThat(atTheLimit.format()).isEqualTo(ToolCallingProtocol.answerOnlyFormat());
		assertThat(atTheLimit.systemPrompt("Be terse.")).startsWith("Be terse.\n\nNo more tools can be called");
		assertThat(this.protocol.round(List.of(Turn.user("Hi")), 0).toolsAllowed()).isFalse();
		assertThatIllegalArgumentException().isThrownBy(() -> this.protocol.round(oneRound, -1));
	}

	@Test
	void theTranscriptIsTheChatAdaptersOwn() {
		List<Turn> turns = List.of(Turn.user("Hi"), Turn.assistant("Hello"), Turn.user("Bye"));
		List<ChatTurn> chatTurns = List.of(ChatTurn.user("Hi"), ChatTurn.assistant("Hello"), ChatTurn.user("Bye"));
		assertThat(this.protocol.renderConversation(turns))
			.isEqualTo(ConversationRenderer.transcript().render(chatTurns));
		String withResults = this.protocol.renderConversation(
				List.of(Turn.user("Hi"), Turn.toolCalls(List.of(new ToolCall("c1", "currentCity", "{}"))),
						Turn.toolResults(List.of(new ToolResult("c1", "currentCity", "Paris")))));
		assertThat(withResults).startsWith(TranscriptConversationRenderer.paragraph(ChatTurn.user("Hi"))
				+ TranscriptConversationRenderer.TURN_SEPARATOR
				+ TranscriptConversationRenderer.paragraph(
						ChatTurn.assistant("{\"tool_calls\":[{\"name\":" + "\"currentCity\",\"arguments\":{}}]}"))
				+ TranscriptConversationRenderer.TURN_SEPARATOR);
	}

	@Test
	void toolRoundsCountTheCallsSinceTheLastUserTurn() {
		Turn calls = Turn.toolCalls(List.of(new ToolCall("c1", "currentCity", "{}")));
		Turn results = Turn.toolResults(List.of(new ToolResult("c1", "currentCity", "Paris")));
		assertThat(ToolCallingProtocol.toolRounds(List.of(Turn.user("a")))).isZero();
		assertThat(ToolCallingProtocol.toolRounds(List.of(Turn.user("a"), calls, results, calls, results)))
			.isEqualTo(2);
		assertThat(ToolCallingProtocol.toolRounds(List.of(Turn.user("a"), calls, results, Turn.user("b"), calls)))
			.isOne();
	}

	@Test
	void aReplyIsParsedIntoAnAnswer() {
		ToolReply reply = this.protocol.parse(" {\"answer\": \"It is \\\"sunny\\\"\"} ");
		assertThat(reply).isEqualTo(new ToolReply.Answer("It is \"sunny\"", " {\"answer\": \"It is \\\"sunny\\\"\"} "));
	}

	@Test
	void aReplyIsParsedIntoCallsWithDistinctIds() {
		ToolReply reply = this.protocol.parse("{\"tool_calls\":[{\"name\":\"currentCity\",\"arguments\":{}},"
				+ "{\"name\":\"weather\",\"arguments\":{\"city\":\"Paris\"}}]}");
		assertThat(reply).isInstanceOfSatisfying(ToolReply.ToolCalls.class, (calls) -> {
			assertThat(calls.calls()).extracting(ToolCall::name).containsExactly("currentCity", "weather");
			assertThat(calls.calls()).extracting(ToolCall::arguments).containsExactly("{}", "{\"city\":\"Paris\"}");
			assertThat(calls.calls().get(0).id()).isNotEqualTo(calls.calls().get(1).id());
			assertThat(calls.toString()).doesNotContain("Paris")
				.contains("weather")
				.contains(calls.calls().get(1).id());
			assertThat(calls.calls().get(1).toString()).doesNotContain("Paris")
				.isEqualTo("ToolCall[id=" + calls.calls().get(1).id() + ", name=weather]");
		});
	}

	@Test
	void aCallOfAToolNotOfferedIsATypedErrorWithTheRawText() {
		String raw = "{\"tool_calls\":[{\"name\":\"deleteAll\",\"arguments\":{}}]}";
		assertThatExceptionOfType(ToolReplyException.class).isThrownBy(() -> this.protocol.parse(raw))
			.satisfies((ex) -> {
				assertThat(ex.problem()).isEqualTo(Problem.UNKNOWN_TOOL);
				assertThat(ex.toolName()).isEqualTo("deleteAll");
				assertThat(ex.rawText()).isEqualTo(raw);
			})
			.withMessageContaining("'deleteAll'");
	}

	@Test
	void aReplyThatBreaksTheFormatIsATypedErrorWithTheRawText() {
		for (String raw : List.of("", "Sunny.", "{\"answer\":\"cut sho", "{\"answer\":42}", "{\"answer\":\"a\"} x",
				"{\"answer\":\"a\",\"tool_calls\":[]}", "{\"tool_calls\":[]}", "[\"answer\"]",
				"{\"tool_calls\":[{\"name\":\"weather\"}]}",
				"{\"tool_calls\":[{\"name\":\"weather\",\"arguments\":{}}]}",
				"{\"tool_calls\":[{\"name\":\"weather\",\"arguments\":{\"city\":\"P\",\"secret\":1}}]}",
				"{\"tool_calls\":[{\"name\":\"weather\",\"arguments\":\"Paris\"}]}")) {
			assertThatExceptionOfType(ToolReplyException.class).as(raw)
				.isThrownBy(() -> this.protocol.parse(raw))
				.satisfies((ex) -> {
					assertThat(ex.problem()).isEqualTo(Problem.MALFORMED);
					assertThat(ex.rawText()).isEqualTo(raw);
				});
		}
	}

	@Test
	void toolsMustBeThereAndDistinct() {
		assertThatIllegalArgumentException().isThrownBy(() -> ToolCallingProtocol.of(List.of()));
		assertThatIllegalArgumentException().isThrownBy(() -> ToolCallingProtocol.of(List.of(CITY, CITY)))
			.withMessageContaining("currentCity");
		assertThatIllegalArgumentException().isThrownBy(() -> ToolDefinition.of("x", "", "[1]"))
			.withMessageContaining("'x'");
	}

	@Test
	void aRoundFromPlainJava() {
		// tag::plain-java-round[]
		ToolDefinition weather = ToolDefinition.of("weather", "The current weather of a city",
				"{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}");
		ToolCallingProtocol protocol = ToolCallingProtocol.of(List.of(weather));
		List<Turn> turns = List.of(Turn.user("Is it raining in Paris?"));
		GenerateRequest request = GenerateRequest.builder(protocol.renderConversation(turns))
			.system(protocol.systemPrompt("You are a weather assistant."))
			.format(protocol.format())
			.build();
		// String reply = ollama.generate(request).text();
		String reply = "{\"tool_calls\":[{\"name\":\"weather\",\"arguments\":{\"city\":\"Paris\"}}]}";
		if (protocol.parse(reply) instanceof ToolReply.ToolCalls calls) {
			ToolCall call = calls.calls().get(0); // run it, then send its result:
			turns = List.of(turns.get(0), Turn.toolCalls(calls.calls()),
					Turn.toolResults(List.of(new ToolResult(call.id(), call.name(), "Light rain, 12°C"))));
		}
		// end::plain-java-round[]
		assertThat(request.format()).isEqualTo(protocol.format());
		assertThat(protocol.renderConversation(turns)).contains("Tool result (weather, call ")
			.contains("): Light rain, 12°C");
		assertThat(Map.of("n", ToolCallingProtocol.toolRounds(turns))).containsEntry("n", 1);
	}

	@Test
	void aToolResultPrintsNoText() {
		assertThat(new ToolResult("c1", "currentCity", "Paris")).hasToString("ToolResult[callId=c1, name=currentCity]");
	}

	@Test
	void theProtocolKeepsItsToolsInOrderAndNamesThem() {
		assertThat(this.protocol.tools()).containsExactly(CITY, WEATHER);
		assertThat(this.protocol).hasToString("ToolCallingProtocol[currentCity, weather]");
		assertThat(this.protocol.simplifications()).isEmpty();
		ToolCallingProtocol loosened = ToolCallingProtocol.of(List.of(ToolDefinition.of("code", "",
				"{\"type\":\"object\",\"properties\":{\"c\":{\"type\":\"string\",\"pattern\":\"[A-Z]\"}}}")));
		assertThat(loosened.simplifications()).singleElement()
			.asString()
			.contains("tool 'code'")
			.contains("/properties/c/pattern");
	}

	@Test
	void argumentsAreHeldToAnObjectSchemaEvenWithoutItsType() {
		// A schema with properties but no type is an object schema for Ollama too.
		ToolCallingProtocol untyped = ToolCallingProtocol.of(List.of(ToolDefinition.of("weather", "",
				"{\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}")));
		String notAnObject = "{\"tool_calls\":[{\"name\":\"weather\",\"arguments\":\"Paris\"}]}";
		assertThatExceptionOfType(ToolReplyException.class).isThrownBy(() -> untyped.parse(notAnObject))
			.withMessageContaining("not an object");
		// A schema that is not an object's: the arguments are the tool's to check.
		ToolCallingProtocol anyValue = ToolCallingProtocol.of(List.of(ToolDefinition.of("echo", "", "{}")));
		assertThat(anyValue.parse("{\"tool_calls\":[{\"name\":\"echo\",\"arguments\":\"Paris\"}]}"))
			.isInstanceOfSatisfying(ToolReply.ToolCalls.class,
					(calls) -> assertThat(calls.calls()).singleElement()
						.extracting(ToolCall::arguments)
						.isEqualTo("\"Paris\""));
	}

}
