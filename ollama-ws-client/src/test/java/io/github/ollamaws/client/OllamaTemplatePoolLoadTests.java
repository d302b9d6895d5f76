package io.github.ollamaws.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.github.ollamaws.core.GenerateRequest;
import io.github.ollamaws.core.Generation;
import io.github.ollamaws.core.GenerationResult;
import io.github.ollamaws.core.OllamaClientObserver;
import io.github.ollamaws.testserver.ReceivedFrame;
import io.github.ollamaws.testserver.ScriptedBackend;
import io.github.ollamaws.testserver.ScriptedModel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The pool under load: a thousand streams multiplexed over four connections, spread by
 * load, none waiting for a slot. Kept apart from {@link OllamaTemplatePoolTests} because
 * it is heavy: too slow for the pool's mutation run, where each mutant would pay it.
 */
class OllamaTemplatePoolLoadTests extends GatewayTestSupport {

	@Test
	void thousandStreamsOfTwoHundredTokensOverAPoolOfFour() throws Exception {
		startServer(ScriptedBackend.create().model(ScriptedModel.named("echo").echo()));
		List<Duration> slotWaits = new CopyOnWriteArrayList<>();
		OllamaTemplate template = template((builder) -> builder.pool((pool) -> pool.size(4).eagerWarmUp(true))
			.observer(new OllamaClientObserver() {

				@Override
				public void slotAcquired(Duration waited) {
					slotWaits.add(waited);
				}

			}));
		template.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> template.poolStatus().authenticated() == 4);
		slotWaits.clear();
		List<String> scripts = new ArrayList<>();
		List<Generation> generations = new ArrayList<>();
		List<StringBuilder> received = new ArrayList<>();
		for (int i = 0; i < 1000; i++) {
			StringBuilder prompt = new StringBuilder();
			for (int t = 0; t < 200; t++) {
				prompt.append(i).append('.').append(t).append(' ');
			}
			String script = prompt.toString();
			StringBuilder tokens = new StringBuilder();
			scripts.add(script);
			received.add(tokens);
			generations.add(template.stream(GenerateRequest.builder(script).model("echo").build(), tokens::append));
		}
		for (int i = 0; i < generations.size(); i++) {
			GenerationResult result = generations.get(i).result().get(60, TimeUnit.SECONDS);
			assertThat(result.text()).isEqualTo(scripts.get(i));
			assertThat(result.totalTokens()).isEqualTo(200);
			assertThat(received.get(i).toString()).isEqualTo(scripts.get(i));
		}
		// 1,000 requests fit in 4 x 256 slots: none waited for one.
		assertThat(slotWaits).hasSize(1000).containsOnly(Duration.ZERO);
		// Spread over the pool by load: each connection carried about a quarter
		// (first-fit would give the first
		// three 256 each, the last 232; OllamaTemplateConnectionChoiceTests pins the
		// choice itself).
		Map<String, Long> perConnection = this.server.receivedFrames("generate")
			.stream()
			.collect(Collectors.groupingBy(ReceivedFrame::connectionId, Collectors.counting()));
		assertThat(perConnection).hasSize(4);
		assertThat(perConnection.values()).allSatisfy((count) -> assertThat(count).isBetween(200L, 300L));
	}

}
