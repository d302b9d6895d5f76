/**
 * The sample application, a streaming chat web app on an Ollama WebSocket gateway:
 * {@link io.github.ollamaws.sample.SampleApplication}.
 *
 * <p>
 * <strong>Internal</strong>: an example to read, not a library. No compatibility is
 * promised.
 */
package io.github.ollamaws.sample;
