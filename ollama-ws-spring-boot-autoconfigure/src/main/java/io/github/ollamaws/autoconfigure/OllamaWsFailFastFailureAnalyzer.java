package io.github.ollamaws.autoconfigure;

import io.github.ollamaws.core.AuthenticationException;
import io.github.ollamaws.core.GatewayUnavailableException;
import io.github.ollamaws.core.OllamaTimeoutException;
import io.github.ollamaws.core.OllamaWsException;
import io.github.ollamaws.core.RateLimitedException;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a gateway that failed the {@code ollama.ws.fail-fast} check at startup
 * (unreachable, rejected the key, blocked the client, did not answer in time), with the
 * properties to check, instead of Spring's bare "Failed to start bean 'ollamaTemplate'".
 */
class OllamaWsFailFastFailureAnalyzer extends AbstractFailureAnalyzer<OllamaWsException> {

	private static final String FAIL_FAST = " Or set 'ollama.ws.fail-fast' to false to start without the gateway"
			+ " (the first request then reports the problem).";

	// A fleet (ollama.ws.gateways) has these settings per gateway.
	private static final String FLEET = " (with several gateways: the same under 'ollama.ws.gateways[n]')";

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, OllamaWsException cause) {
		String description = "The Ollama WebSocket gateway failed the startup check (ollama.ws.fail-fast): "
				+ cause.getMessage();
		if (cause instanceof RateLimitedException limited) {
			return new FailureAnalysis(description,
					"The gateway blocked this client after too many failed" + " authentication attempts; wait "
							+ limited.retryAfter().toSeconds() + " s, then check"
							+ " 'ollama.ws.client-id' and the private key ('ollama.ws.private-key' or"
							+ " 'ollama.ws.private-key-location')" + FLEET + "." + FAIL_FAST,
					cause);
		}
		if (cause instanceof AuthenticationException) {
			return new FailureAnalysis(description, "Check that 'ollama.ws.client-id' is the id the gateway"
					+ " returned when the public key was registered, and that 'ollama.ws.private-key' (or"
					+ " 'ollama.ws.private-key-location') is the matching private key" + FLEET + "." + FAIL_FAST,
					cause);
		}
		if (cause instanceof OllamaTimeoutException timeout) {
			return new FailureAnalysis(description, "Check that 'ollama.ws.url' points at an Ollama WebSocket"
					+ " gateway" + FLEET + ", or raise 'ollama.ws." + timeout.kind().setting() + "'." + FAIL_FAST,
					cause);
		}
		if (cause instanceof GatewayUnavailableException) {
			return new FailureAnalysis(description,
					"Check that the gateway is running and that 'ollama.ws.url' is its address" + FLEET + "."
							+ FAIL_FAST,
					cause);
		}
		return null;
	}

}
