/**
 * Where a template's requests go: the {@link io.github.ollamaws.routing.GatewayRouter}
 * the template delegates to, for one gateway or a fleet (one pool per gateway, the choice
 * of the least loaded gateway that serves a request's model, model lists fetched per
 * gateway, gateways added and drained as their source changes), and the one send path of
 * a generation: acquire, dispatch, the retry before the first token, failover and
 * reroute.
 *
 * <p>
 * <strong>Internal</strong>: applications use {@code io.github.ollamaws.client} and
 * {@code io.github.ollamaws.fleet}. No compatibility is promised.
 */
@NullMarked
package io.github.ollamaws.routing;

import org.jspecify.annotations.NullMarked;
