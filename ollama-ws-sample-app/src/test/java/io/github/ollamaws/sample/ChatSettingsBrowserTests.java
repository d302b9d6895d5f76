package io.github.ollamaws.sample;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ollamaws.testserver.ollama.StrictFakeOllama;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chat page's settings in a real headless Chromium, with the embedded gateway in
 * front of a strict fake Ollama: what the page sets reaches Ollama where Ollama reads it,
 * checked on the body Ollama received.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ChatSettingsBrowserTests extends BrowserTestSupport {

	static final StrictFakeOllama ollama = StrictFakeOllama.start().models("llama3.2:3b");

	@DynamicPropertySource
	static void ollamaBehindTheEmbeddedGateway(DynamicPropertyRegistry registry) {
		registry.add("sample.ollama.url", () -> ollama.url().toString());
	}

	@AfterAll
	static void stopOllama() {
		ollama.close();
	}

	@Test
	void systemPromptTemperatureMaxTokensAndJsonOutputReachOllama() throws IOException {
		this.browser.get("http://127.0.0.1:" + this.port + "/");
		this.wait.until((driver) -> "true".equals(byTestId("model-select").getDomAttribute("data-loaded")));

		byTestId("settings").click();
		byTestId("system-input").sendKeys("Answer like a pirate.");
		byTestId("temperature-input").sendKeys("0.3");
		byTestId("max-tokens-input").sendKeys("64");
		send("Why is the sky blue?");
		this.wait.until((driver) -> "completed".equals(lastReplyStatus()));
		assertThat(lastReplyText().getText()).isEqualTo("Hello from Ollama");
		// The embedded app's default options (temperature 0.7) are overridden by the
		// page's.
		assertThat(ollama.lastGenerateRequest()).isEqualTo(json("{\"model\":\"llama3.2:3b\","
				+ "\"prompt\":\"Why is the sky blue?\",\"stream\":true,\"system\":\"Answer like a pirate.\","
				+ "\"options\":{\"temperature\":0.3,\"num_predict\":64}}"));
		screenshot("chat-settings.png");

		ollama.reply("{\"colours\":", "[\"red\",\"yellow\",\"blue\"]}");
		byTestId("json-example").click();
		assertThat(byTestId("json-input").isSelected()).isTrue();
		byTestId("send-button").click();
		this.wait.until((driver) -> "completed".equals(lastReplyStatus()));
		assertThat(lastReplyText().getText()).isEqualTo("{\"colours\":[\"red\",\"yellow\",\"blue\"]}");
		JsonNode body = ollama.lastGenerateRequest();
		assertThat(body.get("format").asText()).isEqualTo("json");
		assertThat(body.get("prompt").asText()).startsWith("List three primary colours as JSON");
		assertThat(ollama.violations()).isEmpty();
	}

	private static JsonNode json(String text) throws IOException {
		return new ObjectMapper().readTree(text);
	}

}
