package io.github.ollamaws.autoconfigure.testserver;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.ollamaws.client.OllamaTemplate;
import io.github.ollamaws.testserver.OllamaWsTestServer;
import io.github.ollamaws.testserver.spring.AutoConfigureOllamaWsTestServer;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.testkit.engine.EngineTestKit;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link AutoConfigureOllamaWsTestServer} under JUnit's parallel execution: two test
 * classes run at the same time, each with a context and a gateway of its own.
 */
class ParallelContextsTests {

	static final Map<String, Integer> portsByClass = new ConcurrentHashMap<>();

	// Both classes wait here until the other is running too: they overlap, or the test
	// fails.
	static final CountDownLatch bothRunning = new CountDownLatch(2);

	@Test
	void eachContextHasItsOwnGatewayWhenTestClassesRunInParallel() {
		EngineTestKit.engine("junit-jupiter")
			.configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
			.configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
			.configurationParameter("junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
			.selectors(DiscoverySelectors.selectClass(First.class), DiscoverySelectors.selectClass(Second.class))
			.execute()
			.testEvents()
			.assertStatistics((stats) -> stats.succeeded(2).failed(0));
		assertThat(portsByClass).containsOnlyKeys("First", "Second");
		assertThat(portsByClass.get("First")).isNotEqualTo(portsByClass.get("Second"));
	}

	static void useTheGateway(String name, OllamaWsTestServer gateway, OllamaTemplate ollama, String model)
			throws InterruptedException {
		bothRunning.countDown();
		assertThat(bothRunning.await(60, TimeUnit.SECONDS)).as("both classes running at once").isTrue();
		portsByClass.put(name, gateway.port());
		gateway.scriptedBackend().model(model, "from ", name);
		assertThat(ollama.generate(model, "Hi").text()).isEqualTo("from " + name);
		assertThat(gateway.receivedFrames("generate")).hasSize(1);
	}

	@SpringBootTest(classes = AutoConfigureOllamaWsTestServerTests.App.class)
	@AutoConfigureOllamaWsTestServer(defaultModel = "first")
	static class First {

		@Autowired
		OllamaWsTestServer gateway;

		@Autowired
		OllamaTemplate ollama;

		@Test
		void generates() throws InterruptedException {
			useTheGateway("First", this.gateway, this.ollama, "first");
		}

	}

	@SpringBootTest(classes = AutoConfigureOllamaWsTestServerTests.App.class)
	@AutoConfigureOllamaWsTestServer(defaultModel = "second")
	static class Second {

		@Autowired
		OllamaWsTestServer gateway;

		@Autowired
		OllamaTemplate ollama;

		@Test
		void generates() throws InterruptedException {
			useTheGateway("Second", this.gateway, this.ollama, "second");
		}

	}

}
