package io.github.ollamaws.core;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A snapshot of an {@link io.github.ollamaws.client.OllamaTemplate}'s connections, for
 * health checks and gauges.
 *
 * @param size the number of connections the pool keeps
 * @param open connections whose WebSocket is open
 * @param authenticated open connections that have authenticated and take requests
 * @param inFlight requests in flight on all connections
 * @param waiting requests waiting for a free slot
 * @param reconnects reconnections made since the template started
 * @param lastFailure the last failure to connect or authenticate, or {@code null} if the
 * last attempt succeeded
 * @param lastFailureAt when it happened, or {@code null}
 * @param closed whether the template is closed
 */
public record PoolStatus(int size, int open, int authenticated, int inFlight, int waiting, long reconnects,
		@Nullable OllamaWsException lastFailure, @Nullable Instant lastFailureAt, boolean closed) {

}
