package io.github.ollamaws.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.ollamaws.sample.embedded.DemoBackend;
import io.github.ollamaws.testserver.GenerationRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The chat page in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}),
 * driven by Selenium WebDriver against the app on the embedded gateway. Skipped when the browser is not
 * installed, unless {@code OLLAMA_WS_REQUIRE_BROWSER=true} (set by {@code .ci/run}) makes it mandatory.
 * Screenshots go to {@code target/screenshots}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "sample.ollama.enabled=false",
		"sample.demo.token-delay=60ms" })
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ChatPageBrowserTests {

	/** Debian's Chromium; another binary can be named with {@code -Dchromium.binary=...}. */
	private static final Path CHROMIUM = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));

	/** Debian's ChromeDriver; another one can be named with Selenium's {@code -Dwebdriver.chrome.driver=...}. */
	private static final Path CHROMEDRIVER = Path
		.of(System.getProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, "/usr/bin/chromedriver"));

	private static final Path SCREENSHOTS = Path.of("target", "screenshots");

	private static final Duration WAIT = Duration.ofSeconds(30);

	@LocalServerPort
	private int port;

	private ChromeDriverService driverService;

	private WebDriver browser;

	private WebDriverWait wait;

	@BeforeEach
	void startBrowser(@TempDir Path userDataDir) throws IOException {
		// Decided per test (not in @BeforeAll), so that the skip and its message show in the report.
		boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
		String missing = "Headless Chromium is not installed (" + CHROMIUM + ", " + CHROMEDRIVER
				+ "): apt-get install chromium chromium-driver";
		if (Boolean.parseBoolean(System.getenv("OLLAMA_WS_REQUIRE_BROWSER"))) {
			assertThat(installed).as(missing).isTrue();
		}
		else {
			assumeTrue(installed, missing);
		}
		// An explicit driver executable: Selenium Manager is never asked to find (or download) anything.
		this.driverService = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
				"--window-size=1280,1080", "--user-data-dir=" + userDataDir.toAbsolutePath());
		this.browser = new ChromeDriver(this.driverService, options);
		this.wait = new WebDriverWait(this.browser, WAIT);
		Files.createDirectories(SCREENSHOTS);
	}

	@AfterEach
	void stopBrowser() {
		if (this.browser != null) {
			this.browser.quit();
		}
		if (this.driverService != null) {
			this.driverService.stop();
		}
	}

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
		// The starter's health details: the gateway URL, the connections, the ping latency.
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

	private void send(String prompt) {
		WebElement input = byTestId("prompt-input");
		input.clear();
		input.sendKeys(prompt);
		byTestId("send-button").click();
	}

	private int waitForLongerThan(WebElement text, int length) {
		return this.wait.until((driver) -> {
			int current = text.getText().length();
			return (current > length) ? current : null;
		});
	}

	private WebElement lastReplyText() {
		return this.wait.until((driver) -> lastOf("reply-text"));
	}

	private String lastReplyStatus() {
		return lastOf("reply-text").findElement(By.xpath("..")).getDomAttribute("data-status");
	}

	private WebElement lastOf(String testId) {
		List<WebElement> elements = this.browser.findElements(By.cssSelector("[data-testid=" + testId + "]"));
		return elements.isEmpty() ? null : elements.get(elements.size() - 1);
	}

	private WebElement byTestId(String testId) {
		return this.browser.findElement(By.cssSelector("[data-testid=" + testId + "]"));
	}

	private void screenshot(String name) throws IOException {
		Path file = ((TakesScreenshot) this.browser).getScreenshotAs(OutputType.FILE).toPath();
		Files.copy(file, SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
	}

	private static List<String> demoReply(String prompt) {
		return DemoBackend.reply(new GenerationRequest("x", "demo", prompt, null));
	}

}
