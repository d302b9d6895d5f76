package io.github.ollamaws.tools;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ollamaws.client.OllamaTemplate;
import io.github.ollamaws.core.GenerateRequest;
import io.github.ollamaws.core.GenerationResult;
import io.github.ollamaws.testserver.GenerationRequest;
import io.github.ollamaws.testserver.OllamaWsTestServer;
import io.github.ollamaws.testserver.ScriptedBackend;
import io.github.ollamaws.testserver.ScriptedModel;
import io.github.ollamaws.testserver.TestClient;
import io.github.ollamaws.testserver.TestKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tool-calling core in a loop of plain Java over a real gateway on loopback, whose
 * scripted model answers under the request's format as Ollama's grammar would let it.
 */
class ToolCallingLoopTests {

	private static final ObjectMapper MAPPER = new ObjectMapper();

	private static final ToolDefinition ADD = ToolDefinition.of("add", "Adds two integers",
			"{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"integer\"},\"b\":{\"type\":\"integer\"}},"
					+ "\"required\":[\"a\",\"b\"],\"additionalProperties\":false}");

	private final ToolCallingProtocol protocol = ToolCallingProtocol.of(List.of(ADD));

	private OllamaWsTestServer server;

	private OllamaTemplate template;

	@BeforeEach
	void start() {
		this.server = OllamaWsTestServer.builder()
			.backend(ScriptedBackend.create().model(ScriptedModel.named("adder").formatReplies((request) -> {
				int at = request.prompt().indexOf("Tool result (add, call ");
				if (at < 0) {
					return "{\"tool_calls\":[{\"name\":\"add\",\"arguments\":{\"a\":2,\"b\":3}}]}";
				}
				String sum = request.prompt().substring(request.prompt().indexOf("): ", at) + 3);
				return "{\"answer\":\"2 + 3 = " + sum + "\\n\\u2705 \\ud83d\\ude00\"}";
			})))
			.start();
		TestClient client = this.server.registerNewClient(TestKeys.ec());
		this.template = OllamaTemplate.builder()
			.url(this.server.url())
			.clientId(client.clientId())
			.privateKey(client.keys().privateKey())
			.defaultModel("adder")
			.build();
	}

	@AfterEach
	void stop() {
		this.template.close();
		this.server.close();
	}

	@Test
	void aRoundOfCallsThenAStreamedAnswer() throws Exception {
		List<Turn> turns = new ArrayList<>(List.of(Turn.user("What is 2 + 3?")));
		ToolReply reply = this.protocol.parse(this.template.generate(request(turns)).text());
		assertThat(reply).isInstanceOf(ToolReply.ToolCalls.class);
		ToolCall call = ((ToolReply.ToolCalls) reply).calls().get(0);
		JsonNode arguments = MAPPER.readTree(call.arguments());
		int sum = arguments.get("a").asInt() + arguments.get("b").asInt();
		turns.add(Turn.toolCalls(List.of(call)));
		turns.add(Turn.toolResults(List.of(new ToolResult(call.id(), call.name(), String.valueOf(sum)))));

		AnswerStreamReader reader = this.protocol.answerReader();
		List<String> pieces = new CopyOnWriteArrayList<>();
		GenerationResult result = this.template.stream(request(turns), (token) -> {
			String text = reader.next(token);
			if (!text.isEmpty()) {
				pieces.add(text);
			}
		}).result().get(20, TimeUnit.SECONDS);

		assertThat(String.join("", pieces)).isEqualTo("2 + 3 = 5\n✅ 😀");
		assertThat(pieces).hasSizeGreaterThan(3);
		assertThat(this.protocol.parse(result.text()))
			.isEqualTo(new ToolReply.Answer("2 + 3 = 5\n✅ 😀", result.text()));
		List<GenerationRequest> requests = this.server.generationRequests();
		assertThat(requests).hasSize(2);
		assertThat(requests.get(1).prompt()).endsWith("): 5");
		for (GenerationRequest request : requests) {
			JsonNode format = MAPPER.valueToTree(request.options().get("format"));
			assertThat(format).isEqualTo(MAPPER.valueToTree(this.protocol.formatSchema()));
		}
	}

	private GenerateRequest request(List<Turn> turns) {
		return GenerateRequest.builder(this.protocol.renderConversation(turns))
			.system(this.protocol.systemPrompt(null))
			.format(this.protocol.format())
			.timeout(Duration.ofSeconds(20))
			.build();
	}

}
