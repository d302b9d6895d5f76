package io.github.ollamaws.routing;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.github.ollamaws.connection.AsyncFailures;
import io.github.ollamaws.connection.ClientSettings;
import io.github.ollamaws.core.GatewayUrls;
import io.github.ollamaws.core.OllamaWsException;
import io.github.ollamaws.core.PoolStatus;
import io.github.ollamaws.fleet.FleetModelInfo;
import io.github.ollamaws.fleet.GatewayEndpoint;
import io.github.ollamaws.fleet.GatewayPing;
import io.github.ollamaws.fleet.GatewayStatus;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The router of a template built with one URL: every request goes to that gateway's pool,
 * which connects on first use (or at a warm-up). It routes nothing, so it keeps no model
 * list; a request lost before its first token is sent again on the replacement
 * connection.
 */
final class SingleGatewayRouter extends GatewayRouter {

	private static final Log logger = LogFactory.getLog(SingleGatewayRouter.class);

	private final Destination gateway;

	private final GatewayEndpoint endpoint;

	private volatile boolean closed;

	SingleGatewayRouter(ClientSettings settings, Object eventSource) {
		super(settings);
		this.gateway = new Destination(settings, eventSource);
		this.endpoint = GatewayEndpoint.of(settings.url(), settings.clientId());
	}

	@Override
	@Nullable Destination choose(@Nullable String model, boolean mustServe, List<Destination> excluded) {
		// Any model (no list says otherwise), and no other gateway to try.
		return (mustServe || excluded.contains(this.gateway)) ? null : this.gateway;
	}

	@Override
	boolean isClosed() {
		return this.closed;
	}

	@Override
	public CompletableFuture<List<FleetModelInfo>> listModels() {
		List<GatewayEndpoint> servedBy = List.of(this.endpoint);
		return this.gateway.models()
			.thenApply((models) -> models.stream().map((model) -> new FleetModelInfo(model, servedBy)).toList());
	}

	@Override
	public CompletableFuture<Duration> ping() {
		return observed(this.gateway.ping());
	}

	@Override
	public CompletableFuture<List<GatewayPing>> pingAll() {
		return ping().handle((roundTrip, error) -> List.of(new GatewayPing(this.endpoint, roundTrip,
				(error != null) ? AsyncFailures.asOllamaException(error) : null)));
	}

	@Override
	public PoolStatus poolStatus() {
		return this.gateway.pool().status();
	}

	/**
	 * The one gateway, with no models (this router keeps no list).
	 * @return its status
	 */
	@Override
	public List<GatewayStatus> statuses() {
		PoolStatus pool = this.gateway.pool().status();
		GatewayStatus.State state = GatewayStatus.State.UP;
		String reason = null;
		if (pool.authenticated() == 0) {
			state = GatewayStatus.State.DOWN;
			reason = (pool.lastFailure() != null) ? pool.lastFailure().getMessage() : "not connected yet";
		}
		return List.of(new GatewayStatus(this.endpoint, state, reason, List.of(), null, pool.open(),
				pool.authenticated(), pool.inFlight()));
	}

	@Override
	public void warmUp(Duration limit, boolean failFast) {
		try {
			this.gateway.pool().warmUp(limit);
		}
		catch (OllamaWsException ex) {
			if (failFast) {
				throw ex;
			}
			logger.warn("Could not connect to the gateway at " + GatewayUrls.redact(this.gateway.url())
					+ " at startup; requests will try again: " + ex.getMessage());
		}
	}

	@Override
	public void shutdown(Duration timeout) {
		this.closed = true;
		this.gateway.close(timeout);
	}

}
