package io.github.ollamaws.docs.snippets.testing;

import io.github.ollamaws.client.OllamaTemplate;
import io.github.ollamaws.testserver.OllamaWsTestServer;
import io.github.ollamaws.testserver.spring.AutoConfigureOllamaWsTestServer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

// The snippet spring-boot-test of docs/testing.md.
// tag::spring-boot-test[]
@SpringBootTest
@AutoConfigureOllamaWsTestServer
class AssistantTests {

	// Started for this context, stopped with it.
	@Autowired
	OllamaWsTestServer gateway;

	// Its ollama.ws.url, client-id and private-key point at the gateway.
	@Autowired
	OllamaTemplate ollama;

	@Test
	void greets() {
		this.gateway.scriptedBackend().model("demo", "Hello", " world");
		assertThat(this.ollama.generate("demo", "Hi").text()).isEqualTo("Hello world");
		assertThat(this.gateway.receivedFrames("generate")).hasSize(1);
	}

}
// end::spring-boot-test[]
