package io.github.ollamaws.observation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.MeterObservationHandler;
import io.micrometer.observation.Observation;

/**
 * Records the OpenTelemetry GenAI client meters from each generation's observation, tagged with the
 * observation's low-cardinality key values only:
 * <ul>
 * <li>{@value #OPERATION_DURATION}: a timer of each generation, from request to last frame;</li>
 * <li>{@value #TOKEN_USAGE}: a distribution summary of the tokens each generation produced, tagged
 * {@code gen_ai.token.type=output};</li>
 * <li>{@value #TIME_TO_FIRST_CHUNK}: a timer from sending the request to the first token, for the
 * generations that received one.</li>
 * </ul>
 *
 * <p>Micrometer's {@code DefaultMeterObservationHandler} would name its timer after the observation
 * ({@code gen_ai.client.operation}, plus a long task timer {@code gen_ai.client.operation.active}). Spring
 * Boot registers meter handlers as a "first matching" group in bean order, so this handler, ordered first,
 * takes generations and the default handler keeps every other observation. Without Spring Boot, register
 * it the same way:
 *
 * <pre>{@code
 * observationRegistry.observationConfig().observationHandler(new FirstMatchingCompositeObservationHandler(
 *         new GenerationMeterObservationHandler(meterRegistry), new DefaultMeterObservationHandler(meterRegistry)));
 * }</pre>
 */
public class GenerationMeterObservationHandler implements MeterObservationHandler<GenerationObservationContext> {

	/** The name of the generation timer. */
	public static final String OPERATION_DURATION = "gen_ai.client.operation.duration";

	/** The name of the token usage summary. */
	public static final String TOKEN_USAGE = "gen_ai.client.token.usage";

	/** The name of the time-to-first-token timer. */
	public static final String TIME_TO_FIRST_CHUNK = "gen_ai.client.operation.time_to_first_chunk";

	/** The tag that says which tokens {@value #TOKEN_USAGE} counts. */
	public static final String TOKEN_TYPE_TAG = "gen_ai.token.type";

	private final MeterRegistry meterRegistry;

	/**
	 * Creates a handler that records into {@code meterRegistry}.
	 * @param meterRegistry the registry
	 */
	public GenerationMeterObservationHandler(MeterRegistry meterRegistry) {
		this.meterRegistry = meterRegistry;
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof GenerationObservationContext;
	}

	@Override
	public void onStart(GenerationObservationContext context) {
		context.put(Timer.Sample.class, Timer.start(this.meterRegistry));
	}

	@Override
	public void onStop(GenerationObservationContext context) {
		List<Tag> tags = tags(context);
		Timer.Sample sample = context.getRequired(Timer.Sample.class);
		sample.stop(Timer.builder(OPERATION_DURATION)
			.description("Duration of generations, from request to last frame")
			.tags(tags)
			.register(this.meterRegistry));
		if (context.getOutputTokens() != null) {
			DistributionSummary.builder(TOKEN_USAGE)
				.description("Tokens generated per generation")
				.baseUnit("tokens")
				.tags(tags)
				.tag(TOKEN_TYPE_TAG, "output")
				.register(this.meterRegistry)
				.record(context.getOutputTokens());
		}
		Duration timeToFirstToken = context.getTimeToFirstToken();
		if (timeToFirstToken != null) {
			Timer.builder(TIME_TO_FIRST_CHUNK)
				.description("Time from sending a generation request to its first token")
				.tags(tags)
				.register(this.meterRegistry)
				.record(timeToFirstToken.toNanos(), TimeUnit.NANOSECONDS);
		}
	}

	private static List<Tag> tags(GenerationObservationContext context) {
		List<Tag> tags = new ArrayList<>();
		for (KeyValue keyValue : context.getLowCardinalityKeyValues()) {
			tags.add(Tag.of(keyValue.getKey(), keyValue.getValue()));
		}
		return tags;
	}

}
