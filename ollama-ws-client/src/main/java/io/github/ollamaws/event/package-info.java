/**
 * The connection lifecycle events a template publishes (connected, authenticated,
 * authentication failed, disconnected, reconnecting, reconnected), with the Spring
 * starter as application events.
 *
 * <p>
 * <strong>API</strong>: applications listen for these.
 */
@NullMarked
package io.github.ollamaws.event;

import org.jspecify.annotations.NullMarked;
