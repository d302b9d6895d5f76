package io.github.ollamaws.client;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.ollamaws.core.GenerateRequest;
import io.github.ollamaws.core.GenerationFailedException;
import io.github.ollamaws.core.GenerationOptions;
import io.github.ollamaws.core.GenerationResult;
import io.github.ollamaws.core.InvalidRequestException;
import io.github.ollamaws.core.OllamaWsException;
import io.github.ollamaws.core.ResponseFormat;
import io.github.ollamaws.testserver.OllamaWsTestServer;
import io.github.ollamaws.testserver.ollama.OllamaHttpBackend;
import io.github.ollamaws.testserver.ollama.StrictFakeOllama;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.core.io.ByteArrayResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What reaches Ollama: every typed option and request-level field, sent through the real
 * client, the test gateway (which builds Ollama's body exactly as the real gateway does)
 * and its HTTP backend, to a strict fake Ollama that rejects any body a real Ollama would
 * partly ignore. Each test asserts the exact body Ollama received.
 */
class OllamaRequestBodyTests extends GatewayTestSupport {

	private static final ObjectMapper MAPPER = new ObjectMapper();

	private StrictFakeOllama ollama;

	@BeforeEach
	void startGatewayInFrontOfAStrictOllama() {
		this.ollama = StrictFakeOllama.start();
		startServer(OllamaWsTestServer.builder().backend(OllamaHttpBackend.create(this.ollama.url())));
	}

	@AfterEach
	void stopOllama() {
		this.ollama.close();
	}

	static Stream<Arguments> typedOptions() {
		return Stream.of(option("temperature", (o) -> o.temperature(0.2), "0.2"),
				option("top_p", (o) -> o.topP(0.9), "0.9"), option("top_k", (o) -> o.topK(40), "40"),
				option("min_p", (o) -> o.minP(0.05), "0.05"), option("seed", (o) -> o.seed(42), "42"),
				option("stop", (o) -> o.stop("\n\n", "END"), "[\"\\n\\n\",\"END\"]"),
				option("num_predict", (o) -> o.maxTokens(256), "256"), option("num_ctx", (o) -> o.numCtx(8192), "8192"),
				option("repeat_penalty", (o) -> o.repeatPenalty(1.1), "1.1"),
				option("repeat_last_n", (o) -> o.repeatLastN(64), "64"),
				option("presence_penalty", (o) -> o.presencePenalty(0.5), "0.5"),
				option("frequency_penalty", (o) -> o.frequencyPenalty(0.3), "0.3"),
				option("num_gpu", (o) -> o.option("num_gpu", 0), "0"),
				option("use_mmap", (o) -> o.option("use_mmap", false), "false"));
	}

	private static Arguments option(String ollamaName, UnaryOperator<GenerationOptions.Builder> setter, String json) {
		return Arguments.of(ollamaName, setter, json);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("typedOptions")
	void eachTypedOptionReachesOllamaInsideItsOptions(String ollamaName,
			UnaryOperator<GenerationOptions.Builder> setter, String json) throws Exception {
		generate(GenerateRequest.builder("Hi").options(setter.apply(GenerationOptions.builder()).build()));
		assertReceived("{\"options\":{\"" + ollamaName + "\":" + json + "}}");
	}

	static Stream<Arguments> requestFields() {
		return Stream.of(field("system", (r) -> r.system("Answer in French."), "{\"system\":\"Answer in French.\"}"),
				field("format json", (r) -> r.format(ResponseFormat.json()), "{\"format\":\"json\"}"),
				field("format schema",
						(r) -> r.format(ResponseFormat
							.schema("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"integer\"}}}")),
						"{\"format\":{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"integer\"}}}}"),
				field("images", (r) -> r.image(new byte[] { 1, 2, 3 }).imageBase64("BAUG"),
						"{\"images\":[\"AQID\",\"BAUG\"]}"),
				field("image resource", (r) -> r.image(new ByteArrayResource(new byte[] { 7 })),
						"{\"images\":[\"Bw==\"]}"),
				field("keep_alive", (r) -> r.keepAlive(Duration.ofMinutes(10)), "{\"keep_alive\":\"10m\"}"),
				field("keep_alive mixed", (r) -> r.keepAlive(Duration.ofSeconds(5430).plusMillis(250)),
						"{\"keep_alive\":\"1h30m30s250ms\"}"),
				field("keep_alive unload", (r) -> r.keepAlive(Duration.ZERO), "{\"keep_alive\":0}"),
				field("keep_alive forever", (r) -> r.keepAlive(Duration.ofSeconds(-1)), "{\"keep_alive\":-1}"),
				field("suffix", (r) -> r.suffix("    return x"), "{\"suffix\":\"    return x\"}"),
				field("raw", (r) -> r.raw(true), "{\"raw\":true}"),
				field("template", (r) -> r.template("{{ .Prompt }}"), "{\"template\":\"{{ .Prompt }}\"}"),
				field("think", (r) -> r.think(true), "{\"think\":true}"),
				field("think level", (r) -> r.think("high"), "{\"think\":\"high\"}"),
				field("extra field", (r) -> r.extraRequestField("logprobs", true), "{\"logprobs\":true}"));
	}

	private static Arguments field(String name, UnaryOperator<GenerateRequest.Builder> setter, String json) {
		return Arguments.of(name, setter, json);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("requestFields")
	void eachRequestFieldReachesOllamaAtTheTopLevel(String name, UnaryOperator<GenerateRequest.Builder> setter,
			String json) throws Exception {
		generate(setter.apply(GenerateRequest.builder("Hi")));
		assertReceived(json);
	}

	@Test
	void everythingTogetherWithTheTemplatesDefaultsUnderTheRequestsOwn() throws Exception {
		OllamaTemplate template = template((builder) -> builder.defaultModel("llama3")
			.defaultOptions(GenerationOptions.builder().temperature(0.5).numCtx(4096).build())
			.defaultSystem("You are terse.")
			.keepAlive(Duration.ofMinutes(30)));
		template.generate(GenerateRequest.builder("Why is the sky blue?")
			.model("mistral")
			.system("You are a physicist.")
			.options(GenerationOptions.builder().temperature(0.1).maxTokens(64).build())
			.build());
		JsonNode expected = MAPPER
			.readTree("{\"model\":\"mistral\",\"prompt\":\"Why is the sky blue?\",\"stream\":true,"
					+ "\"system\":\"You are a physicist.\",\"keep_alive\":\"30m\","
					+ "\"options\":{\"temperature\":0.1,\"num_ctx\":4096,\"num_predict\":64}}");
		assertThat(this.ollama.lastGenerateRequest()).isEqualTo(expected);
		template.generate("Hello");
		assertThat(this.ollama.lastGenerateRequest()).isEqualTo(MAPPER.readTree("{\"model\":\"llama3\",\"prompt\":"
				+ "\"Hello\",\"stream\":true,\"system\":\"You are terse.\",\"keep_alive\":\"30m\","
				+ "\"options\":{\"temperature\":0.5,\"num_ctx\":4096}}"));
		assertThat(this.ollama.violations()).isEmpty();
	}

	@Test
	void aRequestWithNothingSetSendsOnlyWhatTheGatewayAdds() throws Exception {
		generate(GenerateRequest.builder("Hi"));
		assertThat(this.ollama.lastGenerateRequest())
			.isEqualTo(MAPPER.readTree("{\"model\":\"llama3\",\"prompt\":\"Hi\",\"stream\":true}"));
	}

	@Test
	void aFiveMebibyteImageArrivesIntact() {
		byte[] image = new byte[5 * 1024 * 1024];
		new Random(7).nextBytes(image);
		generate(GenerateRequest.builder("What is in this picture?").image(image));
		JsonNode images = this.ollama.lastGenerateRequest().get("images");
		assertThat(images).hasSize(1);
		assertThat(Base64.getDecoder().decode(images.get(0).asText())).isEqualTo(image);
	}

	@Test
	void settingsOllamaWouldIgnoreOrRejectAreRefusedBeforeSending() {
		GenerationOptions.Builder options = GenerationOptions.builder();
		assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(() -> options.option("max_tokens", 10))
			.withMessageContaining("its token limit is 'num_predict'");
		assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(() -> options.option("system", "x"))
			.withMessageContaining("'system' is a field of Ollama's request");
		assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(() -> options.option("keep_alive", "5m"))
			.withMessageContaining("'keep_alive' is a field of Ollama's request");
		assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(() -> options.option("temperature", "hot"))
			.withMessageContaining("'temperature' must be a number");
		assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(() -> options.option("top_k", 2.5))
			.withMessageContaining("'top_k' must be an integer");
		assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(() -> options.option("stop", List.of(1)))
			.withMessageContaining("a list of strings");
		GenerateRequest.Builder request = GenerateRequest.builder("Hi");
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> request.extraRequestField("temperature", 1))
			.withMessageContaining("GenerationOptions");
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> request.extraRequestField("stream", false));
		assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(() -> request.imageBase64("not base64!"));
		assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(() -> request.think("extreme"));
		// Like every failure of the client, catchable as OllamaWsException.
		assertThatExceptionOfType(OllamaWsException.class).isThrownBy(() -> options.option("max_tokens", 10));
	}

	@Test
	void theStrictFakeFailsTheGenerationOfABodyOllamaWouldPartlyIgnore() {
		// An unknown model parameter passes the client (Ollama may add parameters) but
		// not the strict fake.
		assertThat(catchGenerationFailure(
				GenerateRequest.builder("Hi").options(GenerationOptions.builder().option("mirostat", 2).build())))
			.contains("'options.mirostat'");
	}

	private String catchGenerationFailure(GenerateRequest.Builder request) {
		OllamaTemplate template = template((builder) -> builder.defaultModel("llama3"));
		try {
			template.generate(request.build());
		}
		catch (GenerationFailedException ex) {
			return ex.serverMessage();
		}
		throw new AssertionError("The generation did not fail");
	}

	private void generate(GenerateRequest.Builder request) {
		OllamaTemplate template = template((builder) -> builder.defaultModel("llama3"));
		GenerationResult result = template.generate(request.build());
		assertThat(result.text()).isEqualTo("Hello from Ollama");
	}

	/**
	 * The body Ollama received is {@code {model, prompt, stream}} plus exactly
	 * {@code fields}.
	 */
	private void assertReceived(String fields) throws Exception {
		ObjectNode expected = (ObjectNode) MAPPER.readTree("{\"model\":\"llama3\",\"prompt\":\"Hi\",\"stream\":true}");
		expected.setAll((ObjectNode) MAPPER.readTree(fields));
		assertThat(this.ollama.lastGenerateRequest()).isEqualTo(expected);
		assertThat(this.ollama.violations()).isEmpty();
	}

}
