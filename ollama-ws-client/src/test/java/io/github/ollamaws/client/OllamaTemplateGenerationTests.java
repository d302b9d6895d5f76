package io.github.ollamaws.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.ollamaws.core.FinishReason;
import io.github.ollamaws.core.GenerateRequest;
import io.github.ollamaws.core.Generation;
import io.github.ollamaws.core.GenerationFailedException;
import io.github.ollamaws.core.GenerationOptions;
import io.github.ollamaws.core.GenerationResult;
import io.github.ollamaws.core.InvalidRequestException;
import io.github.ollamaws.core.ModelNotFoundException;
import io.github.ollamaws.core.TokenHandler;
import io.github.ollamaws.testserver.ScriptedBackend;
import io.github.ollamaws.testserver.ScriptedModel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * End-to-end tests of generation through {@link OllamaTemplate} against the test gateway
 * over loopback.
 */
class OllamaTemplateGenerationTests extends GatewayTestSupport {

	@BeforeEach
	void startGateway() {
		startServer(ScriptedBackend.withDefaultModels()
			.model("mistral", "Bonjour", " le", " monde")
			.model(ScriptedModel.named("echo").echo())
			.model(ScriptedModel.named("slow-start").tokens("a", "b").firstTokenDelay(Duration.ofMillis(300)))
			.model(ScriptedModel.named("broken").tokens("one ", "two ", "three ").failAfter(2, "upstream died"))
			.model(ScriptedModel.named("silent").neverAnswers()));
	}

	@Test
	void generatesWithTheDefaultModel() {
		long start = System.nanoTime();
		GenerationResult result = template().generate("Who are you?");
		Duration wholeCall = Duration.ofNanos(System.nanoTime() - start);
		assertThat(result.text()).isEqualTo(String.join("", ScriptedBackend.DEFAULT_TOKENS));
		assertThat(result.model()).isEqualTo("llama2");
		assertThat(result.totalTokens()).isEqualTo(ScriptedBackend.DEFAULT_TOKENS.size());
		assertThat(result.finishReason()).isEqualTo(FinishReason.COMPLETED);
		// The gateway's figure, in whole milliseconds: within the call, which includes
		// connecting.
		assertThat(result.elapsed()).isGreaterThanOrEqualTo(Duration.ZERO).isLessThanOrEqualTo(wholeCall);
		assertThat(result.timeToFirstToken()).isPositive().isLessThanOrEqualTo(wholeCall);
		assertThat(result.id()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
	}

	@Test
	void generatesWithANamedModel() {
		GenerationResult result = template().generate("mistral", "Salut");
		assertThat(result.text()).isEqualTo("Bonjour le monde");
		assertThat(result.model()).isEqualTo("mistral");
	}

	@Test
	void usesTheGatewayDefaultModelWhenNoneIsConfigured() {
		OllamaTemplate template = template((builder) -> builder.defaultModel(null));
		GenerationResult result = template.generate("Hi");
		assertThat(result.model()).isEqualTo("llama2");
		assertThat(this.server.receivedFrames("generate").get(0).json().has("model")).isFalse();
	}

	@Test
	void generatesAsynchronously() throws Exception {
		GenerationResult result = template().generateAsync(GenerateRequest.builder("x").model("mistral").build())
			.get(10, TimeUnit.SECONDS);
		assertThat(result.text()).isEqualTo("Bonjour le monde");
	}

	@Test
	void streamsTokensInOrderWithStartAndCompletion() throws Exception {
		List<String> calls = new CopyOnWriteArrayList<>();
		Generation generation = template().stream(GenerateRequest.of("hi"), new TokenHandler() {

			@Override
			public void onToken(String token) {
				calls.add("token:" + token);
			}

			@Override
			public void onStart(String generationId, String model) {
				calls.add("start:" + model);
			}

			@Override
			public void onComplete(GenerationResult result) {
				calls.add("complete:" + result.finishReason());
			}

		});
		GenerationResult result = generation.result().get(10, TimeUnit.SECONDS);
		List<String> expected = new ArrayList<>();
		expected.add("start:llama2");
		ScriptedBackend.DEFAULT_TOKENS.forEach((token) -> expected.add("token:" + token));
		expected.add("complete:COMPLETED");
		assertThat(calls).containsExactlyElementsOf(expected);
		assertThat(generation.id()).isEqualTo(result.id());
		assertThat(generation.isDone()).isTrue();
	}

	@Test
	void takesTokenFramesOfEveryShapeInOrder() throws Exception {
		OllamaTemplate template = template((builder) -> builder.pool((pool) -> pool.size(1)));
		List<String> tokens = new CopyOnWriteArrayList<>();
		Generation generation = template.stream(GenerateRequest.builder("x").model("silent").build(), tokens::add);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.server.activeGenerations() == 1);
		String id = generation.id();
		String escapedId = String.format("\\u%04x", (int) id.charAt(0)) + id.substring(1);
		// The gateway's own shape; a newer gateway's requestId, and an unknown one next
		// to the id; then shapes the
		// fast path leaves to the decoder (a nested field, a fractional timestamp, an
		// escaped id); a stranger's.
		List<String> frames = List.of("{'type':'stream_token','id':'ID','token':'a ','timestamp':1}",
				"{'id':'x','requestId':'ID','type':'stream_token','token':'b\\n'}",
				"{'type':'stream_token','requestId':'gone','id':'ID','token':'c '}",
				"{'type':'stream_token','id':'ID','token':'d ','x':{'y':[1]}}",
				"{'type':'stream_token','id':'ID','token':'e ','timestamp':1.5}",
				"{'type':'stream_token','id':'ESCAPED','token':'f'}",
				"{'type':'stream_token','id':'IDx','token':'lost'}",
				"{'type':'stream_end','id':'ID','totalTokens':6,'elapsedTime':3}");
		for (String frame : frames) {
			this.server.faults().sendToAll(frame.replace('\'', '"').replace("ESCAPED", escapedId).replace("ID", id));
		}
		GenerationResult result = generation.result().get(10, TimeUnit.SECONDS);
		assertThat(tokens).containsExactly("a ", "b\n", "c ", "d ", "e ", "f");
		assertThat(result.text()).isEqualTo("a b\nc d e f");
		assertThat(result.totalTokens()).isEqualTo(6);
	}

