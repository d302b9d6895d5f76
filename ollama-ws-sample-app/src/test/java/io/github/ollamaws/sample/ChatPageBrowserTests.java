package io.github.ollamaws.sample;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.ollamaws.sample.embedded.DemoBackend;
import io.github.ollamaws.testserver.GenerationRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chat page in a real headless Chromium against the app on the embedded gateway with
 * its demo model.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "sample.ollama.enabled=false", "sample.demo.token-delay=60ms" })
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ChatPageBrowserTests extends BrowserTestSupport {

	@Test
	void streamsAReplyAndStopsAnother() throws IOException {
		this.browser.get("http://127.0.0.1:" + this.port + "/");

		// The models list, the demo banner and the health state.
		this.wait.until((driver) -> "true".equals(byTestId("model-select").getDomAttribute("data-loaded")));
		Select models = new Select(byTestId("model-select"));
		assertThat(models.getOptions()).extracting((option) -> option.getDomAttribute("value")).containsExactly("demo");
		assertThat(models.getFirstSelectedOption().getDomAttribute("value")).isEqualTo("demo");
		assertThat(byTestId("demo-banner").isDisplayed()).isTrue();
		assertThat(byTestId("demo-banner").getText()).contains("Demo model", "Start Ollama");
		this.wait.until((driver) -> "UP".equals(byTestId("health-status").getText()));
		assertThat(byTestId("health-state").getText()).isEqualTo("UP");
		// The starter's health details: the gateway URL, the connections, the ping
		// latency.
		this.wait.until((driver) -> byTestId("health-details").getText().contains("authenticated"));
		assertThat(byTestId("health-details").getText()).contains("Gateway", "ws://127.0.0.1:", "Ping");

		// A reply streams in: its text grows while it is being written.
		String prompt = "Why is the sky blue?";
		send(prompt);
		WebElement firstReply = lastReplyText();
		int seen = waitForLongerThan(firstReply, 0);
		int seenLater = waitForLongerThan(firstReply, seen);
		assertThat(seenLater).isGreaterThan(seen);
		assertThat(lastReplyStatus()).isEqualTo("streaming");
		this.wait.until((driver) -> "completed".equals(lastReplyStatus()));
		String fullReply = String.join("", demoReply(prompt));
		assertThat(firstReply.getText()).isEqualTo(fullReply.strip());
		assertThat(lastOf("reply-meta").getText()).contains(demoReply(prompt).size() + " tokens");
		// The page reads the starter's meters once a reply has ended.
		this.wait.until((driver) -> byTestId("metric-generations").getText().equals("1"));
		assertThat(byTestId("metric-tokens").getText()).startsWith(demoReply(prompt).size() + " total");
		assertThat(byTestId("metric-ttft").getText()).startsWith("mean ");
		screenshot("chat.png");

		// Another reply, stopped midway: the partial text stays, marked as stopped.
		send("Tell me a long story");
		WebElement secondReply = lastReplyText();
		waitForLongerThan(secondReply, 20);
		byTestId("stop-button").click();
		this.wait.until((driver) -> "stopped".equals(lastReplyStatus()));
		String partial = secondReply.getText();
		assertThat(partial).isNotEmpty();
		assertThat(partial.length()).isLessThan(String.join("", demoReply("Tell me a long story")).strip().length());
		assertThat(lastOf("reply-status").getText()).isEqualTo("stopped");
		assertThat(lastOf("reply-meta").getText()).startsWith("Stopped:");
		this.wait.until((driver) -> byTestId("send-button").isEnabled());
		assertThat(byTestId("stop-button").isEnabled()).isFalse();
		assertThat(this.browser.findElements(By.cssSelector("[data-testid=exchange]"))).hasSize(2);
		screenshot("chat-stopped.png");
	}

	private static List<String> demoReply(String prompt) {
		return DemoBackend.reply(new GenerationRequest("x", "demo", prompt, null));
	}

}
