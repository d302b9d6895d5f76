/**
 * The integration-test application processed ahead of time:
 * {@link io.github.ollamaws.it.aot.AotApplication}.
 *
 * <p>
 * <strong>Internal</strong>: a test fixture, not deployed.
 */
package io.github.ollamaws.it.aot;