	@Test
	void sendsModelParametersNestedUnderOllamasNamesMergedOverTheDefaults() {
		OllamaTemplate template = template(
				(builder) -> builder.defaultOptions(GenerationOptions.builder().temperature(0.5).topK(10).build()));
		template.generate(GenerateRequest.builder("x")
			.options(GenerationOptions.builder().temperature(0.1).maxTokens(5).option("num_ctx", 2048).build())
			.build());
		JsonNode frame = this.server.receivedFrames("generate").get(0).json();
		// The gateway spreads its options into Ollama's top level: the parameters go one
		// level down.
		assertThat(frame.get("options"))
			.hasToString("{\"options\":{\"temperature\":0.1,\"top_k\":10,\"num_predict\":5,\"num_ctx\":2048}}");
	}

	@Test
	void usesUniqueUuidIds() {
		OllamaTemplate template = template();
		template.generate("a");
		template.generate("b");
		List<String> ids = this.server.receivedFrames("generate")
			.stream()
			.map((frame) -> frame.json().get("id").asText())
			.toList();
		assertThat(ids).hasSize(2).doesNotHaveDuplicates().allMatch((id) -> id.matches("[0-9a-f-]{36}"));
	}

	@Test
	void unknownModelFailsWithModelNotFound() {
		assertThatExceptionOfType(ModelNotFoundException.class)
			.isThrownBy(() -> template().generate("no-such-model", "hi"))
			.satisfies((ex) -> {
				assertThat(ex.model()).isEqualTo("no-such-model");
				assertThat(ex.code()).isEqualTo("generation_error");
				assertThat(ex.serverMessage()).contains("404");
			});
	}

	@Test
	void upstreamFailureFailsWithGenerationFailedKeepingThePartialText() {
		List<Throwable> errors = new CopyOnWriteArrayList<>();
		Generation generation = template().stream(GenerateRequest.builder("x").model("broken").build(),
				new TokenHandler() {

					@Override
					public void onToken(String token) {
					}

					@Override
					public void onError(Throwable error) {
						errors.add(error);
					}

				});
		assertThatExceptionOfType(GenerationFailedException.class).isThrownBy(() -> unwrap(generation))
			.satisfies((ex) -> {
				assertThat(ex).isNotInstanceOf(ModelNotFoundException.class);
				assertThat(ex.code()).isEqualTo("generation_error");
				assertThat(ex.serverMessage()).contains("upstream died");
				assertThat(ex.partialText()).isEqualTo("one two ");
			});
		assertThat(errors).singleElement().isInstanceOf(GenerationFailedException.class);
	}

	@Test
	void measuresTimeToFirstTokenOnTheClient() {
		GenerationResult result = template().generate("slow-start", "x");
		assertThat(result.timeToFirstToken()).isGreaterThanOrEqualTo(Duration.ofMillis(300));
		assertThat(result.text()).isEqualTo("ab");
	}

	@Test
	void sendsAOneMebibytePromptAndReceivesLargeFrames() {
		String word = "0123456789abcdef ";
		String prompt = word.repeat((1024 * 1024) / word.length() + 1);
		String bigToken = "x".repeat(2 * 1024 * 1024);
		this.server.scriptedBackend().model("big", bigToken);
		OllamaTemplate template = template();
		GenerationResult echoed = template.generate("echo", prompt);
		assertThat(echoed.text()).isEqualTo(prompt);
		assertThat(template.generate("big", "x").text()).hasSize(bigToken.length());
	}

	@Test
	void rejectsEmptyPromptsBeforeSending() {
		assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(() -> GenerateRequest.of(""));
	}

	@Test
	void exceptionsOfOneRequestDoNotDisturbTheOthers() {
		OllamaTemplate template = template((builder) -> builder.pool((pool) -> pool.size(1)));
		assertThatExceptionOfType(ModelNotFoundException.class).isThrownBy(() -> template.generate("nope", "x"));
		assertThat(template.generate("mistral", "x").text()).isEqualTo("Bonjour le monde");
		assertThat(this.server.openConnections()).isEqualTo(1);
	}

	private static GenerationResult unwrap(Generation generation) {
		try {
			return generation.result().get(10, TimeUnit.SECONDS);
		}
		catch (java.util.concurrent.ExecutionException ex) {
			throw (RuntimeException) ex.getCause();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
