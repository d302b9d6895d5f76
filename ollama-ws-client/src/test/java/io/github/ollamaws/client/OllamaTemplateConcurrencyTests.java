package io.github.ollamaws.client;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.github.ollamaws.testserver.ScriptedBackend;
import io.github.ollamaws.testserver.ScriptedModel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many requests multiplexed over one connection: nothing lost, nothing misrouted.
 */
class OllamaTemplateConcurrencyTests extends GatewayTestSupport {

	@Test
	void twoHundredConcurrentGenerationsFromSixteenThreadsOverOneConnection() throws Exception {
		startServer(ScriptedBackend.create().model(ScriptedModel.named("echo").echo()));
		OllamaTemplate template = template((builder) -> builder.pool((pool) -> pool.size(1)));
		ExecutorService threads = Executors.newFixedThreadPool(16);
		try {
			List<Future<Boolean>> outcomes = new ArrayList<>();
			for (int i = 0; i < 200; i++) {
				String prompt = scriptFor(i);
				outcomes.add(threads.submit(() -> template.generate("echo", prompt).text().equals(prompt)));
			}
			for (Future<Boolean> outcome : outcomes) {
				assertThat(outcome.get(60, TimeUnit.SECONDS)).isTrue();
			}
		}
		finally {
			threads.shutdownNow();
		}
		assertThat(this.server.openConnections()).isEqualTo(1);
		assertThat(this.server.receivedFrames("generate")).hasSize(200);
	}

	/** A distinct script of 20 to 60 tokens per request. */
	static String scriptFor(int request) {
		StringBuilder prompt = new StringBuilder();
		int tokens = 20 + (request * 7) % 41;
		for (int t = 0; t < tokens; t++) {
			prompt.append("r").append(request).append('-').append(t).append(' ');
		}
		return prompt.toString();
	}

}
