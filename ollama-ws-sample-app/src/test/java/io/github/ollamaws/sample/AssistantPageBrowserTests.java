package io.github.ollamaws.sample;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.ollamaws.testserver.ollama.StrictFakeOllama;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The assistant page (Spring AI's {@code ChatClient} with chat memory over the gateway's
 * chat model) in a real headless Chromium, with a strict fake Ollama behind the embedded
 * gateway: the second turn's request to Ollama carries the first turn.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AssistantPageBrowserTests extends BrowserTestSupport {

	static final StrictFakeOllama ollama = StrictFakeOllama.start()
		.models("llama3.2:3b")
		.reply((request) -> List.of("Noted: ", lastLine(request.path("prompt").asText())));

	@DynamicPropertySource
	static void ollamaBehindTheEmbeddedGateway(DynamicPropertyRegistry registry) {
		registry.add("sample.ollama.url", () -> ollama.url().toString());
	}

	@AfterAll
	static void stopOllama() {
		ollama.close();
	}

	@Test
	void theSecondTurnSeesTheFirst() throws IOException {
		this.browser.get("http://127.0.0.1:" + this.port + "/");
		byTestId("assistant-link").click();
		this.wait.until((driver) -> driver.getTitle().equals("ollama-ws assistant"));

		ask("My name is Ada.");
		this.wait.until((driver) -> turnReplies().size() == 1 && !turnReplies().get(0).isEmpty());
		assertThat(turnReplies().get(0)).isEqualTo("Noted: My name is Ada.");
		JsonNode first = ollama.lastGenerateRequest();
		assertThat(first.get("prompt").asText()).isEqualTo("My name is Ada.");
		assertThat(first.get("system").asText()).startsWith("You are the ollama-ws sample assistant.");

		ask("What is my name?");
		this.wait.until((driver) -> turnReplies().size() == 2 && !turnReplies().get(1).isEmpty());
		assertThat(ollama.lastGenerateRequest().get("prompt").asText())
			.isEqualTo("User: My name is Ada.\n\nAssistant: Noted: My name is Ada.\n\nUser: What is my name?");
		assertThat(ollama.violations()).isEmpty();
		screenshot("assistant.png");
	}

	private void ask(String message) {
		byTestId("message-input").sendKeys(message);
		byTestId("ask-button").click();
	}

	private List<String> turnReplies() {
		return this.browser.findElements(By.cssSelector("[data-testid=turn-reply]"))
			.stream()
			.map((element) -> element.getText())
			.toList();
	}

	static String lastLine(String prompt) {
		String[] paragraphs = prompt.split("\n\n");
		String last = paragraphs[paragraphs.length - 1];
		return last.startsWith("User: ") ? last.substring("User: ".length()) : last;
	}

}
