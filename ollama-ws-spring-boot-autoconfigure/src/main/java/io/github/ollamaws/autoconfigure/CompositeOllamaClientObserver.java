package io.github.ollamaws.autoconfigure;

import java.time.Duration;
import java.util.List;

import io.github.ollamaws.core.GenerationResult;
import io.github.ollamaws.core.OllamaClientObserver;
import org.jspecify.annotations.Nullable;

/**
 * Tells several {@link OllamaClientObserver}s (for example one for metrics and one for
 * tracing) what a template does, in order.
 */
final class CompositeOllamaClientObserver implements OllamaClientObserver {

	private final List<OllamaClientObserver> observers;

	private CompositeOllamaClientObserver(List<OllamaClientObserver> observers) {
		this.observers = observers;
	}

	/**
	 * One observer that tells all of {@code observers}.
	 * @param observers the observers, in order
	 * @return {@link OllamaClientObserver#NOOP} for none, the observer itself for one,
	 * else a composite
	 */
	static OllamaClientObserver of(List<OllamaClientObserver> observers) {
		if (observers.isEmpty()) {
			return OllamaClientObserver.NOOP;
		}
		return (observers.size() == 1) ? observers.get(0) : new CompositeOllamaClientObserver(List.copyOf(observers));
	}

	@Override
	public GenerationObservation generationStarted(GenerationContext context) {
		List<GenerationObservation> observations = this.observers.stream()
			.map((observer) -> observer.generationStarted(context))
			.toList();
		return new CompositeGenerationObservation(observations);
	}

	@Override
	public void pingCompleted(Duration roundTrip) {
		this.observers.forEach((observer) -> observer.pingCompleted(roundTrip));
	}

	@Override
	public void slotAcquired(Duration waited) {
		this.observers.forEach((observer) -> observer.slotAcquired(waited));
	}

	private record CompositeGenerationObservation(
			List<GenerationObservation> observations) implements GenerationObservation {

		@Override
		public void started(@Nullable String responseModel) {
			this.observations.forEach((observation) -> observation.started(responseModel));
		}

		@Override
		public void firstToken(Duration timeToFirstToken) {
			this.observations.forEach((observation) -> observation.firstToken(timeToFirstToken));
		}

		@Override
		public void completed(GenerationResult result) {
			this.observations.forEach((observation) -> observation.completed(result));
		}

		@Override
		public void failed(Throwable error, int tokensReceived) {
			this.observations.forEach((observation) -> observation.failed(error, tokensReceived));
		}

	}

}
