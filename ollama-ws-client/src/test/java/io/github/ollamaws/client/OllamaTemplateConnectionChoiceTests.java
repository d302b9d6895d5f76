package io.github.ollamaws.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.github.ollamaws.core.GenerateRequest;
import io.github.ollamaws.core.Generation;
import io.github.ollamaws.testserver.ReceivedFrame;
import io.github.ollamaws.testserver.ScriptedBackend;
import io.github.ollamaws.testserver.ScriptedModel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Which pooled connection carries a request, counted from the frames the gateway
 * received: the least loaded, so that requests spread evenly, and a connection whose
 * requests ended takes the next ones.
 */
class OllamaTemplateConnectionChoiceTests extends GatewayTestSupport {

	@Test
	void requestsGoToTheLeastLoadedConnection() {
		startServer(ScriptedBackend.withDefaultModels().model(ScriptedModel.named("silent").neverAnswers()));
		OllamaTemplate template = template((builder) -> builder.pool((pool) -> pool.size(3).eagerWarmUp(true)));
		template.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> template.poolStatus().authenticated() == 3);
		List<Generation> generations = new ArrayList<>();
		for (int i = 0; i < 30; i++) {
			generations.add(stream(template));
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> this.server.activeGenerations() == 30);
		assertThat(generatesPerConnection().values()).containsExactly(10L, 10L, 10L);
		// Free four slots on one connection: the next four requests all go there, none
		// elsewhere.
		String emptied = this.server.receivedFrames("generate").get(0).connectionId();
		List<String> onEmptied = this.server.receivedFrames("generate")
			.stream()
			.filter((frame) -> frame.connectionId().equals(emptied))
			.map((frame) -> frame.json().get("id").asText())
			.limit(4)
			.toList();
		generations.stream().filter((generation) -> onEmptied.contains(generation.id())).forEach(Generation::cancel);
		await().atMost(Duration.ofSeconds(10)).until(() -> template.poolStatus().inFlight() == 26);
		for (int i = 0; i < 4; i++) {
			generations.add(stream(template));
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> this.server.receivedFrames("generate").size() == 34);
		assertThat(this.server.receivedFrames("generate").subList(30, 34)).extracting(ReceivedFrame::connectionId)
			.containsOnly(emptied);
		assertThat(generatesPerConnection()).containsEntry(emptied, 14L);
		generations.forEach(Generation::cancel);
	}

	private static Generation stream(OllamaTemplate template) {
		return template.stream(GenerateRequest.builder("x").model("silent").build(), (token) -> {
		});
	}

	private Map<String, Long> generatesPerConnection() {
		return this.server.receivedFrames("generate")
			.stream()
			.collect(Collectors.groupingBy(ReceivedFrame::connectionId, Collectors.counting()));
	}

}
