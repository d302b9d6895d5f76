package io.github.ollamaws.langchain4j;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.UserMessage;
import io.github.ollamaws.client.OllamaTemplate;
import io.github.ollamaws.testserver.OllamaWsTestServer;
import io.github.ollamaws.testserver.ollama.OllamaHttpBackend;
import io.github.ollamaws.testserver.ollama.StrictFakeOllama;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * LangChain4j's {@code AiServices} over the gateway, in front of a fake Ollama that
 * checks every body against Ollama's request schema: the system prompt, the options and
 * the schema arrive where Ollama reads them.
 */
class AiServicesTests {

	private static final String PARIS = "{\"name\":\"Paris\",\"country\":\"France\",\"population\":2100000}";

	private static StrictFakeOllama ollama;

	private static OllamaWsTestServer gateway;

	private static OllamaTemplate template;

	@BeforeAll
	static void startGatewayInFrontOfAStrictOllama() {
		ollama = StrictFakeOllama.start();
		gateway = OllamaWsTestServer.builder().backend(OllamaHttpBackend.create(ollama.url())).start();
		template = TestGateways.template(gateway);
	}

	@AfterAll
	static void stop() {
		template.close();
		gateway.close();
		ollama.close();
	}

	@AfterEach
	void nothingOllamaWouldIgnore() {
		assertThat(ollama.violations()).isEmpty();
	}

	@Test
	void aSystemMessageAChatMemoryOverTwoTurnsAndTheOptionsReachOllama() {
		ollama.reply((request) -> List.of(request.path("prompt").asText().endsWith("France?") ? "Paris." : "Rome."));
		// tag::ai-service[]
		ChatModel model = OllamaWsLangChain4jChatModel.builder(template)
			.defaultRequestParameters(ChatRequestParameters.builder().temperature(0.2).maxOutputTokens(256).build())
			.build();
		CityGuide guide = AiServices.builder(CityGuide.class)
			.chatModel(model)
			.chatMemory(MessageWindowChatMemory.withMaxMessages(10))
			.build();
		String capital = guide.answer("What is the capital of France?");
		// end::ai-service[]
		assertThat(capital).isEqualTo("Paris.");
		assertThat(guide.answer("And of Italy?")).isEqualTo("Rome.");
		JsonNode body = ollama.lastGenerateRequest();
		assertThat(body.path("system").asText()).isEqualTo("You are a terse city guide.");
		assertThat(body.path("prompt").asText())
			.isEqualTo("User: What is the capital of France?\n\nAssistant: Paris.\n\nUser: And of Italy?");
		assertThat(body.path("options").toString()).isEqualTo("{\"temperature\":0.2,\"num_predict\":256}");
		assertThat(ollama.generateRequests()).hasSize(2);
	}

	@Test
	void aRecordReturnTypeSendsItsSchemaAsOllamasFormat() {
		ollama.reply(PARIS.substring(0, 20), PARIS.substring(20));
		CityGuide guide = AiServices.create(CityGuide.class, OllamaWsLangChain4jChatModel.builder(template).build());
		assertThat(guide.describe("Paris")).isEqualTo(new City("Paris", "France", 2_100_000));
		JsonNode body = ollama.lastGenerateRequest();
		JsonNode format = body.path("format");
		assertThat(format.path("type").asText()).isEqualTo("object");
		assertThat(format.path("properties").fieldNames()).toIterable()
			.containsExactly("name", "country", "population");
		assertThat(format.path("properties").path("population").path("type").asText()).isEqualTo("integer");
		// Ollama enforces the schema: it is not described in the prompt.
		assertThat(body.path("prompt").asText()).isEqualTo("Describe Paris");
		assertThat(body.path("system").asText()).isEqualTo("You are a terse city guide.");
	}

	// tag::city-guide[]
	interface CityGuide {

		@SystemMessage("You are a terse city guide.")
		String answer(String question);

		@SystemMessage("You are a terse city guide.")
		@UserMessage("Describe {{it}}")
		City describe(String city);

	}

	record City(String name, String country, int population) {
	}
	// end::city-guide[]

}
