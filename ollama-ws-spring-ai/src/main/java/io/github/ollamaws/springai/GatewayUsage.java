package io.github.ollamaws.springai;

import java.util.Map;

import org.springframework.ai.chat.metadata.Usage;

/**
 * The usage of a generation as the gateway reports it: the tokens generated. The gateway
 * does not report the prompt's tokens: they are given as {@code 0} (Spring AI adds usages
 * up and needs numbers), and the native usage says they are unknown.
 */
final class GatewayUsage implements Usage {

	private final int outputTokens;

	GatewayUsage(int outputTokens) {
		this.outputTokens = outputTokens;
	}

	/**
	 * Unknown: the gateway does not report the prompt's tokens.
	 * @return {@code 0}
	 */
	@Override
	public Integer getPromptTokens() {
		return 0;
	}

	@Override
	public Integer getCompletionTokens() {
		return this.outputTokens;
	}

	/**
	 * The tokens counted: the output tokens only, since the prompt's are unknown.
	 * @return the output tokens
	 */
	@Override
	public Integer getTotalTokens() {
		return this.outputTokens;
	}

	@Override
	public Object getNativeUsage() {
		return Map.of("outputTokens", this.outputTokens, "inputTokens", "unknown");
	}

	@Override
	public String toString() {
		return "GatewayUsage[outputTokens=" + this.outputTokens + ", inputTokens=unknown]";
	}

}
