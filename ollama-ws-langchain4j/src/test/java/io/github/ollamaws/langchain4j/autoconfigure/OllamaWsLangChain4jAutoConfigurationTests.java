package io.github.ollamaws.langchain4j.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelRequestContext;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.service.AiServices;
import io.github.ollamaws.autoconfigure.OllamaWsAutoConfiguration;
import io.github.ollamaws.chat.ConversationRenderer;
import io.github.ollamaws.langchain4j.OllamaWsChatRequestParameters;
import io.github.ollamaws.langchain4j.OllamaWsLangChain4jChatModel;
import io.github.ollamaws.langchain4j.OllamaWsLangChain4jStreamingChatModel;
import io.github.ollamaws.testserver.OllamaWsTestServer;
import io.github.ollamaws.testserver.ScriptedBackend;
import io.github.ollamaws.testserver.ScriptedModel;
import io.github.ollamaws.testserver.TestClient;
import io.github.ollamaws.testserver.TestKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link OllamaWsLangChain4jAutoConfiguration}.
 */
class OllamaWsLangChain4jAutoConfigurationTests {

	private static OllamaWsTestServer server;

	private static TestClient client;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(OllamaWsAutoConfiguration.class, OllamaWsLangChain4jAutoConfiguration.class))
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
	void aChatModelAndAStreamingChatModelThatWork() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(ChatModel.class)
				.hasBean("ollamaWsLangChain4jChatModel")
				.hasSingleBean(StreamingChatModel.class)
				.hasBean("ollamaWsLangChain4jStreamingChatModel");
			assertThat(context.getBean(ChatModel.class)).isInstanceOf(OllamaWsLangChain4jChatModel.class);
			assertThat(context.getBean(StreamingChatModel.class))
				.isInstanceOf(OllamaWsLangChain4jStreamingChatModel.class);
			assertThat(AiServices.create(Echo.class, context.getBean(ChatModel.class)).say("Hello gateway"))
				.isEqualTo("Hello gateway");
			CompletableFuture<ChatResponse> streamed = new CompletableFuture<>();
			context.getBean(StreamingChatModel.class).chat("Hello stream", new StreamingChatResponseHandler() {

				@Override
				public void onCompleteResponse(ChatResponse response) {
					streamed.complete(response);
				}

				@Override
				public void onError(Throwable error) {
					streamed.completeExceptionally(error);
				}

			});
			assertThat(streamed.get().aiMessage().text()).isEqualTo("Hello stream");
		});
	}

	@Test
	void backsOffWhenTheApplicationDefinesItsOwnModels() {
		this.contextRunner.withBean("ownChatModel", ChatModel.class, OwnChatModel::new)
			.withBean("ownStreamingChatModel", StreamingChatModel.class, OwnStreamingChatModel::new)
			.run((context) -> assertThat(context).hasSingleBean(ChatModel.class)
				.hasBean("ownChatModel")
				.hasSingleBean(StreamingChatModel.class)
				.hasBean("ownStreamingChatModel")
				.doesNotHaveBean(OllamaWsLangChain4jChatModel.class)
				.doesNotHaveBean(OllamaWsLangChain4jStreamingChatModel.class));
	}

	@Test
	void eachModelBacksOffOnItsOwn() {
		this.contextRunner.withBean("ownChatModel", ChatModel.class, OwnChatModel::new)
			.run((context) -> assertThat(context).hasBean("ownChatModel")
				.doesNotHaveBean(OllamaWsLangChain4jChatModel.class)
				.hasSingleBean(OllamaWsLangChain4jStreamingChatModel.class));
	}

	@Test
	void disabledByProperty() {
		this.contextRunner.withPropertyValues("ollama.ws.langchain4j.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(ChatModel.class)
				.doesNotHaveBean(StreamingChatModel.class));
	}

	@Test
	void theRoundLimitOfToolCallsIsAProperty() {
		this.contextRunner.run((context) -> assertThat(
				context.getBean(OllamaWsLangChain4jChatModel.class).defaultRequestParameters().maxToolRounds())
			.isEqualTo(OllamaWsChatRequestParameters.DEFAULT_MAX_TOOL_ROUNDS));
		this.contextRunner.withPropertyValues("ollama.ws.langchain4j.max-tool-rounds=2").run((context) -> {
			assertThat(context.getBean(OllamaWsLangChain4jChatModel.class).defaultRequestParameters().maxToolRounds())
				.isEqualTo(2);
			assertThat(context.getBean(OllamaWsLangChain4jStreamingChatModel.class)
				.defaultRequestParameters()
				.maxToolRounds()).isEqualTo(2);
		});
		this.contextRunner.withPropertyValues("ollama.ws.langchain4j.max-tool-rounds=-1")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("ollama.ws.langchain4j.max-tool-rounds"));
	}

	@Test
	void nothingWithoutLangChain4j() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(ChatModel.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean("ollamaWsLangChain4jChatModel")
				.doesNotHaveBean("ollamaWsLangChain4jStreamingChatModel"));
	}

	@Test
	void nothingWithoutTheGatewayClient() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(OllamaWsLangChain4jAutoConfiguration.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ChatModel.class));
	}

	@Test
	void theApplicationsListenersAndRendererAreUsed() {
		List<ChatRequest> heard = new CopyOnWriteArrayList<>();
		this.contextRunner.withBean(ChatModelListener.class, () -> new ChatModelListener() {

			@Override
			public void onRequest(ChatModelRequestContext context) {
				heard.add(context.chatRequest());
			}

		}).withBean(ConversationRenderer.class, () -> (conversation) -> "rendered by the app").run((context) -> {
			assertThat(context.getBean(ChatModel.class).chat("ignored")).isEqualTo("rendered by the app");
			assertThat(heard).hasSize(1);
			assertThat(context.getBean(OllamaWsLangChain4jStreamingChatModel.class).listeners()).hasSize(1);
		});
	}

	@Test
	void theAutoConfigurationIsListedInTheImportsFile() throws IOException {
		try (InputStream imports = getClass()
			.getResourceAsStream("/META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports")) {
			assertThat(imports).isNotNull();
			assertThat(new String(imports.readAllBytes(), StandardCharsets.UTF_8).lines())
				.contains(OllamaWsLangChain4jAutoConfiguration.class.getName());
		}
	}

	interface Echo {

		String say(String text);

	}

	static final class OwnChatModel implements ChatModel {

	}

	static final class OwnStreamingChatModel implements StreamingChatModel {

	}

}
