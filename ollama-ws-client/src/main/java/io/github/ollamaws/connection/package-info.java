/**
 * One authenticated WebSocket connection to the gateway: opening and authenticating it,
 * sending frames in order, dispatching what arrives to the requests it carries,
 * heartbeats and timeouts. See {@code docs/protocol.md} for the protocol it speaks.
 *
 * <p>
 * <strong>Internal</strong>: public for the client's other packages only; applications
 * use {@code io.github.ollamaws.client} and {@code io.github.ollamaws.core}. No
 * compatibility is promised.
 */
@NullMarked
package io.github.ollamaws.connection;

import org.jspecify.annotations.NullMarked;
