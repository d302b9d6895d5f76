package io.github.ollamaws.fleet;

import java.util.List;
import java.util.Objects;

/**
 * Where a template finds its gateways. The template polls it at its refresh interval
 * ({@code discovery((discovery) -> discovery.refreshInterval(..))}, default 10 s):
 * gateways that appear are connected and used without a restart, gateways that disappear
 * are drained (their generations in flight finish) and then closed. So a discovery client
 * whose instances change at runtime (for example Spring Cloud's {@code DiscoveryClient})
 * needs no push API.
 *
 * <p>
 * Called on the template's own timer thread: an implementation may block briefly (a
 * discovery client's cache) but should not wait on the network for long. If it throws,
 * the template logs the failure and keeps the gateways it has.
 *
 * <pre>{@code
 * GatewaySource source = () -> discovery.getInstances("ollama-gateway").stream()
 *     .map((instance) -> GatewayEndpoint.of(instance.getUri(), instance.getMetadata().get("client-id")))
 *     .toList();
 * }</pre>
 */
@FunctionalInterface
public interface GatewaySource {

	/**
	 * The gateways to use now.
	 * @return the gateways; duplicates (equal endpoints) count once
	 */
	List<GatewayEndpoint> gateways();

	/**
	 * A source that always lists the same gateways.
	 * @param gateways the gateways
	 * @return the source
	 */
	static GatewaySource of(List<GatewayEndpoint> gateways) {
		List<GatewayEndpoint> fixed = List.copyOf(Objects.requireNonNull(gateways, "gateways must not be null"));
		return () -> fixed;
	}

}
