package io.github.ollamaws.it.aot;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.ollamaws.testserver.GenerationRequest;
import io.github.ollamaws.testserver.OllamaWsTestServer;
import io.github.ollamaws.testserver.ScriptedBackend;
import io.github.ollamaws.testserver.TestClient;
import io.github.ollamaws.testserver.TestKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The packaged {@link AotApplication}, AOT-processed by the build
 * ({@code spring-boot:process-aot}), started from the processed context
 * ({@code java -Dspring.aot.enabled=true -jar ...}) against a gateway on loopback: the
 * starter's beans come from the generated code, authenticate with the key file, generate
 * a reply, list the models, and the JVM ends when the application closes. Runs in
 * {@code verify}, after the jar is built.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class AotApplicationIT {

	private final OllamaWsTestServer gateway = OllamaWsTestServer.builder()
		.backend(ScriptedBackend.create().model("llama3", "Hello", " from", " AOT"))
		.start();

	@TempDir
	Path directory;

	private Process process;

	@AfterEach
	void stop() {
		if (this.process != null) {
			this.process.destroyForcibly();
		}
		this.gateway.close();
	}

	@Test
	void startsFromTheAotProcessedContextAndGenerates() throws Exception {
		TestClient client = this.gateway.registerNewClient(TestKeys.ec());
		Path key = Files.writeString(this.directory.resolve("client.pem"), client.privateKeyPem());
		Path log = this.directory.resolve("app.log");
		this.process = new ProcessBuilder(
				List.of(java(), "-Dspring.aot.enabled=true", "-jar", jar(), "--ollama.ws.url=" + this.gateway.url(),
						"--ollama.ws.client-id=" + client.clientId(), "--ollama.ws.private-key-location=file:" + key,
						"--ollama.ws.default-model=llama3", "--prompt=Hi from a native-ready app"))
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		boolean ended = this.process.waitFor(120, TimeUnit.SECONDS);
		String output = Files.readString(log);
		assertThat(ended).as("the JVM ended after the application closed: %s", output).isTrue();
		assertThat(this.process.exitValue()).as(output).isZero();
		// Spring Boot says so when the generated initializer, not the annotated classes,
		// defines the beans.
		assertThat(output).contains("Starting AOT-processed AotApplication", "reply: Hello from AOT",
				"models: [llama3]");
		assertThat(this.gateway.generationRequests()).extracting(GenerationRequest::model, GenerationRequest::prompt)
			.containsExactly(tuple("llama3", "Hi from a native-ready app"));
	}

	@Test
	void theGeneratedNativeImageMetadataHasTheStartersHints() throws Exception {
		// Written by process-aot from the hints of every aot.factories on the class path,
		// the starter's included.
		try (InputStream metadata = getClass().getResourceAsStream(
				"/META-INF/native-image/io.github.ollamaws/ollama-ws-it-aot-app/reachability-metadata.json")) {
			assertThat(metadata).isNotNull();
			String json = new String(metadata.readAllBytes(), StandardCharsets.UTF_8);
			assertThat(json)
				.contains("org.springframework.web.socket.adapter.standard.StandardWebSocketHandlerAdapter$1")
				.doesNotContain("org.springframework.web.servlet.DispatcherServlet");
		}
	}

	private static String java() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	private static String jar() {
		Path jar = Path.of(System.getProperty("application.jar"));
		assertThat(jar).as("the packaged app (run by failsafe, after package)").isRegularFile();
		return jar.toString();
	}

}
