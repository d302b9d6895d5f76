package io.github.ollamaws.sample.embedded;

import java.time.Duration;
import java.util.List;

import io.github.ollamaws.testserver.GenerationRequest;
import io.github.ollamaws.testserver.ModelDescriptor;
import io.github.ollamaws.testserver.ScriptedBackend;
import io.github.ollamaws.testserver.ScriptedModel;

/**
 * The model backend of the embedded gateway when no Ollama answers: one
 * {@value GatewaySetup#DEMO_MODEL} model that streams a deterministic reply, word by
 * word, at a pace a person can follow.
 */
public final class DemoBackend {

	/** The longest part of a prompt the demo quotes back. */
	private static final int QUOTED_PROMPT_LENGTH = 80;

	private DemoBackend() {
	}

	/**
	 * Creates the backend.
	 * @param tokenDelay the pause before each word
	 * @return a backend serving the demo model
	 */
	public static ScriptedBackend create(Duration tokenDelay) {
		ModelDescriptor descriptor = new ModelDescriptor(GatewaySetup.DEMO_MODEL, GatewaySetup.DEMO_MODEL,
				"2026-01-01T00:00:00Z", 0, ModelDescriptor.of(GatewaySetup.DEMO_MODEL).digest(), "scripted", "demo",
				"0B", "none");
		return ScriptedBackend.create()
			.model(ScriptedModel.named(GatewaySetup.DEMO_MODEL)
				.script(DemoBackend::reply)
				.tokenDelay(tokenDelay)
				.descriptor(descriptor));
	}

	/**
	 * The demo's reply to a request, as tokens: the same prompt always gets the same
	 * reply.
	 * @param request the request
	 * @return the words of the reply, each with its trailing space
	 */
	public static List<String> reply(GenerationRequest request) {
		String reply = "Hello! I am the demo model of the embedded ollama-ws gateway, so I cannot really think about \""
				+ quoted(request.prompt()) + "\". But every word you are reading made the whole trip: from a "
				+ "scripted backend through a WebSocket gateway with challenge-response authentication, into "
				+ "OllamaTemplate, and on to your browser as Server-Sent Events, one token at a time. "
				+ "Start Ollama on this machine and restart the app to chat with your own models, or run it with "
				+ "the remote profile to use a real gateway.";
		return ScriptedModel.echoTokens(reply);
	}

	private static String quoted(String prompt) {
		String oneLine = prompt.strip().replaceAll("\\s+", " ");
		return (oneLine.length() <= QUOTED_PROMPT_LENGTH) ? oneLine
				: oneLine.substring(0, QUOTED_PROMPT_LENGTH).strip() + "…";
	}

}
