package io.github.ollamaws.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * The names and key values of a generation's observation. Define a bean of this type to
 * replace {@link DefaultGenerationObservationConvention} (extending it is the easy way to
 * add or change one key).
 */
public interface GenerationObservationConvention extends ObservationConvention<GenerationObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof GenerationObservationContext;
	}

}
