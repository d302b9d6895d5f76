package io.github.ollamaws.observation;

import java.net.URI;
import java.time.Duration;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * What is known of one generation, for its {@link GenerationObservationConvention} and
 * the meters derived from it. Holds no prompt and no generated text.
 */
public class GenerationObservationContext extends Observation.Context {

	private final String generationId;

	private final @Nullable String requestModel;

	private final @Nullable URI gatewayUrl;

	private volatile @Nullable String responseModel;

	private volatile @Nullable Duration timeToFirstToken;

	private volatile @Nullable Integer outputTokens;

	private volatile @Nullable Outcome outcome;

	/**
	 * Creates the context of a generation that is about to be sent.
	 * @param generationId the generation's id on the wire
	 * @param requestModel the model asked for, or {@code null} for the gateway's default
	 * @param gatewayUrl the gateway's URL, or {@code null} if not known
	 */
	public GenerationObservationContext(String generationId, @Nullable String requestModel, @Nullable URI gatewayUrl) {
		this.generationId = generationId;
		this.requestModel = requestModel;
		this.gatewayUrl = gatewayUrl;
	}

	/**
	 * The generation's id on the wire.
	 * @return the id
	 */
	public String getGenerationId() {
		return this.generationId;
	}

	/**
	 * The model asked for.
	 * @return the model, or {@code null} for the gateway's default
	 */
	public @Nullable String getRequestModel() {
		return this.requestModel;
	}

	/**
	 * The gateway's URL.
	 * @return the URL, or {@code null} if not known
	 */
	public @Nullable URI getGatewayUrl() {
		return this.gatewayUrl;
	}

	/**
	 * The model the gateway used.
	 * @return the model, or {@code null} until the gateway said
	 */
	public @Nullable String getResponseModel() {
		return this.responseModel;
	}

	/**
	 * Sets the model the gateway used.
	 * @param responseModel the model
	 */
	public void setResponseModel(@Nullable String responseModel) {
		this.responseModel = responseModel;
	}

	/**
	 * The time from sending the request to the first token.
	 * @return the time, or {@code null} when no token arrived
	 */
	public @Nullable Duration getTimeToFirstToken() {
		return this.timeToFirstToken;
	}

	/**
	 * Sets the time from sending the request to the first token.
	 * @param timeToFirstToken the time
	 */
	public void setTimeToFirstToken(@Nullable Duration timeToFirstToken) {
		this.timeToFirstToken = timeToFirstToken;
	}

	/**
	 * The number of tokens generated.
	 * @return the count, or {@code null} while the generation runs
	 */
	public @Nullable Integer getOutputTokens() {
		return this.outputTokens;
	}

	/**
	 * Sets the number of tokens generated.
	 * @param outputTokens the count
	 */
	public void setOutputTokens(@Nullable Integer outputTokens) {
		this.outputTokens = outputTokens;
	}

	/**
	 * How the generation ended.
	 * @return the outcome, or {@code null} while it runs
	 */
	public @Nullable Outcome getOutcome() {
		return this.outcome;
	}

	/**
	 * Sets how the generation ended.
	 * @param outcome the outcome
	 */
	public void setOutcome(@Nullable Outcome outcome) {
		this.outcome = outcome;
	}

	/**
	 * How a generation ended.
	 */
	public enum Outcome {

		/** The model finished its reply. */
		SUCCESS("success"),

		/** The generation failed (see the observation's error). */
		ERROR("error"),

		/** The generation was cancelled, by the application or by the gateway. */
		CANCELLED("cancelled");

		private final String value;

		Outcome(String value) {
			this.value = value;
		}

		/**
		 * The outcome as a tag value.
		 * @return the lower-case value
		 */
		public String value() {
			return this.value;
		}

	}

}
