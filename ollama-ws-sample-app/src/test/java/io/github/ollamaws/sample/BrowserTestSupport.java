package io.github.ollamaws.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}) driven
 * by Selenium WebDriver against the app's page, for each test. Skipped when the browser
 * is not installed, unless {@code OLLAMA_WS_REQUIRE_BROWSER=true} (set by
 * {@code .ci/run}) makes it mandatory. Screenshots go to {@code target/screenshots}.
 */
abstract class BrowserTestSupport {

	/**
	 * Debian's Chromium; another binary can be named with {@code -Dchromium.binary=...}.
	 */
	private static final Path CHROMIUM = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));

	/**
	 * Debian's ChromeDriver; another one can be named with Selenium's
	 * {@code -Dwebdriver.chrome.driver=...}.
	 */
	private static final Path CHROMEDRIVER = Path
		.of(System.getProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, "/usr/bin/chromedriver"));

	private static final Path SCREENSHOTS = Path.of("target", "screenshots");

	private static final Duration WAIT = Duration.ofSeconds(30);

	@LocalServerPort
	protected int port;

	private ChromeDriverService driverService;

	protected WebDriver browser;

	protected WebDriverWait wait;

	@BeforeEach
	void startBrowser(@TempDir Path userDataDir) throws IOException {
		// Decided per test (not in @BeforeAll), so that the skip and its message show in
		// the report.
		boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
		String missing = "Headless Chromium is not installed (" + CHROMIUM + ", " + CHROMEDRIVER
				+ "): apt-get install chromium chromium-driver";
		if (Boolean.parseBoolean(System.getenv("OLLAMA_WS_REQUIRE_BROWSER"))) {
			assertThat(installed).as(missing).isTrue();
		}
		else {
			assumeTrue(installed, missing);
		}
		// An explicit driver executable: Selenium Manager is never asked to find (or
		// download) anything.
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

	protected void send(String prompt) {
		WebElement input = byTestId("prompt-input");
		input.clear();
		input.sendKeys(prompt);
		byTestId("send-button").click();
	}

	protected int waitForLongerThan(WebElement text, int length) {
		return this.wait.until((driver) -> {
			int current = text.getText().length();
			return (current > length) ? current : null;
		});
	}

	protected WebElement lastReplyText() {
		return this.wait.until((driver) -> lastOf("reply-text"));
	}

	protected String lastReplyStatus() {
		return lastOf("reply-text").findElement(By.xpath("..")).getDomAttribute("data-status");
	}

	protected WebElement lastOf(String testId) {
		List<WebElement> elements = this.browser.findElements(By.cssSelector("[data-testid=" + testId + "]"));
		return elements.isEmpty() ? null : elements.get(elements.size() - 1);
	}

	protected WebElement byTestId(String testId) {
		return this.browser.findElement(By.cssSelector("[data-testid=" + testId + "]"));
	}

	protected void screenshot(String name) throws IOException {
		Path file = ((TakesScreenshot) this.browser).getScreenshotAs(OutputType.FILE).toPath();
		Files.copy(file, SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
	}

}
