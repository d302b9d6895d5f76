/**
 * The benchmark of the client's CPU per token, allocation, latency and memory against a
 * bare WebSocket client, run from the command line by
 * {@link io.github.ollamaws.benchmarks.Benchmarks}.
 *
 * <p>
 * <strong>Internal</strong>: a tool of the project, not deployed. No compatibility is
 * promised.
 */
package io.github.ollamaws.benchmarks;
