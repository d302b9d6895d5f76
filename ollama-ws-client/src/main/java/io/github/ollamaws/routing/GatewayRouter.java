package io.github.ollamaws.routing;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.github.ollamaws.connection.ClientSettings;
import io.github.ollamaws.connection.GenerationSpec;
import io.github.ollamaws.connection.StreamingGeneration;
import io.github.ollamaws.core.GatewayUnavailableException;
import io.github.ollamaws.core.OllamaWsException;
import io.github.ollamaws.core.PoolStatus;
import io.github.ollamaws.core.TemplateClosedException;
import io.github.ollamaws.core.TokenHandler;
import io.github.ollamaws.fleet.FleetModelInfo;
import io.github.ollamaws.fleet.GatewayPing;
import io.github.ollamaws.fleet.GatewaySource;
import io.github.ollamaws.fleet.GatewayStatus;
import org.jspecify.annotations.Nullable;

/**
 * Where a template's requests go, and what it runs on while it is started: the one
 * gateway of its settings ({@link #single}), or a fleet of gateways ({@link #fleet}). The
 * template delegates every request to its router and asks no more which it has.
 *
 * <p>
 * Both send generations the same way, each on a route of its own; they differ in the
 * destinations they offer a route, and in what they know of their gateways.
 */
public abstract class GatewayRouter {

	private final ClientSettings settings;

	GatewayRouter(ClientSettings settings) {
		this.settings = settings;
	}

	/**
	 * A router to the one gateway of the settings: its pool connects on first use, and it
	 * keeps no model list.
	 * @param settings the template's settings
	 * @param eventSource the source of the events the pool publishes (the template)
	 * @return the router
	 */
	public static GatewayRouter single(ClientSettings settings, Object eventSource) {
		return new SingleGatewayRouter(settings, eventSource);
	}

	/**
	 * A router over the gateways a source lists; it starts connecting to each at once.
	 * @param settings the template's settings, shared by every gateway but for the URL,
	 * client id and key
	 * @param source the gateways
	 * @param refreshInterval how often the source is polled and model lists refreshed
	 * @param eventSource the source of the events the gateways' pools publish
	 * @return the router
	 */
	public static GatewayRouter fleet(ClientSettings settings, GatewaySource source, Duration refreshInterval,
			Object eventSource) {
		return new FleetRouter(settings, source, refreshInterval, eventSource);
	}

	/**
	 * A generation of a template that is closed: it ends at once with a
	 * {@link TemplateClosedException} and is sent nowhere.
	 * @param settings the template's settings
	 * @param spec what it asked for
	 * @param handler receives the outcome
	 * @param gatewayUrl the gateway to name in its observation
	 * @return the generation, failed
	 */
	public static StreamingGeneration closed(ClientSettings settings, GenerationSpec spec, TokenHandler handler,
			URI gatewayUrl) {
		return GenerationRoute.refused(settings, spec, handler, gatewayUrl, new TemplateClosedException());
	}

	/**
	 * Sends a generation where this router chooses.
	 * @param spec what to generate
	 * @param handler receives tokens and the outcome
	 * @return the generation
	 */
	public final StreamingGeneration stream(GenerationSpec spec, TokenHandler handler) {
		return GenerationRoute.start(this, this.settings, spec, handler);
	}

	/**
	 * Lists the models of every gateway, each with the gateways that list it.
	 * @return the models' future
	 */
	public abstract CompletableFuture<List<FleetModelInfo>> listModels();

	/**
	 * Pings the gateway a request for the default model would go to now, and tells the
	 * observer the round trip.
	 * @return the round trip's future
	 */
	public abstract CompletableFuture<Duration> ping();

	/**
	 * Pings every gateway at once.
	 * @return each gateway's round trip or failure
	 */
	public abstract CompletableFuture<List<GatewayPing>> pingAll();

	/**
	 * The connections of every gateway, added up.
	 * @return the status
	 */
	public abstract PoolStatus poolStatus();

	/**
	 * A snapshot of each gateway.
	 * @return the statuses
	 */
	public abstract List<GatewayStatus> statuses();

	/**
	 * Opens the connections and waits for the first to authenticate or fail.
	 * @param limit the longest wait
	 * @param failFast whether to throw if no gateway could be reached
	 * @throws OllamaWsException if {@code failFast} and no gateway could be reached
	 */
	public abstract void warmUp(Duration limit, boolean failFast);

	/**
	 * Refuses new requests, lets those in flight finish for up to {@code timeout},
	 * cancels the rest, and closes every connection and thread.
	 * @param timeout how long requests in flight may go on
	 */
	public abstract void shutdown(Duration timeout);

	/**
	 * The destination for a request, as a route asks for it.
	 * @param model the model, or {@code null} for the gateway's default
	 * @param mustServe whether only a gateway that is up and lists the model will do
	 * @param excluded destinations already tried
	 * @return the destination, or {@code null} if none will do
	 */
	abstract @Nullable Destination choose(@Nullable String model, boolean mustServe, List<Destination> excluded);

	/**
	 * Whether the router has been shut down.
	 * @return {@code true} once {@link #shutdown} has begun
	 */
	abstract boolean isClosed();

	/**
	 * Tells the observer of a ping's round trip.
	 * @param ping the ping
	 * @return the ping, telling the observer when it succeeds
	 */
	final CompletableFuture<Duration> observed(CompletableFuture<Duration> ping) {
		return ping.thenApply((roundTrip) -> {
			this.settings.hooks().observer().pingCompleted(roundTrip);
			return roundTrip;
		});
	}

	static GatewayUnavailableException noGateway() {
		return new GatewayUnavailableException("No gateway to send the request to: the gateway source lists none",
				null);
	}

}
