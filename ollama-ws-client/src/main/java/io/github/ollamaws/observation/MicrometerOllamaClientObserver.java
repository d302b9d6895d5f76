package io.github.ollamaws.observation;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.ollamaws.core.GenerationResult;
import io.github.ollamaws.core.OllamaClientObserver;
import io.github.ollamaws.observation.GenerationObservationContext.Outcome;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * An {@link OllamaClientObserver} backed by Micrometer: one {@link Observation} named
 * {@code gen_ai.client.operation} per generation (see
 * {@link GenerationObservationDocumentation}; with a tracing bridge the observation is a
 * span, child of the observation current on the thread that started the generation), and
 * the timers {@value #PING} and {@value #POOL_ACQUIRE}.
 *
 * <p>
 * The generation meters ({@code gen_ai.client.operation.duration},
 * {@code gen_ai.client.token.usage}, {@code gen_ai.client.operation.time_to_first_chunk})
 * are recorded from the observation by a {@link GenerationMeterObservationHandler}
 * registered with the observation registry.
 *
 * <pre>{@code
 * OllamaTemplate ollama = OllamaTemplate.builder()
 *     // ...
 *     .observer(new MicrometerOllamaClientObserver(observationRegistry, meterRegistry))
 *     .build();
 * }</pre>
 *
 * <p>
 * Prompts and generated text are never recorded.
 */
public class MicrometerOllamaClientObserver implements OllamaClientObserver {

	/** The name of the ping round-trip timer. */
	public static final String PING = "ollama.ws.ping";

	/** The name of the timer of the wait for a free connection slot. */
	public static final String POOL_ACQUIRE = "ollama.ws.pool.acquire";

	private static final GenerationObservationConvention DEFAULT_CONVENTION = new DefaultGenerationObservationConvention();

	private final ObservationRegistry observationRegistry;

	private final @Nullable Timer pingTimer;

	private final @Nullable Timer acquireTimer;

	private volatile @Nullable GenerationObservationConvention convention;

	/**
	 * Creates an observer.
	 * @param observationRegistry where generations are observed
	 * @param meterRegistry where pings and slot waits are timed, or {@code null} not to
	 * time them
	 */
	public MicrometerOllamaClientObserver(ObservationRegistry observationRegistry,
			@Nullable MeterRegistry meterRegistry) {
		this.observationRegistry = Objects.requireNonNull(observationRegistry, "observationRegistry must not be null");
		this.pingTimer = (meterRegistry != null)
				? Timer.builder(PING).description("Round trip of pings to the gateway").register(meterRegistry) : null;
		this.acquireTimer = (meterRegistry != null) ? Timer.builder(POOL_ACQUIRE)
			.description("Time requests waited for a free connection slot")
			.register(meterRegistry) : null;
	}

	/**
	 * Sets the convention that names the observations and their key values, replacing the
	 * {@link DefaultGenerationObservationConvention}.
	 * @param convention the convention, or {@code null} for the default
	 */
	public void setObservationConvention(@Nullable GenerationObservationConvention convention) {
		this.convention = convention;
	}

	@Override
	public GenerationObservation generationStarted(GenerationContext context) {
		GenerationObservationContext observationContext = new GenerationObservationContext(context.id(),
				context.requestModel(), context.gatewayUrl());
		Observation observation = GenerationObservationDocumentation.GENERATION.start(this.convention,
				DEFAULT_CONVENTION, () -> observationContext, this.observationRegistry);
		return new ObservedGeneration(observation, observationContext);
	}

	@Override
	public void pingCompleted(Duration roundTrip) {
		if (this.pingTimer != null) {
			this.pingTimer.record(roundTrip);
		}
	}

	@Override
	public void slotAcquired(Duration waited) {
		if (this.acquireTimer != null) {
			this.acquireTimer.record(waited);
		}
	}

	/**
	 * The observation of one generation, stopped once, by whichever of completed and
	 * failed comes first.
	 */
	private static final class ObservedGeneration implements GenerationObservation {

		private final Observation observation;

		private final GenerationObservationContext context;

		private final AtomicBoolean ended = new AtomicBoolean();

		ObservedGeneration(Observation observation, GenerationObservationContext context) {
			this.observation = observation;
			this.context = context;
		}

		@Override
		public void started(@Nullable String responseModel) {
			this.context.setResponseModel(responseModel);
		}

		@Override
		public void firstToken(Duration timeToFirstToken) {
			this.context.setTimeToFirstToken(timeToFirstToken);
			this.observation.event(GenerationObservationDocumentation.Events.FIRST_TOKEN);
		}

		@Override
		public void completed(GenerationResult result) {
			if (this.ended.compareAndSet(false, true)) {
				if (result.model() != null) {
					this.context.setResponseModel(result.model());
				}
				if (this.context.getTimeToFirstToken() == null) {
					this.context.setTimeToFirstToken(result.timeToFirstToken());
				}
				this.context.setOutputTokens(result.totalTokens());
				this.context.setOutcome(result.isCancelled() ? Outcome.CANCELLED : Outcome.SUCCESS);
				this.observation.stop();
			}
		}

		@Override
		public void failed(Throwable error, int tokensReceived) {
			if (this.ended.compareAndSet(false, true)) {
				this.context.setOutputTokens(tokensReceived);
				this.context.setOutcome(Outcome.ERROR);
				this.observation.error(error);
				this.observation.stop();
			}
		}

	}

}
