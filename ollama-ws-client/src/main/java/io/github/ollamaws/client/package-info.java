/**
 * The client's entry points: {@link io.github.ollamaws.client.OllamaOperations} and its
 * implementation {@link io.github.ollamaws.client.OllamaTemplate} (with its builder), and
 * the PEM key reader {@link io.github.ollamaws.client.PrivateKeyLoader} for the builder.
 * The requests, results and exceptions they speak are in {@code io.github.ollamaws.core}.
 *
 * <p>
 * <strong>API</strong>: stable within a minor version. This package depends on the
 * internal ones ({@code auth}, {@code protocol}, {@code connection}, {@code pool},
 * {@code routing}); they never depend on it.
 */
@NullMarked
package io.github.ollamaws.client;

import org.jspecify.annotations.NullMarked;
