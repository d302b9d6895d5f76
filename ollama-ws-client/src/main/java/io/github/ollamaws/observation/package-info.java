/**
 * Micrometer observations and meters of the Ollama WebSocket client, named after the
 * OpenTelemetry semantic conventions for generative AI: an observation (and, with a
 * tracing bridge, a span) {@code gen_ai.client.operation} per generation, the meters
 * {@code gen_ai.client.operation.duration}, {@code gen_ai.client.token.usage} and
 * {@code gen_ai.client.operation.time_to_first_chunk} derived from it, and the connection
 * meters {@code ollama.ws.*}. Prompts and generated text are never recorded.
 *
 * <p>
 * <strong>API</strong>: {@code MicrometerOllamaClientObserver}, the convention and the
 * meter handler, for applications that wire observability without the starter. Needs
 * Micrometer, which is optional.
 */
@NullMarked
package io.github.ollamaws.observation;

import org.jspecify.annotations.NullMarked;
