/**
 * What the integration-test applications' tests share:
 * {@link io.github.ollamaws.it.support.GatewayProperties}.
 *
 * <p>
 * <strong>Internal</strong>: test support, not deployed.
 */
package io.github.ollamaws.it.support;
