package io.github.ollamaws.fleet;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A snapshot of one gateway of a template, for health checks and gauges
 * ({@code OllamaTemplate.gatewayStatuses()}).
 *
 * @param endpoint the gateway
 * @param state whether it takes requests
 * @param reason why it is {@link State#DOWN} (the last failure to connect or
 * authenticate, or that it has not connected yet), else {@code null}
 * @param models the names of the models it served when last asked, empty until first
 * asked
 * @param modelsFetchedAt when its models were last fetched, or {@code null} if never
 * @param openConnections its connections whose WebSocket is open
 * @param authenticatedConnections its connections that are authenticated and take
 * requests
 * @param inFlight the requests in flight on it
 */
public record GatewayStatus(GatewayEndpoint endpoint, State state, @Nullable String reason, List<String> models,
		@Nullable Instant modelsFetchedAt, int openConnections, int authenticatedConnections, int inFlight) {

	/**
	 * Whether the gateway takes requests.
	 * @return {@code true} if {@link State#UP}
	 */
	public boolean isUp() {
		return this.state == State.UP;
	}

	/**
	 * Whether the gateway served the model when last asked. A name without a tag also
	 * matches its {@code :latest} form, as Ollama resolves it.
	 * @param model the model's name
	 * @return {@code true} if listed
	 */
	public boolean serves(String model) {
		return lists(this.models, model);
	}

	/**
	 * Whether a gateway's model listing holds a model: the same name, or, for a name
	 * without a tag, its {@code :latest} form (Ollama resolves {@code llama2} to
	 * {@code llama2:latest}). The rule the template routes by.
	 * @param models the names a gateway listed
	 * @param model the name asked for
	 * @return {@code true} if listed
	 */
	public static boolean lists(Collection<String> models, String model) {
		if (model == null) {
			return false;
		}
		if (models.contains(model)) {
			return true;
		}
		return model.indexOf(':') == -1 && models.contains(model + ":latest");
	}

	/**
	 * Whether a gateway takes requests.
	 */
	public enum State {

		/** At least one connection is authenticated: the gateway takes requests. */
		UP,

		/**
		 * No connection is authenticated (not connected yet, refused, key rejected,
		 * heartbeat lost): out of rotation, reconnecting with its own backoff.
		 */
		DOWN,

		/**
		 * Removed by the gateway source: takes no new request, lets those in flight
		 * finish, then closes.
		 */
		DRAINING

	}

}
