package io.github.ollamaws.protocol;

import java.time.OffsetDateTime;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ollamaws.core.ModelInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link ServerMessageDecoder}: the frames as the real gateway sends them, in
 * any field order.
 */
class ServerMessageDecoderTests {

	private final ServerMessageDecoder decoder = new ServerMessageDecoder(new ObjectMapper());

	@Test
	void decodesTokenInAnyFieldOrder() {
		ServerMessage a = this.decoder.decode(
				"{\"type\":\"stream_token\",\"id\":\"g1\",\"token\":\"Hi \\\"there\\\"\\n\\u00e9\",\"timestamp\":1}");
		ServerMessage b = this.decoder.decode(
				"{\"timestamp\":1,\"token\":\"Hi \\\"there\\\"\\n\\u00e9\",\"id\":\"g1\",\"type\":\"stream_token\"}");
		assertThat(a).isEqualTo(b);
		assertThat(a.type()).isEqualTo(ServerMessageType.STREAM_TOKEN);
		assertThat(a.token()).isEqualTo("Hi \"there\"\n\u00e9");
		assertThat(a.streamCorrelationId()).isEqualTo("g1");
	}

	@Test
	void prefersRequestIdForStreamCorrelation() {
		ServerMessage message = this.decoder
			.decode("{\"type\":\"stream_token\",\"id\":\"x\",\"requestId\":\"g1\",\"token\":\"a\"}");
		assertThat(message.streamCorrelationId()).isEqualTo("g1");
	}

	@Test
	void decodesSurrogatePairsAndEmptyTokens() {
		assertThat(this.decoder.decode("{\"type\":\"stream_token\",\"id\":\"g\",\"token\":\"\\ud83d\\ude00\"}").token())
			.isEqualTo("\uD83D\uDE00");
		assertThat(this.decoder.decode("{\"type\":\"stream_token\",\"id\":\"g\",\"token\":\"\"}").token()).isEmpty();
	}

	@Test
	void decodesStreamEndWithAndWithoutTotals() {
		ServerMessage end = this.decoder
			.decode("{\"type\":\"stream_end\",\"id\":\"g\",\"totalTokens\":42,\"elapsedTime\":1234,\"timestamp\":5}");
		assertThat(end.totalTokens()).isEqualTo(42);
		assertThat(end.elapsedTime()).isEqualTo(1234L);
		assertThat(end.cancelled()).isFalse();
		ServerMessage cancelled = this.decoder.decode("{\"type\":\"stream_end\",\"id\":\"g\",\"isCancelled\":true}");
		assertThat(cancelled.cancelled()).isTrue();
		assertThat(cancelled.totalTokens()).isNull();
	}

	@Test
	void decodesAuthResults() {
		ServerMessage rejected = this.decoder.decode(
				"{\"type\":\"auth_result\",\"success\":false,\"error\":\"Invalid signature\",\"remainingAttempts\":4}");
		assertThat(rejected.success()).isFalse();
		assertThat(rejected.remainingAttempts()).isEqualTo(4);
		assertThat(rejected.retryAfterSeconds()).isNull();
		ServerMessage blocked = this.decoder.decode("{\"type\":\"auth_result\",\"success\":false,"
				+ "\"error\":\"Too many authentication attempts. Please try again in 16 seconds.\",\"retryAfter\":16}");
		assertThat(blocked.retryAfterSeconds()).isEqualTo(16L);
		assertThat(this.decoder.decode("{\"type\":\"auth_result\",\"success\":true}").success()).isTrue();
	}

	@Test
	void decodesModelObjectsAsTheRealGatewaySendsThem() {
		ServerMessage message = this.decoder.decode("{\"type\":\"models_result\",\"id\":\"m\",\"models\":[{"
				+ "\"name\":\"llama3:8b\",\"model\":\"llama3:8b\",\"modified_at\":\"2024-05-01T10:00:00.123456789+02:00\","
				+ "\"size\":4661224676,\"digest\":\"365c0bd3\",\"details\":{\"parent_model\":\"\",\"format\":\"gguf\","
				+ "\"family\":\"llama\",\"families\":[\"llama\"],\"parameter_size\":\"8.0B\",\"quantization_level\":\"Q4_0\"}}],"
				+ "\"timestamp\":1}");
		assertThat(message.models()).containsExactly(new ModelInfo("llama3:8b", 4661224676L,
				OffsetDateTime.parse("2024-05-01T10:00:00.123456789+02:00"), "365c0bd3", "llama", "8.0B", "Q4_0"));
	}

