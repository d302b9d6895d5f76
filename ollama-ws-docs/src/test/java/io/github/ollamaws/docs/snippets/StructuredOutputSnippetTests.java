package io.github.ollamaws.docs.snippets;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.ollamaws.client.OllamaTemplate;
import io.github.ollamaws.core.GenerateRequest;
import io.github.ollamaws.testserver.GenerationRequest;
import io.github.ollamaws.testserver.OllamaWsTestServer;
import io.github.ollamaws.testserver.ScriptedBackend;
import io.github.ollamaws.testserver.ScriptedModel;
import io.github.ollamaws.testserver.TestClient;
import io.github.ollamaws.testserver.TestKeys;
import org.junit.jupiter.api.Test;

import org.springframework.core.ParameterizedTypeReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The snippet {@code structured-output} of docs/api.md: the schema goes as Ollama's
 * {@code format}, and the replies map to the types asked for.
 */
class StructuredOutputSnippetTests {

	private static final String PARIS = city("Paris", "France", "Eiffel Tower", 2100000);

	private static final String ROME = city("Rome", "Italy", "Colosseum", 2800000);

	private static final Map<String, String> REPLIES = Map.of("Describe Paris", PARIS, "Describe Rome", ROME,
			"Three capitals", "[" + PARIS + "," + ROME + "," + city("Madrid", "Spain", "Prado", 3300000) + "]");

	@Test
	void repliesMapToTheTypesAskedFor() {
		ScriptedBackend backend = ScriptedBackend.create()
			.model(ScriptedModel.named("demo").script((request) -> List.of(REPLIES.get(request.prompt()))));
		try (OllamaWsTestServer gateway = OllamaWsTestServer.builder().defaultModel("demo").backend(backend).start()) {
			TestClient client = gateway.registerNewClient(TestKeys.ec());
			try (OllamaTemplate ollama = SnippetGateways.builder(gateway, client).build()) {
				// tag::structured-output[]
				record City(String name, String country, List<String> landmarks,
						@JsonProperty(required = true) int population) {
				}

				City paris = ollama.generate(GenerateRequest.of("Describe Paris"), City.class);
				List<City> cities = ollama.generate(GenerateRequest.of("Three capitals"),
						new ParameterizedTypeReference<List<City>>() {
						});
				CompletableFuture<City> later = ollama.generateAsync(GenerateRequest.of("Describe Rome"), City.class);
				// end::structured-output[]
				assertThat(paris).isEqualTo(new City("Paris", "France", List.of("Eiffel Tower"), 2100000));
				assertThat(cities).extracting(City::name).containsExactly("Paris", "Rome", "Madrid");
				assertThat(later.join().country()).isEqualTo("Italy");
			}
			GenerationRequest first = gateway.generationRequests().get(0);
			assertThat(first.ollamaBody().get("format").get("required").toString()).contains("population");
		}
	}

	private static String city(String name, String country, String landmark, int population) {
		return "{\"name\":\"" + name + "\",\"country\":\"" + country + "\",\"landmarks\":[\"" + landmark
				+ "\"],\"population\":" + population + "}";
	}

}
