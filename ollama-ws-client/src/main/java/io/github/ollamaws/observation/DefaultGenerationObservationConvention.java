package io.github.ollamaws.observation;

import java.net.URI;

import io.github.ollamaws.observation.GenerationObservationContext.Outcome;
import io.github.ollamaws.observation.GenerationObservationDocumentation.HighCardinalityKeyNames;
import io.github.ollamaws.observation.GenerationObservationDocumentation.LowCardinalityKeyNames;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import org.jspecify.annotations.Nullable;

/**
 * The default {@link GenerationObservationConvention}: the observation
 * {@code gen_ai.client.operation} with the OpenTelemetry GenAI keys.
 *
 * <p>
 * Low cardinality (on the observation and on the meters): {@code gen_ai.operation.name}
 * ({@code text_completion}), {@code gen_ai.provider.name} ({@code ollama}),
 * {@code gen_ai.request.model}, {@code gen_ai.response.model}, {@code error.type},
 * {@code server.address}, {@code server.port} and {@code ollama.ws.outcome}
 * ({@code success}, {@code error} or {@code cancelled}). High cardinality (on the
 * observation and the span only): {@code gen_ai.response.id} (the generation id) and
 * {@code gen_ai.usage.output_tokens}.
 *
 * <p>
 * {@code error.type} is {@code none} when the generation did not fail, where
 * OpenTelemetry leaves the attribute out: a meter keeps the same set of tag keys whatever
 * the outcome, as some registries (such as Prometheus) require and as Spring's own
 * observations do. Override {@link #errorType} to change it.
 */
public class DefaultGenerationObservationConvention implements GenerationObservationConvention {

	/** The observation's name. */
	public static final String NAME = "gen_ai.client.operation";

	/** The value of {@code gen_ai.operation.name}. */
	public static final String OPERATION_NAME = "text_completion";

	/** The value of {@code gen_ai.provider.name}. */
	public static final String PROVIDER_NAME = "ollama";

	/** The value of {@code error.type} for an exception without a simple name. */
	public static final String OTHER_ERROR_TYPE = "_OTHER";

	private static final String UNKNOWN = "unknown";

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(GenerationObservationContext context) {
		// OpenTelemetry's span name: "{gen_ai.operation.name} {gen_ai.request.model}".
		return (context.getRequestModel() != null) ? OPERATION_NAME + " " + context.getRequestModel() : OPERATION_NAME;
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(GenerationObservationContext context) {
		return KeyValues.of(operationName(context), providerName(context), requestModel(context),
				responseModel(context), errorType(context), serverAddress(context), serverPort(context),
				outcome(context));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(GenerationObservationContext context) {
		KeyValues keyValues = KeyValues.of(HighCardinalityKeyNames.RESPONSE_ID.withValue(context.getGenerationId()));
		if (context.getOutputTokens() != null) {
			keyValues = keyValues
				.and(HighCardinalityKeyNames.USAGE_OUTPUT_TOKENS.withValue(String.valueOf(context.getOutputTokens())));
		}
		return keyValues;
	}

	/**
	 * The {@code gen_ai.operation.name} key value.
	 * @param context the generation's context
	 * @return the key value
	 */
	protected KeyValue operationName(GenerationObservationContext context) {
		return LowCardinalityKeyNames.OPERATION_NAME.withValue(OPERATION_NAME);
	}

	/**
	 * The {@code gen_ai.provider.name} key value.
	 * @param context the generation's context
	 * @return the key value
	 */
	protected KeyValue providerName(GenerationObservationContext context) {
		return LowCardinalityKeyNames.PROVIDER_NAME.withValue(PROVIDER_NAME);
	}

	/**
	 * The {@code gen_ai.request.model} key value.
	 * @param context the generation's context
	 * @return the key value
	 */
	protected KeyValue requestModel(GenerationObservationContext context) {
		return LowCardinalityKeyNames.REQUEST_MODEL.withValue(valueOrNone(context.getRequestModel()));
	}

	/**
	 * The {@code gen_ai.response.model} key value.
	 * @param context the generation's context
	 * @return the key value
	 */
	protected KeyValue responseModel(GenerationObservationContext context) {
		return LowCardinalityKeyNames.RESPONSE_MODEL.withValue(valueOrNone(context.getResponseModel()));
	}

	/**
	 * The {@code error.type} key value: the exception's simple name, {@code _OTHER} for
	 * an exception without one, {@code none} when the generation did not fail.
	 * @param context the generation's context
	 * @return the key value
	 */
	protected KeyValue errorType(GenerationObservationContext context) {
		Throwable error = context.getError();
		if (error == null) {
			return LowCardinalityKeyNames.ERROR_TYPE.withValue(KeyValue.NONE_VALUE);
		}
		String name = error.getClass().getSimpleName();
		return LowCardinalityKeyNames.ERROR_TYPE.withValue(name.isEmpty() ? OTHER_ERROR_TYPE : name);
	}

	/**
	 * The {@code server.address} key value.
	 * @param context the generation's context
	 * @return the key value
	 */
	protected KeyValue serverAddress(GenerationObservationContext context) {
		URI url = context.getGatewayUrl();
		return LowCardinalityKeyNames.SERVER_ADDRESS
			.withValue((url != null) ? ServerAddress.host(url) : KeyValue.NONE_VALUE);
	}

	/**
	 * The {@code server.port} key value.
	 * @param context the generation's context
	 * @return the key value
	 */
	protected KeyValue serverPort(GenerationObservationContext context) {
		URI url = context.getGatewayUrl();
		if (url == null) {
			return LowCardinalityKeyNames.SERVER_PORT.withValue(KeyValue.NONE_VALUE);
		}
		return LowCardinalityKeyNames.SERVER_PORT.withValue(ServerAddress.port(url));
	}

	/**
	 * The {@code ollama.ws.outcome} key value.
	 * @param context the generation's context
	 * @return the key value
	 */
	protected KeyValue outcome(GenerationObservationContext context) {
		Outcome outcome = context.getOutcome();
		return LowCardinalityKeyNames.OUTCOME.withValue((outcome != null) ? outcome.value() : UNKNOWN);
	}

	private static String valueOrNone(@Nullable String value) {
		return (value != null && !value.isBlank()) ? value : KeyValue.NONE_VALUE;
	}

}
