package io.github.ollamaws.core;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for the shared vocabulary as values: what a request, options, a format, a result
 * and each exception hold and show. What reaches the gateway from them is tested end to
 * end ({@code OllamaRequestBodyTests}, {@code StructuredOutputTests}).
 */
class CoreValueTypesTests {

	@Test
	void aRequestHoldsEveryFieldAndACopyKeepsThemAll() {
		GenerateRequest request = GenerateRequest.builder("Why is the sky blue?")
			.model("llama3")
			.system("private system prompt")
			.image(new byte[] { 1, 2, 3 })
			.keepAlive(Duration.ofMinutes(5))
			.suffix("end")
			.raw(true)
			.template("{{ .Prompt }}")
			.think("high")
			.timeout(Duration.ofSeconds(30))
			.extraRequestField("shift", false)
			.build();
		for (GenerateRequest each : List.of(request, request.mutate().build())) {
			assertThat(each.system()).isEqualTo("private system prompt");
			assertThat(each.images()).hasSize(1);
			assertThat(each.keepAlive()).isEqualTo(Duration.ofMinutes(5));
			assertThat(each.suffix()).isEqualTo("end");
			assertThat(each.raw()).isTrue();
			assertThat(each.template()).isEqualTo("{{ .Prompt }}");
			assertThat(each.think()).isEqualTo("high");
			assertThat(each.timeout()).isEqualTo(Duration.ofSeconds(30));
			assertThat(each.extraRequestFields()).containsExactly(Map.entry("shift", false));
		}
		assertThat(GenerateRequest.builder("p").raw(false).build().raw()).isFalse();
	}

	@Test
	void aRequestNeverPrintsItsPromptOrSystemPrompt() {
		GenerateRequest request = GenerateRequest.builder("secret prompt").system("secret system").build();
		assertThat(request.toString()).contains("promptLength=13", "system=(set)", "images=0").doesNotContain("secret");
		assertThat(GenerateRequest.builder("p").build().toString()).contains("system=null");
	}

