package io.github.ollamaws.protocol;

import java.time.Duration;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.ollamaws.core.AuthenticationException;
import io.github.ollamaws.core.GatewayErrorException;
import io.github.ollamaws.core.GenerationFailedException;
import io.github.ollamaws.core.ModelNotFoundException;
import io.github.ollamaws.core.OllamaWsException;
import io.github.ollamaws.core.RateLimitedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link GatewayErrors}: the gateway's error codes, those it sends and those
 * its documentation lists, mapped to the exception types a caller catches. Frames are
 * decoded from the gateway's JSON.
 */
class GatewayErrorsTests {

	private static final ObjectMapper MAPPER = new ObjectMapper();

	private final ServerMessageDecoder decoder = new ServerMessageDecoder(MAPPER);

	/**
	 * One row per code: the exception (exact type) when the error ends a generation, and
	 * when it answers any other request. An empty code is a frame without one.
	 */
	@ParameterizedTest(name = "{0} / {1}: {2}, {3}")
	@CsvSource(delimiter = '|',
			textBlock = """
					# code           | error text                                                                 | generation                | other request
					invalid_model    | Model not available                                                        | ModelNotFoundException    | GatewayErrorException
					generation_error | Generation failed: Ollama API error: 404 {"error":"model \"x\" not found"} | ModelNotFoundException    | GatewayErrorException
					                 | Ollama API error: 404 {"error":"model \"x\" not found"}                    | ModelNotFoundException    | GatewayErrorException
					rate_limited     | Too many requests                                                          | RateLimitedException      | RateLimitedException
					auth_failed      | Authentication failed                                                      | AuthenticationException   | AuthenticationException
					unauthorized     | Not authenticated                                                          | AuthenticationException   | AuthenticationException
					generation_error | Generation failed: Ollama API error: 500 boom                              | GenerationFailedException | GatewayErrorException
					generation_error | Generation failed: fetch failed                                            | GenerationFailedException | GatewayErrorException
					server_error     | Server error: Unexpected token                                             | GenerationFailedException | GatewayErrorException
					auth_timeout     | Authentication timeout                                                     | GenerationFailedException | GatewayErrorException
					model_loading    | Model is loading                                                           | GenerationFailedException | GatewayErrorException
					invalid_request  | Invalid request                                                            | GenerationFailedException | GatewayErrorException
					internal_error   | Internal error                                                             | GenerationFailedException | GatewayErrorException
					                 | Missing required fields                                                    | GenerationFailedException | GatewayErrorException
					                 | Failed to list models: fetch failed                                        | GenerationFailedException | GatewayErrorException
					""")
	void mapsEachCodeToItsExceptionType(String code, String text, String generationType, String requestType) {
		ServerMessage frame = errorFrame(code, text);
		OllamaWsException generation = GatewayErrors.generationError(frame, "x", "partial");
		OllamaWsException request = GatewayErrors.requestError(frame);
		assertThat(generation.getClass().getSimpleName()).as("generation error").isEqualTo(generationType);
		assertThat(request.getClass().getSimpleName()).as("request error").isEqualTo(requestType);
		assertThat(generation.getMessage()).contains(text);
		assertThat(request.getMessage()).contains(text);
	}

	@Test
	void generationFailuresKeepTheCodeTheMessageAndThePartialText() {
		OllamaWsException error = GatewayErrors
			.generationError(errorFrame("generation_error", "Generation failed: upstream died"), "llama2", "one two ");
		assertThat(error).isExactlyInstanceOf(GenerationFailedException.class);
		GenerationFailedException failed = (GenerationFailedException) error;
		assertThat(failed.code()).isEqualTo("generation_error");
		assertThat(failed.serverMessage()).isEqualTo("Generation failed: upstream died");
		assertThat(failed.partialText()).isEqualTo("one two ");
	}

	@Test
	void modelNotFoundNamesTheRequestedModel() {
		OllamaWsException error = GatewayErrors.generationError(errorFrame("invalid_model", "No such model"), "mistral",
				"");
		assertThat(error).isInstanceOfSatisfying(ModelNotFoundException.class, (ex) -> {
			assertThat(ex.model()).isEqualTo("mistral");
			assertThat(ex.code()).isEqualTo("invalid_model");
		});
	}

	@Test
	void requestErrorsKeepTheCodeAndTheMessage() {
		OllamaWsException error = GatewayErrors.requestError(errorFrame("server_error", "Server error: bad"));
		assertThat(error).isExactlyInstanceOf(GatewayErrorException.class);
		assertThat(((GatewayErrorException) error).code()).isEqualTo("server_error");
		assertThat(((GatewayErrorException) error).serverMessage()).isEqualTo("Server error: bad");
	}

	@Test
	void errorsWithoutTextGetAGenericOne() {
		ServerMessage frame = this.decoder.decode("{\"type\":\"error\",\"id\":\"g\"}");
		assertThat(GatewayErrors.generationError(frame, "x", "")).hasMessageContaining("Generation failed");
		assertThat(GatewayErrors.requestError(frame)).hasMessageContaining("Request failed");
	}

	@Test
	void rejectedSignatureIsAnAuthenticationFailureWithTheRemainingAttempts() {
		ServerMessage frame = this.decoder.decode(
				"{\"type\":\"auth_result\",\"success\":false,\"error\":\"Invalid signature\",\"remainingAttempts\":4}");
		OllamaWsException error = GatewayErrors.authenticationError(frame);
		assertThat(error).isExactlyInstanceOf(AuthenticationException.class).hasMessageContaining("Invalid signature");
		assertThat(((AuthenticationException) error).remainingAttempts()).hasValue(4);
	}

	@Test
	void blockedClientIsRateLimitedWithTheGatewaysRetryAfter() {
		ServerMessage frame = this.decoder.decode("{\"type\":\"auth_result\",\"success\":false,\"error\":"
				+ "\"Too many authentication attempts. Please try again in 16 seconds.\",\"retryAfter\":16}");
		OllamaWsException error = GatewayErrors.authenticationError(frame);
		assertThat(error).isExactlyInstanceOf(RateLimitedException.class).hasMessageContaining("16 seconds");
		assertThat(((RateLimitedException) error).retryAfter()).isEqualTo(Duration.ofSeconds(16));
	}

	@Test
	void abortedGenerationIsRecognised() {
		assertThat(
				GatewayErrors.isAbort(errorFrame("generation_error", "Generation failed: The user aborted a request.")))
			.isTrue();
		assertThat(GatewayErrors.isAbort(errorFrame("generation_error", "Generation failed: fetch failed"))).isFalse();
		assertThat(GatewayErrors.isAbort(this.decoder.decode("{\"type\":\"error\",\"id\":\"g\"}"))).isFalse();
	}

	private ServerMessage errorFrame(String code, String text) {
		ObjectNode frame = MAPPER.createObjectNode().put("type", "error").put("id", "g1").put("error", text);
		if (code != null) {
			frame.put("code", code);
		}
		return this.decoder.decode(frame.toString());
	}

}