	@Test
	void decodesModelNamesAsTheDocumentationShowsThem() {
		ServerMessage message = this.decoder
			.decode("{\"type\":\"models_result\",\"models\":[\"llama2\",\"codellama\"]}");
		assertThat(message.models()).extracting(ModelInfo::name).containsExactly("llama2", "codellama");
		assertThat(message.models().get(0).size()).isNull();
	}

	@Test
	void decodesErrorsWithAndWithoutIdAndCode() {
		ServerMessage noId = this.decoder.decode("{\"type\":\"error\",\"error\":\"Unsupported message type: x\"}");
		assertThat(noId.id()).isNull();
		assertThat(noId.code()).isNull();
		ServerMessage generation = this.decoder.decode(
				"{\"id\":\"g\",\"type\":\"error\",\"error\":\"Generation failed: boom\",\"code\":\"generation_error\"}");
		assertThat(generation.id()).isEqualTo("g");
		assertThat(generation.code()).isEqualTo("generation_error");
	}

	@Test
	void keepsUnknownTypesAndSkipsUnknownNestedFields() {
		ServerMessage message = this.decoder
			.decode("{\"type\":\"telemetry\",\"extra\":{\"a\":[1,{\"b\":2}]},\"id\":\"z\"}");
		assertThat(message.type()).isEqualTo(ServerMessageType.UNKNOWN);
		assertThat(message.rawType()).isEqualTo("telemetry");
		assertThat(message.id()).isEqualTo("z");
	}

	@Test
	void acceptsNumericIds() {
		assertThat(this.decoder.decode("{\"type\":\"pong\",\"id\":7}").id()).isEqualTo("7");
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"type\":", "[1,2]", "not json", "{\"type\":\"pong\",}", "{\"type\":\"pong\" \"id\":1}",
			"{\"type\":\"pong\",\"id\":01}", "{\"type\":\"pong\",\"id\":1.}", "{\"type\":\"pong\",\"id\":-}",
			"{\"type\":\"po\tng\"}", "{\"type\":\"\\x\"}", "{\"type\":\"\\u12g4\"}", "{\"type\":tru}",
			"{\"type\":\"pong\"", "", "{\"type\":\"auth_result\",\"remainingAttempts\":3000000000}" })
	void rejectsMalformedFrames(String frame) {
		assertThatExceptionOfType(MalformedFrameException.class).isThrownBy(() -> this.decoder.decode(frame));
	}

	@Test
	void aModelObjectIsNamedByItsModelWhenItHasNoNameAndLeftOutWhenItHasNeither() {
		ServerMessage message = this.decoder.decode("{\"type\":\"models_result\",\"id\":\"m\",\"models\":["
				+ "{\"model\":\"phi3:mini\",\"size\":\"big\"},{\"size\":1},{\"name\":null,\"model\":\"qwen\"},42]}");
		assertThat(message.models()).containsExactly(new ModelInfo("phi3:mini", null, null, null, null, null, null),
				new ModelInfo("qwen", null, null, null, null, null, null));
		assertThat(this.decoder.decode("{\"type\":\"models_result\",\"models\":{\"a\":1}}").models()).isNull();
	}

	@Test
	void scalarsOfOtherTypesAreKeptAsTheirJsonTextAndObjectsAsNothing() {
		ServerMessage message = this.decoder
			.decode("{\"type\":\"error\",\"id\":true,\"code\":42,\"model\":{\"x\":[1]},\"error\":{\"reason\":\"x\"}}");
		assertThat(message.id()).isEqualTo("true");
		assertThat(message.code()).isEqualTo("42");
		assertThat(message.model()).isNull();
		assertThat(message.error()).isEqualTo("{\"reason\":\"x\"}");
		assertThat(this.decoder.decode("{\"type\":\"error\",\"error\":[\"a\",1]}").error()).isEqualTo("[\"a\",1]");
		assertThat(this.decoder.decode("{\"type\":\"error\",\"error\":null}").error()).isNull();
	}

}
