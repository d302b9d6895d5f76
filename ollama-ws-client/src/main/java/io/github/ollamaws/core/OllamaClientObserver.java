package io.github.ollamaws.core;

import java.net.URI;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Watches what an {@link io.github.ollamaws.client.OllamaTemplate} does, for metrics and
 * tracing. Every method has a no-op default. Called on the client's own threads (often a
 * connection's I/O thread): implementations must be fast, thread-safe and must not throw.
 */
public interface OllamaClientObserver {

	/** An observer that does nothing. */
	OllamaClientObserver NOOP = new OllamaClientObserver() {
	};

	/**
	 * A generation was requested.
	 * @param context what is known of it when it starts
	 * @return the observation of this generation, told how it goes
	 */
	default GenerationObservation generationStarted(GenerationContext context) {
		return GenerationObservation.NOOP;
	}

	/**
	 * A ping round trip completed (an application's {@code ping()}, a heartbeat, or a
	 * health check).
	 * @param roundTrip the measured round trip
	 */
	default void pingCompleted(Duration roundTrip) {
	}

	/**
	 * A request got its slot on a pooled connection.
	 * @param waited how long it waited for it
	 */
	default void slotAcquired(Duration waited) {
	}

	/**
	 * What is known of a generation when it is requested.
	 *
	 * @param id the generation's id on the wire
	 * @param requestModel the model asked for (the template's default when the request
	 * named none), or {@code null} for the gateway's default
	 * @param gatewayUrl the gateway's URL
	 */
	record GenerationContext(String id, @Nullable String requestModel, URI gatewayUrl) {
	}

	/**
	 * The observation of one generation. Exactly one of {@link #completed} and
	 * {@link #failed} is called, once, after any {@link #started} and
	 * {@link #firstToken}.
	 */
	interface GenerationObservation {

		/** An observation that does nothing. */
		GenerationObservation NOOP = new GenerationObservation() {
		};

		/**
		 * The gateway started the generation ({@code stream_start}).
		 * @param responseModel the model the gateway uses, or {@code null} when its
		 * {@code stream_start} named none
		 */
		default void started(@Nullable String responseModel) {
		}

		/**
		 * The first token arrived.
		 * @param timeToFirstToken the time since the request was sent
		 */
		default void firstToken(Duration timeToFirstToken) {
		}

		/**
		 * The generation ended without an error: completed, or cancelled.
		 * @param result the result
		 */
		default void completed(GenerationResult result) {
		}

		/**
		 * The generation failed.
		 * @param error the failure
		 * @param tokensReceived how many tokens had arrived
		 */
		default void failed(Throwable error, int tokensReceived) {
		}

	}

}
