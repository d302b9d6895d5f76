/**
 * The client with Reactor types:
 * {@link io.github.ollamaws.reactive.ReactiveOllamaOperations}. Needs
 * {@code io.projectreactor:reactor-core} on the class path, which is optional: without
 * it, nothing in this package is loaded and the rest of the client works the same.
 *
 * <p>
 * <strong>API</strong>.
 */
@NullMarked
package io.github.ollamaws.reactive;

import org.jspecify.annotations.NullMarked;
