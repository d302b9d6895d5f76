package io.github.ollamaws.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.ollamaws.core.FinishReason;
import io.github.ollamaws.core.GenerationResult;
import io.github.ollamaws.core.OllamaClientObserver;
import io.github.ollamaws.core.OllamaClientObserver.GenerationContext;
import io.github.ollamaws.core.OllamaClientObserver.GenerationObservation;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CompositeOllamaClientObserver}: every observer bean of the application
 * hears every callback, in bean order.
 */
class CompositeOllamaClientObserverTests {

	private static final GenerationContext CONTEXT = new GenerationContext("gen-1", "llama3",
			URI.create("ws://127.0.0.1:1/ws"));

	@Test
	void noObserverIsTheNoOpAndOneIsItself() {
		assertThat(CompositeOllamaClientObserver.of(List.of())).isSameAs(OllamaClientObserver.NOOP);
		Recording only = new Recording("only", new ArrayList<>());
		assertThat(CompositeOllamaClientObserver.of(List.of(only))).isSameAs(only);
	}

	@Test
	void everyCallbackReachesEveryObserverInOrder() {
		List<String> heard = new ArrayList<>();
		List<OllamaClientObserver> observers = new ArrayList<>(
				List.of(new Recording("a", heard), new Recording("b", heard)));
		OllamaClientObserver composite = CompositeOllamaClientObserver.of(observers);
		// The composite keeps its own copy: a later change to the list does not reach it.
		observers.clear();
		GenerationResult result = new GenerationResult("gen-1", "llama3", "hi", 2, Duration.ofMillis(9),
				Duration.ofMillis(3), FinishReason.COMPLETED);
		IllegalStateException failure = new IllegalStateException("boom");

		composite.pingCompleted(Duration.ofMillis(7));
		composite.slotAcquired(Duration.ofMillis(8));
		GenerationObservation observation = composite.generationStarted(CONTEXT);
		observation.started("llama3:8b");
		observation.firstToken(Duration.ofMillis(3));
		observation.completed(result);
		observation.failed(failure, 4);

		assertThat(heard).containsExactly("a ping PT0.007S", "b ping PT0.007S", "a slot PT0.008S", "b slot PT0.008S",
				"a generation gen-1", "b generation gen-1", "a started llama3:8b", "b started llama3:8b",
				"a first PT0.003S", "b first PT0.003S", "a completed hi", "b completed hi", "a failed boom 4",
				"b failed boom 4");
	}

	private record Recording(String name, List<String> heard) implements OllamaClientObserver {

		@Override
		public GenerationObservation generationStarted(GenerationContext context) {
			this.heard.add(this.name + " generation " + context.id());
			return new GenerationObservation() {

				@Override
				public void started(@Nullable String responseModel) {
					Recording.this.heard.add(Recording.this.name + " started " + responseModel);
				}

				@Override
				public void firstToken(Duration timeToFirstToken) {
					Recording.this.heard.add(Recording.this.name + " first " + timeToFirstToken);
				}

				@Override
				public void completed(GenerationResult result) {
					Recording.this.heard.add(Recording.this.name + " completed " + result.text());
				}

				@Override
				public void failed(Throwable error, int tokensReceived) {
					Recording.this.heard
						.add(Recording.this.name + " failed " + error.getMessage() + " " + tokensReceived);
				}

			};
		}

		@Override
		public void pingCompleted(Duration roundTrip) {
			this.heard.add(this.name + " ping " + roundTrip);
		}

		@Override
		public void slotAcquired(Duration waited) {
			this.heard.add(this.name + " slot " + waited);
		}

	}

}
