package io.github.ollamaws.reactive;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.ollamaws.client.OllamaTemplate;
import io.github.ollamaws.core.FinishReason;
import io.github.ollamaws.core.GenerateRequest;
import io.github.ollamaws.core.GenerationResult;
import io.github.ollamaws.core.ModelInfo;
import io.github.ollamaws.core.ModelNotFoundException;
import io.github.ollamaws.core.SlowSubscriberException;
import io.github.ollamaws.testserver.OllamaWsTestServer;
import io.github.ollamaws.testserver.ScriptedBackend;
import io.github.ollamaws.testserver.ScriptedModel;
import io.github.ollamaws.testsupport.LiveGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * {@link ReactiveOllamaTemplate} over a real template and a real test gateway on
 * loopback.
 */
class ReactiveOllamaTemplateTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private LiveGateway gateway;

	private OllamaTemplate template;

	private ReactiveOllamaTemplate reactive;

	@BeforeEach
	void start() {
		this.gateway = LiveGateway.start(OllamaWsTestServer.builder()
			.backend(ScriptedBackend.withDefaultModels()
				.model(ScriptedModel.named("slow").tokenCount(1000).tokenDelay(Duration.ofMillis(20)))
				.model(ScriptedModel.named("many").tokenCount(5000))
				.model("json", "{\"name\":", "\"Ada\"}")));
		// One connection: every request below shares it.
		this.template = this.gateway.template((builder) -> builder.pool((pool) -> pool.size(1)));
		this.reactive = new ReactiveOllamaTemplate(this.template);
	}

	@AfterEach
	void stop() {
		this.gateway.close();
	}

	@Test
	void streamsTheTokensOffTheIoThread() {
		Set<String> threads = ConcurrentHashMap.newKeySet();
		List<String> tokens = this.reactive.streamTokens(GenerateRequest.of("Hi"))
			.doOnNext((token) -> threads.add(Thread.currentThread().getName()))
			.collectList()
			.block(WAIT);
		assertThat(tokens).isEqualTo(ScriptedBackend.DEFAULT_TOKENS);
		assertThat(threads).isNotEmpty().allMatch((name) -> name.startsWith("boundedElastic-"));
	}

	@Test
	void streamsChunksEndingWithTheResult() {
		StepVerifier.create(this.reactive.stream(GenerateRequest.of("Hi")))
			.recordWith(ArrayList::new)
			.expectNextCount(ScriptedBackend.DEFAULT_TOKENS.size())
			.consumeRecordedWith((chunks) -> {
				assertThat(chunks).extracting((chunk) -> chunk.token())
					.containsExactlyElementsOf(ScriptedBackend.DEFAULT_TOKENS);
				assertThat(chunks).noneMatch(GenerationChunk::isLast);
				assertThat(chunks).allMatch((chunk) -> chunk.result() == null);
			})
			.assertNext((last) -> {
				assertThat(last.isLast()).isTrue();
				assertThat(last.token()).isNull();
				assertThat(last.result().text()).isEqualTo(String.join("", ScriptedBackend.DEFAULT_TOKENS));
				assertThat(last.result().finishReason()).isEqualTo(FinishReason.COMPLETED);
			})
			.expectComplete()
			.verify(WAIT);
	}

	@Test
	void nothingIsSentUntilSubscribed() {
		Flux<String> tokens = this.reactive.streamTokens(GenerateRequest.builder("Hi").model("slow").build());
		assertThat(this.gateway.server().receivedFrames("generate")).isEmpty();
		assertThat(tokens.take(2).collectList().block(WAIT)).hasSize(2);
		assertThat(this.gateway.server().receivedFrames("generate")).hasSize(1);
	}

	@Test
	void cancellingTheSubscriptionStopsTheGenerationOnTheGateway() {
		List<String> first = this.reactive.streamTokens(GenerateRequest.builder("Hi").model("slow").build())
			.take(3)
			.collectList()
			.block(WAIT);
		assertThat(first).hasSize(3);
		await().atMost(WAIT).until(() -> this.gateway.server().receivedFrames("stop").size() == 1);
		String generationId = this.gateway.server().receivedFrames("generate").get(0).json().get("id").asText();
		assertThat(this.gateway.server().receivedFrames("stop").get(0).json().get("requestId").asText())
			.isEqualTo(generationId);
		await().atMost(WAIT).until(() -> this.gateway.server().activeGenerations() == 0);
	}

	@Test
	void disposingAGenerateMonoStopsTheGeneration() {
		Disposable subscription = this.reactive.generate(GenerateRequest.builder("Hi").model("slow").build())
			.subscribe();
		await().atMost(WAIT).until(() -> this.gateway.server().activeGenerations() == 1);
		subscription.dispose();
		await().atMost(WAIT).until(() -> this.gateway.server().receivedFrames("stop").size() == 1);
		await().atMost(WAIT).until(() -> this.gateway.server().activeGenerations() == 0);
	}

	@Test
	void failuresAreTheClientsTypedExceptions() {
		StepVerifier.create(this.reactive.streamTokens(GenerateRequest.builder("Hi").model("nope").build()))
			.expectError(ModelNotFoundException.class)
			.verify(WAIT);
		StepVerifier.create(this.reactive.generate(GenerateRequest.builder("Hi").model("nope").build()))
			.expectError(ModelNotFoundException.class)
			.verify(WAIT);
	}

	@Test
	void theBufferForASlowSubscriberIsAtLeastOneToken() {
		assertThat(new ReactiveOllamaTemplate(this.template, this.reactive.getScheduler(), 1).getMaxBufferedTokens())
			.isOne();
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ReactiveOllamaTemplate(this.template, this.reactive.getScheduler(), 0))
			.withMessage("maxBufferedTokens must be at least 1");
	}

	@Test
	void aSlowSubscriberGetsAClearErrorAndItsGenerationIsStoppedWithoutStallingTheConnection() throws Exception {
		ReactiveOllamaTemplate smallBuffer = new ReactiveOllamaTemplate(this.template, this.reactive.getScheduler(),
				16);
		CountDownLatch release = new CountDownLatch(1);
		CompletableFuture<Throwable> outcome = new CompletableFuture<>();
		smallBuffer.streamTokens(GenerateRequest.builder("Hi").model("many").build()).subscribe(new BaseSubscriber<>() {

			@Override
			protected void hookOnSubscribe(Subscription subscription) {
				request(Long.MAX_VALUE);
			}

			@Override
			protected void hookOnNext(String token) {
				// Blocks its scheduler thread, never the connection's I/O thread.
				awaitQuietly(release);
			}

			@Override
			protected void hookOnError(Throwable error) {
				outcome.complete(error);
			}

			@Override
			protected void hookOnComplete() {
				outcome.complete(null);
			}

		});
		// The subscriber is stuck: its generation is stopped on the gateway...
		await().atMost(WAIT).until(() -> this.gateway.server().receivedFrames("stop").size() == 1);
		// ...and the one connection goes on serving other requests meanwhile.
		GenerationResult other = this.template.generate("Hi again");
		assertThat(other.text()).isEqualTo(String.join("", ScriptedBackend.DEFAULT_TOKENS));
		release.countDown();
		assertThat(outcome.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isInstanceOf(SlowSubscriberException.class)
			.hasMessageContaining("16 tokens behind");
	}

	@Test
	void generatesWholeRepliesStructuredOutputModelsAndPings() {
		GenerationResult result = this.reactive.generate(GenerateRequest.of("Hi")).block(WAIT);
		assertThat(result.text()).isEqualTo(String.join("", ScriptedBackend.DEFAULT_TOKENS));
		Person person = this.reactive.generate(GenerateRequest.builder("Who?").model("json").build(), Person.class)
			.block(WAIT);
		assertThat(person).isEqualTo(new Person("Ada"));
		List<ModelInfo> models = this.reactive.listModels().block(WAIT);
		assertThat(models).extracting(ModelInfo::name).containsExactly("json", "llama2", "many", "slow");
		assertThat(this.reactive.ping().block(WAIT)).isPositive();
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(WAIT.toSeconds(), TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	record Person(String name) {
	}

}
