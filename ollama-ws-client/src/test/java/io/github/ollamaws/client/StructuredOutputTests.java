package io.github.ollamaws.client;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.ollamaws.core.GenerateRequest;
import io.github.ollamaws.core.ResponseFormat;
import io.github.ollamaws.core.StructuredOutputException;
import io.github.ollamaws.testserver.OllamaWsTestServer;
import io.github.ollamaws.testserver.ollama.OllamaHttpBackend;
import io.github.ollamaws.testserver.ollama.StrictFakeOllama;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.core.ParameterizedTypeReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Structured output end to end: the schema derived from a type reaches Ollama as its
 * {@code format}, and the reply comes back as the type.
 */
class StructuredOutputTests extends GatewayTestSupport {

	private static final ObjectMapper MAPPER = new ObjectMapper();

	/** The schema of {@link City}, as Ollama receives it. */
	private static final String CITY_SCHEMA = "{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\","
			+ "\"type\":\"object\",\"properties\":{" + "\"name\":{\"type\":\"string\"},"
			+ "\"country\":{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},\"code\":{\"type\":\"string\"}},"
			+ "\"additionalProperties\":false}," + "\"landmarks\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},"
			+ "\"size\":{\"type\":\"string\",\"enum\":[\"VILLAGE\",\"TOWN\",\"CITY\",\"MEGACITY\"]},"
			+ "\"population\":{\"type\":\"integer\"}},"
			+ "\"required\":[\"population\"],\"additionalProperties\":false}";

	private static final String PARIS = "{\"name\":\"Paris\",\"country\":{\"name\":\"France\",\"code\":\"FR\"},"
			+ "\"landmarks\":[\"Eiffel Tower\",\"Louvre\"],\"size\":\"MEGACITY\",\"population\":2100000}";

	private static final City PARIS_CITY = new City("Paris", new Country("France", "FR"),
			List.of("Eiffel Tower", "Louvre"), Size.MEGACITY, 2_100_000);

	private StrictFakeOllama ollama;

	private OllamaTemplate template;

	@BeforeEach
	void startGatewayInFrontOfAStrictOllama() {
		this.ollama = StrictFakeOllama.start();
		startServer(OllamaWsTestServer.builder().backend(OllamaHttpBackend.create(this.ollama.url())));
		this.template = template((builder) -> builder.defaultModel("llama3"));
	}

	@AfterEach
	void stopOllama() {
		this.ollama.close();
	}

	@Test
	void aRecordWithNestedFieldsAListAnEnumAndARequiredFieldRoundTrips() throws Exception {
		this.ollama.reply(tokens(PARIS));
		City city = this.template.generate(GenerateRequest.of("Describe Paris"), City.class);
		assertThat(city).isEqualTo(PARIS_CITY);
		assertThat(this.ollama.lastGenerateRequest().get("format")).isEqualTo(MAPPER.readTree(CITY_SCHEMA));
		assertThat(this.ollama.violations()).isEmpty();
	}

	@Test
	void aListOfRecordsThroughAParameterizedTypeReference() throws Exception {
		this.ollama.reply(tokens("[" + PARIS + "," + PARIS + "]"));
		List<City> cities = this.template.generate(GenerateRequest.of("Two cities"),
				new ParameterizedTypeReference<List<City>>() {
				});
		assertThat(cities).containsExactly(PARIS_CITY, PARIS_CITY);
		JsonNode format = this.ollama.lastGenerateRequest().get("format");
		assertThat(format.get("type").asText()).isEqualTo("array");
		assertThat(format.get("items")).isEqualTo(withoutSchemaVersion(MAPPER.readTree(CITY_SCHEMA)));
	}

	@Test
	void theAsyncFormCompletesWithTheMappedReply() throws Exception {
		this.ollama.reply(tokens(PARIS));
		CompletableFuture<City> city = this.template.generateAsync(GenerateRequest.of("Describe Paris"), City.class);
		assertThat(city.get(20, TimeUnit.SECONDS)).isEqualTo(PARIS_CITY);
	}

	@Test
	void aReplyThatDoesNotParseEndsInATypedExceptionWithTheRawText() {
		this.ollama.reply("Paris is ", "lovely.");
		assertThatExceptionOfType(StructuredOutputException.class)
			.isThrownBy(() -> this.template.generate(GenerateRequest.of("Describe Paris"), City.class))
			.satisfies((ex) -> {
				assertThat(ex.rawText()).isEqualTo("Paris is lovely.");
				assertThat(ex.targetType()).isEqualTo(City.class);
			});
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> this.template.generateAsync(GenerateRequest.of("Describe Paris"), City.class)
				.get(20, TimeUnit.SECONDS))
			.withCauseInstanceOf(StructuredOutputException.class);
	}

	@Test
	void aReplyOfAnotherShapeEndsInATypedException() {
		this.ollama.reply(tokens("{\"name\":\"Paris\",\"population\":\"many\"}"));
		assertThatExceptionOfType(StructuredOutputException.class)
			.isThrownBy(() -> this.template.generate(GenerateRequest.of("Describe Paris"), City.class))
			.satisfies((ex) -> assertThat(ex.rawText()).isEqualTo("{\"name\":\"Paris\",\"population\":\"many\"}"));
	}

	@Test
	void aSchemaSetOnTheRequestWins() throws Exception {
		this.ollama.reply(tokens("{\"name\":\"Paris\",\"population\":1}"));
		String schema = "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}}}";
		City city = this.template.generate(
				GenerateRequest.builder("Describe Paris").format(ResponseFormat.schema(schema)).build(), City.class);
		assertThat(city.name()).isEqualTo("Paris");
		assertThat(this.ollama.lastGenerateRequest().get("format")).isEqualTo(MAPPER.readTree(schema));
	}

	@Test
	void aRequestInJsonModeGetsTheSchemaOfTheType() throws Exception {
		this.ollama.reply(tokens(PARIS));
		City city = this.template
			.generate(GenerateRequest.builder("Describe Paris").format(ResponseFormat.json()).build(), City.class);
		assertThat(city).isEqualTo(PARIS_CITY);
		assertThat(this.ollama.lastGenerateRequest().get("format")).isEqualTo(MAPPER.readTree(CITY_SCHEMA));
	}

	/** JSON text cut into a few tokens, as a model streams it. */
	private static String[] tokens(String json) {
		int third = json.length() / 3;
		return new String[] { json.substring(0, third), json.substring(third, 2 * third), json.substring(2 * third) };
	}

	private static JsonNode withoutSchemaVersion(JsonNode schema) {
		((ObjectNode) schema).remove("$schema");
		return schema;
	}

	record City(String name, Country country, List<String> landmarks, Size size,
			@JsonProperty(required = true) int population) {
	}

	record Country(String name, String code) {
	}

	enum Size {

		VILLAGE, TOWN, CITY, MEGACITY

	}

}
