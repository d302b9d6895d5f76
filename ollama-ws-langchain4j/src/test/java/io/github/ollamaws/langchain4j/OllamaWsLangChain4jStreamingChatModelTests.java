package io.github.ollamaws.langchain4j;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.listener.ChatModelErrorContext;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.ToolChoice;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.TokenStream;
import io.github.ollamaws.client.OllamaTemplate;
import io.github.ollamaws.core.ConnectionLostException;
import io.github.ollamaws.core.ModelNotFoundException;
import io.github.ollamaws.testserver.GenerationRequest;
import io.github.ollamaws.testserver.OllamaWsTestServer;
import io.github.ollamaws.testserver.ScriptedBackend;
import io.github.ollamaws.testserver.ScriptedModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * {@link OllamaWsLangChain4jStreamingChatModel} through LangChain4j's {@link TokenStream}
 * and handlers, against a real test gateway on loopback.
 */
class OllamaWsLangChain4jStreamingChatModelTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private static OllamaWsTestServer server;

	private static OllamaTemplate template;

	private StreamingChatModel model;

	@BeforeAll
	static void startGateway() {
		server = OllamaWsTestServer.builder()
			.backend(ScriptedBackend.create()
				.model(ScriptedModel.named("llama3").echo())
				.model(ScriptedModel.named("slow").tokenCount(1000).tokenDelay(Duration.ofMillis(20))))
			.start();
		template = TestGateways.template(server);
	}

	@AfterAll
	static void stopGateway() {
		template.close();
		server.close();
	}

	@BeforeEach
	void model() {
		server.clearReceivedFrames();
		this.model = OllamaWsLangChain4jStreamingChatModel.builder(template).build();
	}

	@Test
	void aTokenStreamDeliversTheTokensInOrderThenTheWholeResponse() throws Exception {
		List<String> tokens = new CopyOnWriteArrayList<>();
		CompletableFuture<ChatResponse> complete = new CompletableFuture<>();
		// tag::token-stream[]
		StreamingAssistant assistant = AiServices.create(StreamingAssistant.class, this.model);
		TokenStream stream = assistant.chat("one two three four");
		stream.onPartialResponse(tokens::add)
			.onCompleteResponse(complete::complete)
			.onError(complete::completeExceptionally)
			.start();
		// end::token-stream[]
		ChatResponse response = complete.get(20, TimeUnit.SECONDS);
		assertThat(tokens).containsExactly("one ", "two ", "three ", "four");
		assertThat(response.aiMessage().text()).isEqualTo("one two three four");
		assertThat(response.metadata().finishReason()).isEqualTo(FinishReason.STOP);
		assertThat(response.metadata().modelName()).isEqualTo("llama3");
		assertThat(response.metadata().tokenUsage().outputTokenCount()).isEqualTo(4);
		assertThat(response.metadata().tokenUsage().inputTokenCount()).isNull();
		assertThat(response.metadata().id()).isEqualTo(lastRequest().id());
		assertThat(lastRequest().options()).containsEntry("system", "You are a storyteller.");
	}

	@Test
	void cancellingThroughTheStreamingHandleStopsTheGenerationOnTheGateway() {
		List<String> tokens = new CopyOnWriteArrayList<>();
		AtomicReference<Object> ending = new AtomicReference<>();
		StreamingAssistant assistant = AiServices.builder(StreamingAssistant.class)
			.streamingChatModel(OllamaWsLangChain4jStreamingChatModel.builder(template)
				.defaultRequestParameters(ChatRequestParameters.builder().modelName("slow").build())
				.build())
			.build();
		// tag::cancel[]
		assistant.chat("Tell me a long story").onPartialResponseWithContext((token, context) -> {
			tokens.add(token.text());
			if (tokens.size() == 2) {
				context.streamingHandle().cancel(); // sends stop to the gateway
			}
		}).onCompleteResponse(ending::set).onError(ending::set).start();
		// end::cancel[]
		await().atMost(WAIT).until(() -> server.receivedFrames("stop").size() == 1);
		assertThat(server.receivedFrames("stop").get(0).json().get("requestId").asText()).isEqualTo(lastRequest().id());
		await().atMost(WAIT).until(() -> server.activeGenerations() == 0);
		// As LangChain4j specifies: after cancel(), the handler hears nothing more.
		await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> ending.get() == null && tokens.size() == 2);
	}

	@Test
	void aModelThatDoesNotExistReachesOnErrorAsTheTypedException() throws Exception {
		CompletableFuture<ChatResponse> complete = new CompletableFuture<>();
		List<Throwable> heardByListener = new CopyOnWriteArrayList<>();
		StreamingChatModel listened = OllamaWsLangChain4jStreamingChatModel.builder(template)
			.listeners(List.of(new ChatModelListener() {

				@Override
				public void onError(ChatModelErrorContext context) {
					heardByListener.add(context.error());
				}

			}))
			.build();
		listened.chat(ChatRequest.builder()
			.messages(UserMessage.from("Hi"))
			.parameters(ChatRequestParameters.builder().modelName("no-such-model").build())
			.build(), handler(complete));
		assertThat(complete).failsWithin(WAIT)
			.withThrowableThat()
			.havingCause()
			.isInstanceOf(ModelNotFoundException.class);
		assertThat(heardByListener).singleElement().isInstanceOf(ModelNotFoundException.class);
	}

	@Test
	void aConnectionDroppedMidStreamReachesOnErrorAsTheTypedException() {
		List<String> tokens = new CopyOnWriteArrayList<>();
		CompletableFuture<ChatResponse> complete = new CompletableFuture<>();
		StreamingAssistant assistant = AiServices.create(StreamingAssistant.class,
				OllamaWsLangChain4jStreamingChatModel.builder(template)
					.defaultRequestParameters(ChatRequestParameters.builder().modelName("slow").build())
					.build());
		assistant.chat("Tell me a long story")
			.onPartialResponse(tokens::add)
			.onCompleteResponse(complete::complete)
			.onError(complete::completeExceptionally)
			.start();
		await().atMost(WAIT).until(() -> tokens.size() >= 2);
		server.faults().dropAllConnections();
		assertThat(complete).failsWithin(WAIT)
			.withThrowableThat()
			.havingCause()
			.isInstanceOf(ConnectionLostException.class);
	}

	@Test
	void listenersHearTheCompleteResponse() throws Exception {
		CompletableFuture<ChatResponse> complete = new CompletableFuture<>();
		List<String> heard = new CopyOnWriteArrayList<>();
		OllamaWsLangChain4jStreamingChatModel.builder(template).listeners(List.of(new ChatModelListener() {

			@Override
			public void onResponse(ChatModelResponseContext context) {
				heard.add(context.chatResponse().aiMessage().text());
			}

		})).build().chat("Hello listener", handler(complete));
		assertThat(complete.get(20, TimeUnit.SECONDS).aiMessage().text()).isEqualTo("Hello listener");
		assertThat(heard).containsExactly("Hello listener");
	}

	@Test
	void whatTheGatewayCannotCarryIsRefusedAtOnceAndNothingIsSent() {
		CompletableFuture<ChatResponse> complete = new CompletableFuture<>();
		ChatRequest toolsRequired = ChatRequest.builder()
			.messages(UserMessage.from("Weather?"))
			.parameters(ChatRequestParameters.builder()
				.toolSpecifications(ToolSpecification.builder().name("weather").build())
				.toolChoice(ToolChoice.REQUIRED)
				.build())
			.build();
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> this.model.chat(toolsRequired, handler(complete)))
			.withMessageContaining("ToolChoice.REQUIRED is not supported");
		assertThat(server.receivedFrames("generate")).isEmpty();
	}

	private static StreamingChatResponseHandler handler(CompletableFuture<ChatResponse> complete) {
		return new StreamingChatResponseHandler() {

			@Override
			public void onCompleteResponse(ChatResponse response) {
				complete.complete(response);
			}

			@Override
			public void onError(Throwable error) {
				complete.completeExceptionally(error);
			}

		};
	}

	private static GenerationRequest lastRequest() {
		return TestGateways.lastRequest(server);
	}

	interface StreamingAssistant {

		@SystemMessage("You are a storyteller.")
		TokenStream chat(String message);

	}

}
