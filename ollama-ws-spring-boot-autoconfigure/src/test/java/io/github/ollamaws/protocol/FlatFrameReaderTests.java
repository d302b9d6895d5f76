package io.github.ollamaws.protocol;

import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link FlatFrameReader}: it reads the flat frames the gateway sends exactly as Jackson does, and
 * leaves every frame it cannot read the same way to Jackson.
 */
class FlatFrameReaderTests {

	private final ServerMessageDecoder decoder = new ServerMessageDecoder(new ObjectMapper());

	@ParameterizedTest
	@ValueSource(strings = { "{\"type\":\"stream_token\",\"id\":\"g1\",\"token\":\"t0 \",\"timestamp\":1732600000000}",
			"{\"timestamp\":1,\"token\":\"Hi \\\"there\\\"\\n\\u00e9\\/\\\\\\b\\f\\r\\t\",\"id\":\"g1\","
					+ "\"type\":\"stream_token\"}",
			"{\"type\":\"stream_token\",\"id\":\"g\",\"token\":\"\\ud83d\\ude00\"}",
			"{\"type\":\"stream_token\",\"id\":\"x\",\"requestId\":\"g1\",\"token\":\"\"}",
			"  {\n\t\"type\" : \"stream_start\" ,\r\n \"id\" : \"g\", \"model\":\"llama2\" }  ",
			"{\"type\":\"stream_end\",\"id\":\"g\",\"totalTokens\":42,\"elapsedTime\":1234,\"timestamp\":5}",
			"{\"type\":\"stream_end\",\"id\":\"g\",\"isCancelled\":true}",
			"{\"type\":\"stream_end\",\"id\":\"g\",\"isCancelled\":false,\"totalTokens\":\"7\",\"elapsedTime\":null}",
			"{\"type\":\"challenge\",\"challenge\":\"0123456789abcdef\",\"timestamp\":-0}",
			"{\"type\":\"auth_result\",\"success\":true}",
			"{\"type\":\"auth_result\",\"success\":false,\"error\":\"Invalid signature\",\"remainingAttempts\":4}",
			"{\"type\":\"auth_result\",\"success\":false,\"error\":\"Too many\",\"retryAfter\":16,\"success\":null}",
			"{\"id\":\"g\",\"type\":\"error\",\"error\":\"Generation failed: boom\",\"code\":\"generation_error\"}",
			"{\"type\":\"error\",\"error\":\"Unsupported message type: x\"}",
			"{\"type\":\"pong\",\"id\":7}", "{\"type\":\"pong\",\"id\":-1.5e3}", "{\"type\":\"pong\",\"id\":true}",
			"{\"type\":null,\"id\":\"z\"}", "{\"type\":\"telemetry\",\"id\":\"z\"}", "{\"type\":\"\\u0070ong\"}",
			"{\"id\":\"a\",\"id\":\"b\",\"type\":\"ack\",\"requestId\":\"g\",\"action\":\"stop\"}",
			"{\"type\":\"models_result\",\"models\":null}", "{}", "{\"type\":\"pong\"} trailing" })
	void readsFlatFramesAsJacksonDoes(String frame) {
		ServerMessage flat = FlatFrameReader.read(frame);
		assertThat(flat).as("read without Jackson").isNotNull();
		assertThat(flat).isEqualTo(this.decoder.decodeWithJackson(frame));
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"type\":\"models_result\",\"id\":\"m\",\"models\":[\"llama2\"]}",
			"{\"type\":\"telemetry\",\"extra\":{\"a\":[1,{\"b\":2}]},\"id\":\"z\"}",
			"{\"type\":\"error\",\"error\":{\"message\":\"x\"}}",
			"{\"type\":\"stream_end\",\"id\":\"g\",\"totalTokens\":4.5}",
			"{\"type\":\"stream_end\",\"id\":\"g\",\"elapsedTime\":12345678901234567890}",
			"{\"t\\u0079pe\":\"pong\"}" })
	void leavesOtherValidFramesToJackson(String frame) {
		assertThat(FlatFrameReader.read(frame)).isNull();
		assertThat(this.decoder.decode(frame)).isEqualTo(this.decoder.decodeWithJackson(frame));
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"type\":", "[1,2]", "not json", "{\"type\":\"pong\",}", "{\"type\":\"pong\" \"id\":1}",
			"{\"type\":\"pong\",\"id\":01}", "{\"type\":\"pong\",\"id\":1.}", "{\"type\":\"pong\",\"id\":-}",
			"{\"type\":\"po\tng\"}", "{\"type\":\"\\x\"}", "{\"type\":\"\\u12g4\"}", "{\"type\":tru}",
			"{\"type\":\"pong\"", "", "{\"type\":\"auth_result\",\"remainingAttempts\":3000000000}" })
	void leavesFramesJacksonRejectsToJackson(String frame) {
		assertThat(FlatFrameReader.read(frame)).isNull();
		assertThatExceptionOfType(MalformedFrameException.class).isThrownBy(() -> this.decoder.decode(frame));
	}

	@Test
	void readsKnownTypesAsConstants() {
		for (String type : List.of("stream_token", "stream_start", "stream_end", "pong", "error", "ack", "challenge",
				"auth_result", "models_result")) {
			ServerMessage message = FlatFrameReader.read("{\"type\":\"" + type + "\"}");
			assertThat(message.rawType()).isSameAs(type);
			assertThat(message.type()).isNotEqualTo(ServerMessageType.UNKNOWN);
		}
	}

}
