package io.github.ollamaws.autoconfigure;

import java.time.Duration;

import io.github.ollamaws.core.AuthenticationException;
import io.github.ollamaws.core.GatewayUnavailableException;
import io.github.ollamaws.core.OllamaTimeoutException;
import io.github.ollamaws.core.ProtocolException;
import io.github.ollamaws.core.RateLimitedException;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link OllamaWsFailFastFailureAnalyzer}: the advice for each failure of the
 * startup check. A gateway that is down or rejects the key is explained end to end in
 * {@link OllamaWsAutoConfigurationGatewayTests}; the advice itself depends only on the
 * exception's type, which these tests take one by one.
 */
class OllamaWsFailFastFailureAnalyzerTests {

	private final OllamaWsFailFastFailureAnalyzer analyzer = new OllamaWsFailFastFailureAnalyzer();

	@Test
	void aRateLimitedClientIsToldHowLongToWaitAndWhatToCheck() {
		FailureAnalysis analysis = analyze(new RateLimitedException("Too many attempts", Duration.ofSeconds(90)));
		assertThat(analysis.getDescription()).isEqualTo(
				"The Ollama WebSocket gateway failed the startup check (ollama.ws.fail-fast): Too many attempts");
		assertThat(analysis.getAction()).contains("too many failed authentication attempts; wait 90 s, then check")
			.contains("'ollama.ws.client-id'")
			.contains("'ollama.ws.private-key-location'")
			.contains("'ollama.ws.gateways[n]'")
			.endsWith("to start without the gateway (the first request then reports the problem).");
	}

	@Test
	void aRejectedKeyNamesTheClientIdAndTheKey() {
		FailureAnalysis analysis = analyze(new AuthenticationException("Invalid signature", (Integer) null));
		assertThat(analysis.getDescription()).endsWith(": Invalid signature");
		assertThat(analysis.getAction()).startsWith("Check that 'ollama.ws.client-id' is the id the gateway returned")
			.contains("'ollama.ws.fail-fast'");
	}

	@Test
	void aTimeoutNamesTheSettingThatTimedOut() {
		FailureAnalysis analysis = analyze(
				new OllamaTimeoutException(OllamaTimeoutException.Kind.AUTH, Duration.ofSeconds(5), null));
		assertThat(analysis.getAction()).contains("'ollama.ws.url'")
			.contains("raise 'ollama.ws.auth-timeout'.")
			.contains("'ollama.ws.fail-fast'");
	}

	@Test
	void anUnreachableGatewayNamesTheUrl() {
		FailureAnalysis analysis = analyze(new GatewayUnavailableException("Connection refused", null));
		assertThat(analysis.getAction()).startsWith("Check that the gateway is running and that 'ollama.ws.url'")
			.contains("'ollama.ws.fail-fast'");
	}

	@Test
	void otherFailuresAreLeftToOtherAnalyzers() {
		assertThat(this.analyzer.analyze(new BeanCreationException("ollamaTemplate",
				new ProtocolException("The gateway sent a frame that is not JSON"))))
			.isNull();
	}

	private FailureAnalysis analyze(Exception cause) {
		FailureAnalysis analysis = this.analyzer.analyze(new BeanCreationException("ollamaTemplate", cause));
		assertThat(analysis).isNotNull();
		assertThat(analysis.getCause()).isSameAs(cause);
		return analysis;
	}

}
