package io.github.ollamaws.observation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.MeterObservationHandler;
import io.micrometer.observation.Observation;

/**
 * Records the OpenTelemetry GenAI client meters from each generation's observation,
 * tagged with the observation's low-cardinality key values only:
 * <ul>
 * <li>{@value #OPERATION_DURATION}: a timer of each generation, from request to last
 * frame;</li>
 * <li>{@value #TOKEN_USAGE}: a counter of the tokens generations produced, shaped exactly
 * as Spring AI's meter of the same name (same type, no base unit, the same tag keys:
 * {@code gen_ai.token.type=output}, {@code gen_ai.operation.name}, {@code gen_ai.system},
 * {@code gen_ai.request.model}, {@code gen_ai.response.model}), so that an application
 * with Spring AI's models beside this client has one consistent meter (Prometheus allows
 * no two shapes under one name);</li>
 * <li>{@value #TIME_TO_FIRST_CHUNK}: a timer from sending the request to the first token,
 * for the generations that received one.</li>
 * </ul>
 *
 * <p>
 * Micrometer's {@code DefaultMeterObservationHandler} would name its timer after the
 * observation ({@code gen_ai.client.operation}, plus a long task timer
 * {@code gen_ai.client.operation.active}). Spring Boot registers meter handlers as a
 * "first matching" group in bean order, so this handler, ordered first, takes generations
 * and the default handler keeps every other observation. Without Spring Boot, register it
 * the same way:
 *
 * <pre>{@code
 * observationRegistry.observationConfig().observationHandler(new FirstMatchingCompositeObservationHandler(
 *         new GenerationMeterObservationHandler(meterRegistry), new DefaultMeterObservationHandler(meterRegistry)));
 * }</pre>
 */
public class GenerationMeterObservationHandler implements MeterObservationHandler<GenerationObservationContext> {

	/** The name of the generation timer. */
	public static final String OPERATION_DURATION = "gen_ai.client.operation.duration";

	/** The name of the token usage counter. */
	public static final String TOKEN_USAGE = "gen_ai.client.token.usage";

	/** The name of the time-to-first-token timer. */
	public static final String TIME_TO_FIRST_CHUNK = "gen_ai.client.operation.time_to_first_chunk";

	/** The tag that says which tokens {@value #TOKEN_USAGE} counts. */
	public static final String TOKEN_TYPE_TAG = "gen_ai.token.type";

	/** Spring AI's key for the provider, on {@value #TOKEN_USAGE}. */
	public static final String SYSTEM_TAG = "gen_ai.system";

	/**
	 * Spring AI's description of {@value #TOKEN_USAGE}: the first registration's
	 * description is kept.
	 */
	private static final String TOKEN_USAGE_DESCRIPTION = "Measures number of input and output tokens used";

	/**
	 * The observation's keys that {@value #TOKEN_USAGE} carries, and under which tag
	 * keys.
	 */
	private static final List<Map.Entry<String, String>> TOKEN_USAGE_KEYS = List.of(
			Map.entry("gen_ai.operation.name", "gen_ai.operation.name"), Map.entry("gen_ai.provider.name", SYSTEM_TAG),
			Map.entry("gen_ai.request.model", "gen_ai.request.model"),
			Map.entry("gen_ai.response.model", "gen_ai.response.model"));

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
			Counter.builder(TOKEN_USAGE)
				.description(TOKEN_USAGE_DESCRIPTION)
				.tags(tokenUsageTags(context))
				.tag(TOKEN_TYPE_TAG, "output")
				.register(this.meterRegistry)
				.increment(context.getOutputTokens());
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

	private static List<Tag> tokenUsageTags(GenerationObservationContext context) {
		List<Tag> tags = new ArrayList<>(TOKEN_USAGE_KEYS.size());
		for (Map.Entry<String, String> key : TOKEN_USAGE_KEYS) {
			KeyValue keyValue = context.getLowCardinalityKeyValue(key.getKey());
			tags.add(Tag.of(key.getValue(), (keyValue != null) ? keyValue.getValue() : "none"));
		}
		return tags;
	}

	private static List<Tag> tags(GenerationObservationContext context) {
		List<Tag> tags = new ArrayList<>();
		for (KeyValue keyValue : context.getLowCardinalityKeyValues()) {
			tags.add(Tag.of(keyValue.getKey(), keyValue.getValue()));
		}
		return tags;
	}

}
