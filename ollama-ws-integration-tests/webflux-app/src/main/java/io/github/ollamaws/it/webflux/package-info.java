/**
 * The integration-test application on WebFlux and Reactor Netty:
 * {@link io.github.ollamaws.it.webflux.WebFluxApplication}.
 *
 * <p>
 * <strong>Internal</strong>: a test fixture, not deployed.
 */
package io.github.ollamaws.it.webflux;
