package io.github.ollamaws.springai.autoconfigure;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.ollamaws.autoconfigure.OllamaWsAutoConfiguration;
import io.github.ollamaws.springai.ChatPromptRenderer;
import io.github.ollamaws.springai.OllamaWsChatModel;
import io.github.ollamaws.springai.OllamaWsChatOptions;
import io.github.ollamaws.testserver.OllamaWsTestServer;
import io.github.ollamaws.testserver.ScriptedBackend;
import io.github.ollamaws.testserver.ScriptedModel;
import io.github.ollamaws.testserver.TestClient;
import io.github.ollamaws.testserver.TestKeys;
import io.github.ollamaws.tools.ToolReplyException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.chat.client.autoconfigure.ChatClientAutoConfiguration;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.model.tool.ToolCallingManager;
import org.springframework.ai.model.tool.ToolExecutionResult;
import org.springframework.ai.support.ToolCallbacks;
import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.tool.definition.ToolDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link OllamaWsChatModelAutoConfiguration}.
 */
class OllamaWsChatModelAutoConfigurationTests {

	private static OllamaWsTestServer server;

	private static TestClient client;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OllamaWsAutoConfiguration.class,
				OllamaWsChatModelAutoConfiguration.class, ChatClientAutoConfiguration.class))
		.withPropertyValues(server.springPropertyValues(client))
		.withPropertyValues("ollama.ws.default-model=llama3");

	@BeforeAll
	static void startGateway() {
		server = OllamaWsTestServer.builder()
			.backend(ScriptedBackend.create().model(ScriptedModel.named("llama3").echo()))
			.start();
		client = server.registerNewClient(TestKeys.ec());
	}

	@AfterAll
	static void stopGateway() {
		server.close();
	}

	@Test
	void chatModelAndAWorkingChatClientBuilder() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(ChatModel.class).hasBean("ollamaWsChatModel");
			assertThat(context.getBean(ChatModel.class)).isInstanceOf(OllamaWsChatModel.class);
			ChatClient chatClient = context.getBean(ChatClient.Builder.class).build();
			assertThat(chatClient.prompt().user("Hello gateway").call().content()).isEqualTo("Hello gateway");
		});
	}

	@Test
	void backsOffWhenTheApplicationHasAnotherChatModel() {
		this.contextRunner.withBean("otherChatModel", ChatModel.class, OtherChatModel::new)
			.run((context) -> assertThat(context).hasSingleBean(ChatModel.class)
				.hasBean("otherChatModel")
				.doesNotHaveBean(OllamaWsChatModel.class));
	}

	@Test
	void enabledExplicitlyItStandsBesideAnotherChatModelToBePickedByName() {
		this.contextRunner.withBean("otherChatModel", ChatModel.class, OtherChatModel::new)
			.withPropertyValues("ollama.ws.chat.enabled=true")
			.run((context) -> {
				assertThat(context.getBeansOfType(ChatModel.class)).containsOnlyKeys("otherChatModel",
						"ollamaWsChatModel");
				ChatModel ours = context.getBean("ollamaWsChatModel", ChatModel.class);
				assertThat(ChatClient.create(ours).prompt().user("By name").call().content()).isEqualTo("By name");
			});
	}

	@Test
	void disabledByProperty() {
		this.contextRunner.withPropertyValues("ollama.ws.chat.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ChatModel.class));
	}

	@Test
	void nothingWithoutSpringAi() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(ChatModel.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean("ollamaWsChatModel"));
	}

	@Test
	void theUsersPromptRendererIsUsed() {
		this.contextRunner.withBean(ChatPromptRenderer.class, () -> (conversation) -> "rendered by the app")
			.run((context) -> {
				ChatClient chatClient = context.getBean(ChatClient.Builder.class).build();
				assertThat(chatClient.prompt().user("ignored").call().content()).isEqualTo("rendered by the app");
			});
	}

	@Test
	void toolsAreResolvedByTheApplicationsToolCallingManager() {
		RecordingToolCallingManager manager = new RecordingToolCallingManager();
		this.contextRunner.withBean(ToolCallingManager.class, () -> manager).run((context) -> {
			OllamaWsChatModel model = context.getBean(OllamaWsChatModel.class);
			// The echo model cannot follow the tool-calling format: its reply is refused.
			assertThatExceptionOfType(ToolReplyException.class).isThrownBy(() -> model.call(new Prompt("hi",
					OllamaWsChatOptions.builder().toolCallbacks(ToolCallbacks.from(new Clock())).build())));
			assertThat(manager.resolved).hasValue(1);
		});
	}

	@Test
	void theRoundLimitComesFromItsProperty() {
		this.contextRunner.run(
				(context) -> assertThat(context.getBean(OllamaWsChatModel.class).getDefaultOptions().getMaxToolRounds())
					.isEqualTo(OllamaWsChatOptions.DEFAULT_MAX_TOOL_ROUNDS));
		this.contextRunner.withPropertyValues("ollama.ws.chat.max-tool-rounds=2")
			.run((context) -> assertThat(
					context.getBean(OllamaWsChatModel.class).getDefaultOptions().getMaxToolRounds())
				.isEqualTo(2));
		this.contextRunner.withPropertyValues("ollama.ws.chat.max-tool-rounds=0")
			.run((context) -> assertThat(
					context.getBean(OllamaWsChatModel.class).getDefaultOptions().getMaxToolRounds())
				.isZero());
		this.contextRunner.withPropertyValues("ollama.ws.chat.max-tool-rounds=-1")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("ollama.ws.chat.max-tool-rounds"));
	}

	static final class Clock {

		@Tool(description = "The time")
		String now() {
			return "noon";
		}

	}

	static final class RecordingToolCallingManager implements ToolCallingManager {

		private final ToolCallingManager delegate = ToolCallingManager.builder().build();

		final AtomicInteger resolved = new AtomicInteger();

		@Override
		public List<ToolDefinition> resolveToolDefinitions(ToolCallingChatOptions options) {
			this.resolved.incrementAndGet();
			return this.delegate.resolveToolDefinitions(options);
		}

		@Override
		public ToolExecutionResult executeToolCalls(Prompt prompt, ChatResponse response) {
			return this.delegate.executeToolCalls(prompt, response);
		}

	}

	static final class OtherChatModel implements ChatModel {

		@Override
		public ChatResponse call(Prompt prompt) {
			throw new UnsupportedOperationException();
		}

		@Override
		public Flux<ChatResponse> stream(Prompt prompt) {
			throw new UnsupportedOperationException();
		}

	}

}
