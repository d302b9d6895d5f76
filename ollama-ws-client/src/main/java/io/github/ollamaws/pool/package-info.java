/**
 * The pool of connections many requests share: leasing slots (least loaded first, waiters
 * in arrival order), reconnection with backoff, the rejected-key gate, and shutdown.
 *
 * <p>
 * <strong>Internal</strong>: applications use {@code io.github.ollamaws.client} and
 * {@code io.github.ollamaws.core}. No compatibility is promised.
 */
@NullMarked
package io.github.ollamaws.pool;

import org.jspecify.annotations.NullMarked;
