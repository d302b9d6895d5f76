package io.github.ollamaws.fleet;

import java.time.Duration;

import io.github.ollamaws.core.OllamaWsException;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of pinging one gateway ({@code OllamaTemplate.pingAll()}): its round trip,
 * or why it could not be measured.
 *
 * @param gateway the gateway
 * @param roundTrip the round trip, or {@code null} if the ping failed
 * @param failure why the ping failed, or {@code null} if it succeeded
 */
public record GatewayPing(GatewayEndpoint gateway, @Nullable Duration roundTrip, @Nullable OllamaWsException failure) {

	/**
	 * Whether the gateway answered.
	 * @return {@code true} if the round trip was measured
	 */
	public boolean succeeded() {
		return this.failure == null;
	}

}
