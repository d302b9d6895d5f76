/**
 * The gateway the sample starts inside itself when none is configured, in front of a
 * local Ollama or a demo model, and the sample's own {@code sample.*} settings.
 *
 * <p>
 * <strong>Internal</strong>: part of the sample application.
 */
package io.github.ollamaws.sample.embedded;
