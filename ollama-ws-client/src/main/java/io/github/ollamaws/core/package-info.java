/**
 * The vocabulary every package of the client shares: the requests and results
 * ({@link io.github.ollamaws.core.GenerateRequest},
 * {@link io.github.ollamaws.core.GenerationOptions},
 * {@link io.github.ollamaws.core.ResponseFormat},
 * {@link io.github.ollamaws.core.GenerationResult},
 * {@link io.github.ollamaws.core.Generation}, {@link io.github.ollamaws.core.ModelInfo}),
 * the observer of generations, how a gateway's URL is shown, and every exception a caller
 * can catch, under {@link io.github.ollamaws.core.OllamaWsException}.
 *
 * <p>
 * <strong>API</strong>: stable within a minor version. It depends on no other package of
 * the client: the entry points ({@code io.github.ollamaws.client}) and the internals use
 * it, so that no package cycle forms.
 */
@NullMarked
package io.github.ollamaws.core;

import org.jspecify.annotations.NullMarked;
