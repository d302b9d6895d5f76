/**
 * The client's public API: {@link io.github.ollamaws.client.OllamaOperations} and its
 * implementation {@link io.github.ollamaws.client.OllamaTemplate} (with its builder), the
 * requests and results ({@link io.github.ollamaws.client.GenerateRequest},
 * {@link io.github.ollamaws.client.GenerationOptions},
 * {@link io.github.ollamaws.client.ResponseFormat},
 * {@link io.github.ollamaws.client.GenerationResult},
 * {@link io.github.ollamaws.client.Generation},
 * {@link io.github.ollamaws.client.ModelInfo}), the PEM key reader
 * {@link io.github.ollamaws.client.PrivateKeyLoader} for the builder, and every exception
 * a caller can catch, under {@link io.github.ollamaws.client.OllamaWsException}.
 *
 * <p>
 * <strong>API</strong>: stable within a minor version. Applications use this package,
 * {@code fleet}, {@code reactive}, {@code event} and {@code observation}; {@code auth}
 * (key reading and challenge signing), {@code protocol}, {@code connection}, {@code pool}
 * and {@code routing} are internal.
 */
@NullMarked
package io.github.ollamaws.client;

import org.jspecify.annotations.NullMarked;
