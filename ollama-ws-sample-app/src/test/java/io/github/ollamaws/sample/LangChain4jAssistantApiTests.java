package io.github.ollamaws.sample;

import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.ollamaws.sample.ApiClient.Response;
import io.github.ollamaws.testserver.ollama.StrictFakeOllama;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The LangChain4j assistant API ({@code AiServices} with a system message and chat memory
 * over the gateway's LangChain4j chat model) over real HTTP, with a strict fake Ollama
 * behind the embedded gateway: the system message reaches Ollama's {@code system}, and
 * the second turn's prompt carries the first.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LangChain4jAssistantApiTests {

	static final StrictFakeOllama ollama = StrictFakeOllama.start()
		.models("llama3")
		.reply((request) -> List.of("Noted: ", AssistantPageBrowserTests.lastLine(request.path("prompt").asText())));

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void ollamaBehindTheEmbeddedGateway(DynamicPropertyRegistry registry) {
		registry.add("sample.ollama.url", () -> ollama.url().toString());
	}

	@AfterAll
	static void stopOllama() {
		ollama.close();
	}

	@Test
	void theSystemMessageReachesOllamaAndTheSecondTurnSeesTheFirst() {
		ApiClient api = new ApiClient(this.port);
		Response first = api.postJson("/api/langchain4j/assistant", "{\"text\":\"My name is Ada.\"}");
		assertThat(first.status()).isEqualTo(200);
		assertThat(first.json().path("text").asString()).isEqualTo("Noted: My name is Ada.");
		String conversationId = first.json().path("conversationId").asString();
		assertThat(conversationId).isNotEmpty();
		JsonNode firstBody = ollama.lastGenerateRequest();
		assertThat(firstBody.get("prompt").asText()).isEqualTo("My name is Ada.");
		assertThat(firstBody.get("system").asText()).startsWith("You are the ollama-ws sample assistant, speaking");

		Response second = api.postJson("/api/langchain4j/assistant",
				"{\"conversationId\":\"" + conversationId + "\",\"text\":\"What is my name?\"}");
		assertThat(second.status()).isEqualTo(200);
		assertThat(second.json().path("conversationId").asString()).isEqualTo(conversationId);
		assertThat(ollama.lastGenerateRequest().get("prompt").asText())
			.isEqualTo("User: My name is Ada.\n\nAssistant: Noted: My name is Ada.\n\nUser: What is my name?");
		assertThat(ollama.violations()).isEmpty();
	}

	@Test
	void anEmptyMessageIsABadRequest() {
		assertThat(new ApiClient(this.port).postJson("/api/langchain4j/assistant", "{\"text\":\" \"}").status())
			.isEqualTo(400);
	}

}
