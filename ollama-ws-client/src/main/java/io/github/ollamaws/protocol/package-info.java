/**
 * The gateway's wire protocol as this client speaks it (see {@code docs/protocol.md}):
 * the frames the client sends, and the decoding of the frames it receives, with a fast
 * path for token frames.
 *
 * <p>
 * <strong>Internal</strong>: applications use {@code io.github.ollamaws.client} and
 * {@code io.github.ollamaws.core}. No compatibility is promised.
 */
@NullMarked
package io.github.ollamaws.protocol;

import org.jspecify.annotations.NullMarked;
