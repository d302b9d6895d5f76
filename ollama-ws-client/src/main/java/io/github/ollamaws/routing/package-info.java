/**
 * Routing over a fleet of gateways: one pool per gateway, the choice of the least loaded
 * gateway that serves a request's model, failover before the first token, model lists
 * fetched per gateway, gateways added and drained as their source changes.
 *
 * <p>
 * <strong>Internal</strong>: applications use {@code io.github.ollamaws.client} and
 * {@code io.github.ollamaws.fleet}. No compatibility is promised.
 */
package io.github.ollamaws.routing;
