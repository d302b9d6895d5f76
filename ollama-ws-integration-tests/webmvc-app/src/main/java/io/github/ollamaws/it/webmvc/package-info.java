/**
 * The integration-test application on Spring MVC and Tomcat:
 * {@link io.github.ollamaws.it.webmvc.WebMvcApplication}.
 *
 * <p>
 * <strong>Internal</strong>: a test fixture, not deployed.
 */
package io.github.ollamaws.it.webmvc;
