/**
 * The integration-test application without a web server:
 * {@link io.github.ollamaws.it.plain.PlainApplication}.
 *
 * <p>
 * <strong>Internal</strong>: a test fixture, not deployed.
 */
package io.github.ollamaws.it.plain;
