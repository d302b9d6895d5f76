package io.github.ollamaws.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports an {@link OllamaWsConfigurationException} at startup: the description says what
 * is wrong with which property, the action says how to fix it.
 */
class OllamaWsConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<OllamaWsConfigurationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, OllamaWsConfigurationException cause) {
		String description = "The Ollama WebSocket client could not be configured. Property '" + cause.getProperty()
				+ "': " + cause.getMessage();
		return new FailureAnalysis(description, cause.getAction(), cause);
	}

}