	@Test
	void aRequestTimeoutMustBePositiveOrUnset() {
		GenerateRequest.Builder builder = GenerateRequest.builder("p");
		assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(() -> builder.timeout(Duration.ZERO))
			.withMessage("timeout must be positive");
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> builder.timeout(Duration.ofSeconds(-1)));
		assertThat(builder.timeout(Duration.ofNanos(1)).build().timeout()).isEqualTo(Duration.ofNanos(1));
		assertThat(builder.timeout(null).build().timeout()).isNull();
	}

	@Test
	void optionsAreEqualByTheirValuesAndShowThem() {
		GenerationOptions options = GenerationOptions.builder().temperature(0.2).seed(7).build();
		GenerationOptions same = GenerationOptions.of(Map.of("temperature", 0.2, "seed", 7L));
		assertThat(options).isEqualTo(same).hasSameHashCodeAs(same).isNotEqualTo(GenerationOptions.empty());
		assertThat(options).isNotEqualTo("GenerationOptions{temperature=0.2, seed=7}");
		assertThat(options.hashCode()).isEqualTo(Map.of("temperature", 0.2, "seed", 7L).hashCode());
		assertThat(options).hasToString("GenerationOptions{temperature=0.2, seed=7}");
		assertThat(GenerationOptions.of(Map.of("num_ctx", 4096)).asMap()).containsExactly(Map.entry("num_ctx", 4096));
	}

	@Test
	void requestFieldsAreToldApartFromModelParameters() {
		assertThat(GenerationOptions.isRequestField("format")).isTrue();
		assertThat(GenerationOptions.isRequestField("temperature")).isFalse();
	}

	@Test
	void formatsAreEqualByTheirValueAndShowWhichKind() {
		ResponseFormat json = ResponseFormat.json();
		ResponseFormat schema = ResponseFormat.schema(Map.of("type", "object"));
		assertThat(json.isJsonMode()).isTrue();
		assertThat(json.schema()).isNull();
		assertThat(json).hasToString("ResponseFormat[json]").isEqualTo(ResponseFormat.json()).isNotEqualTo(schema);
		assertThat(json).hasSameHashCodeAs(ResponseFormat.json());
		assertThat(schema.isJsonMode()).isFalse();
		assertThat(schema.schema()).containsExactly(Map.entry("type", "object"));
		assertThat(schema).hasToString("ResponseFormat[schema]")
			.isEqualTo(ResponseFormat.schema("{\"type\":\"object\"}"))
			.hasSameHashCodeAs(ResponseFormat.schema("{\"type\":\"object\"}"))
			.isNotEqualTo(ResponseFormat.schema(Map.of("type", "string")))
			.isNotEqualTo("ResponseFormat[schema]");
		assertThat(schema.hashCode()).isEqualTo(Map.of("type", "object").hashCode());
	}

	@Test
	void eachParameterTypeAcceptsOnlyItsJsonType() {
		assertThat(OllamaParameter.TOP_K.accepts(3.0)).isTrue();
		assertThat(OllamaParameter.TOP_K.accepts(3.5)).isFalse();
		assertThat(OllamaParameter.TOP_K.accepts(Double.POSITIVE_INFINITY)).isFalse();
		assertThat(OllamaParameter.TOP_K.accepts("3")).isFalse();
		assertThat(OllamaParameter.USE_MMAP.accepts(true)).isTrue();
		assertThat(OllamaParameter.USE_MMAP.accepts("true")).isFalse();
		assertThat(OllamaParameter.USE_MMAP.type()).hasToString("boolean");
		assertThat(OllamaParameter.STOP.type()).hasToString("string list");
		assertThat(OllamaParameter.SEED.description()).isEqualTo("Random seed, for reproducible output.");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			PT1H2M3S          | 1h2m3s
			PT0.0015S         | 1ms500000ns
			PT1.001000250S    | 1s1ms250ns
			""")
	void keepAliveIsWrittenInGosDurationSyntax(Duration duration, String wire) {
		assertThat(KeepAlive.wireValue(duration)).isEqualTo(wire);
	}

	@Test
	void aCleanUrlIsKeptAsItIs() {
		URI url = URI.create("ws://gpu-1:3000/ws");
		assertThat(GatewayUrls.withoutCredentials(url)).isSameAs(url);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			?token=secret        | ''
			'#secret'            | ''
			://user@gpu-1        | ://gpu-1
			ws://@gpu-1/ws       | ws://gpu-1/ws
			""")
	void textIsCutAtEachEdge(String text, String shown) {
		assertThat(GatewayUrls.redact(text)).isEqualTo(shown);
	}

	@Test
	void exceptionsHoldWhatTheyReport() {
		InvalidSettingException setting = new InvalidSettingException("pool.size", 0, "at least 1");
		assertThat(setting.setting()).isEqualTo("pool.size");
		assertThat(setting.value()).isEqualTo(0);
		assertThat(setting.requirement()).isEqualTo("at least 1");
		ConnectionLostException lost = new ConnectionLostException("lost", 1006, null, null);
		assertThat(lost.closeCode()).isEqualTo(1006);
		assertThat(lost.partialText()).isEmpty();
		assertThat(new ConnectionLostException("lost", 1000, "Hel", null).partialText()).isEqualTo("Hel");
		assertThat(new GatewayErrorException(null, "Model busy")).hasMessage("Model busy");
		assertThat(new GatewayErrorException("busy", "Model busy")).hasMessage("Model busy (busy)");
		OllamaTimeoutException timeout = new OllamaTimeoutException(OllamaTimeoutException.Kind.IDLE,
				Duration.ofSeconds(2), null);
		assertThat(timeout.partialText()).isEmpty();
		assertThat(timeout.kind().setting()).isEqualTo("idle-timeout");
		assertThat(new OllamaTimeoutException(OllamaTimeoutException.Kind.IDLE, Duration.ofSeconds(2), "Hel")
			.partialText()).isEqualTo("Hel");
		MessageTooLargeException tooLarge = new MessageTooLargeException(70_000, 65_536);
		assertThat(tooLarge.size()).isEqualTo(70_000);
		assertThat(tooLarge.limit()).isEqualTo(65_536);
		assertThat(new SlowSubscriberException(256).bufferedTokens()).isEqualTo(256);
	}

	@Test
	void aResultSaysWhetherItWasCancelledAndNeverPrintsItsText() {
		GenerationResult cancelled = new GenerationResult("gen-1", "llama3", "secret text", 2, Duration.ofMillis(9),
				null, FinishReason.CANCELLED);
		GenerationResult completed = new GenerationResult("gen-1", "llama3", "secret text", 2, Duration.ofMillis(9),
				null, FinishReason.COMPLETED);
		assertThat(cancelled.isCancelled()).isTrue();
		assertThat(completed.isCancelled()).isFalse();
		assertThat(completed.toString()).contains("textLength=11", "finishReason=COMPLETED").doesNotContain("secret");
	}

	@Test
	void aGenerationIsDoneWhenItsResultIs() {
		CompletableFuture<GenerationResult> result = new CompletableFuture<>();
		Generation generation = new Generation() {

			@Override
			public String id() {
				return "gen-1";
			}

			@Override
			public boolean cancel() {
				return result.cancel(false);
			}

			@Override
			public CompletableFuture<GenerationResult> result() {
				return result;
			}

		};
		assertThat(generation.isDone()).isFalse();
		generation.cancel();
		assertThat(generation.isDone()).isTrue();
	}

}
