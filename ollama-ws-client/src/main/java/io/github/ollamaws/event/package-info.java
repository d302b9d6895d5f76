/**
 * The connection lifecycle events a template publishes (connected, authenticated,
 * authentication failed, disconnected, reconnecting, reconnected), with the Spring
 * starter as application events.
 *
 * <p>
 * <strong>API</strong>: applications listen for these.
 */
package io.github.ollamaws.event;
