package io.github.ollamaws.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.github.ollamaws.client.OllamaTemplate;
import io.github.ollamaws.testserver.OllamaWsTestServer;
import io.github.ollamaws.testserver.ScriptedBackend;
import io.github.ollamaws.testserver.TestClient;
import io.github.ollamaws.testserver.TestKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code remote} profile takes the key however the docs give it: the profile itself
 * sets none, so a key given as {@code private-key-location} (the top-level README's
 * former command, the sample README's former environment variable) is not "both set"
 * beside one of the profile's.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RemoteProfileKeyTests {

	private static final OllamaWsTestServer gateway = OllamaWsTestServer.builder()
		.backend(ScriptedBackend.withDefaultModels())
		.start();

	@TempDir
	static Path directory;

	@AfterAll
	static void stopGateway() {
		gateway.close();
	}

	@Test
	void profileSetsNoKeyOfItsOwn() throws IOException {
		assertThat(Files.readString(Path.of("src/main/resources/application-remote.yml")))
			.doesNotContainPattern("(?m)^\\s*private-key(-location|-password|-passphrase)?\\s*:");
	}

	@Test
	void startsWithTheKeyGivenAsPrivateKeyLocation() throws IOException {
		assertServes("--ollama.ws.private-key-location=");
	}

	@Test
	void startsWithTheKeyGivenAsPrivateKey() throws IOException {
		assertServes("--ollama.ws.private-key=");
	}

	private void assertServes(String keyArgument) throws IOException {
		TestClient client = gateway.registerNewClient(TestKeys.ec());
		Path key = directory.resolve(client.clientId() + ".pem");
		Files.writeString(key, client.privateKeyPem(), StandardCharsets.US_ASCII);
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(SampleApplication.class)
			.profiles("remote")
			.run("--server.port=0", "--ollama.ws.url=" + gateway.url(), "--ollama.ws.client-id=" + client.clientId(),
					keyArgument + "file:" + key)) {
			OllamaTemplate ollama = context.getBean(OllamaTemplate.class);
			assertThat(ollama.generate("Hi").text()).isEqualTo(String.join("", ScriptedBackend.DEFAULT_TOKENS));
		}
	}

}
