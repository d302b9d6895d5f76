package io.github.ollamaws.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged sample app, AOT-processed by the build ({@code spring-boot:process-aot}),
 * started as a user would start it but from the processed context
 * ({@code java -Dspring.aot.enabled=true -jar ...}): it answers {@code /actuator/health}
 * and generates a reply through the embedded gateway, then stops on SIGTERM. Runs in
 * {@code verify}, after the jar is built.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SampleApplicationAotIT {

	private static final Pattern PORT = Pattern.compile("Tomcat started on port (\\d+)");

	private static final Duration STARTUP_LIMIT = Duration.ofSeconds(120);

	@TempDir
	Path directory;

	private Process process;

	@AfterEach
	void stop() {
		if (this.process != null) {
			this.process.destroyForcibly();
		}
	}

	@Test
	void startsFromTheAotProcessedContextAndGeneratesThroughTheEmbeddedGateway() throws Exception {
		Path log = this.directory.resolve("sample.log");
		this.process = new ProcessBuilder(List.of(java(), "-Dspring.aot.enabled=true", "-jar", jar(), "--server.port=0",
				"--sample.ollama.enabled=false", "--sample.demo.token-delay=0ms"))
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		await().atMost(STARTUP_LIMIT)
			.until(() -> !this.process.isAlive() || Files.readString(log).contains("Started SampleApplication in"));
		String output = Files.readString(log);
		assertThat(this.process.isAlive()).as(output).isTrue();
		// Spring Boot says so when the generated initializer, not the annotated classes,
		// defines the beans.
		assertThat(output).contains("Starting AOT-processed SampleApplication");
		ApiClient api = new ApiClient(port(output));

		ApiClient.Response health = api.get("/actuator/health");
		assertThat(health.status()).as(health.body()).isEqualTo(200);
		JsonNode components = health.json().path("components");
		assertThat(components.path("ollamaWs").path("status").asString()).isEqualTo("UP");

		JsonNode setup = api.get("/api/setup").json();
		assertThat(setup.path("mode").asString()).isEqualTo("DEMO");

		ApiClient.Response reply = api.postJson("/api/generate", "{\"prompt\":\"Hi\"}");
		assertThat(reply.status()).as(reply.body()).isEqualTo(200);
		assertThat(reply.json().path("model").asString()).isEqualTo("demo");
		assertThat(reply.json().path("text").asString()).startsWith("Hello! I am the demo model").contains("\"Hi\"");

		// SIGTERM: the context closes, and no thread (the embedded gateway's included)
		// keeps the JVM alive.
		this.process.destroy();
		assertThat(this.process.waitFor(60, TimeUnit.SECONDS)).as(Files.readString(log)).isTrue();
	}

	private static int port(String output) {
		Matcher matcher = PORT.matcher(output);
		assertThat(matcher.find()).as(output).isTrue();
		return Integer.parseInt(matcher.group(1));
	}

	private static String java() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	private static String jar() throws IOException {
		Path jar = Path.of(System.getProperty("application.jar"));
		assertThat(jar).as("the packaged app (run by failsafe, after package)").isRegularFile();
		return jar.toString();
	}

}
