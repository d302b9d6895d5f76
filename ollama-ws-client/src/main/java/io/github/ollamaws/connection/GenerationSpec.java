package io.github.ollamaws.connection;

import java.time.Duration;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A generation request with the template's defaults applied: what goes on the wire, and
 * its time limits.
 *
 * @param model the model, or {@code null} for the gateway's default
 * @param prompt the prompt
 * @param options the gateway's options object, possibly empty: Ollama's request-level
 * fields, and Ollama's own {@code options} object with the model parameters (the gateway
 * spreads this object into the top level of Ollama's request)
 * @param timeout the limit for the whole generation
 * @param idleTimeout the limit for the silence between frames, {@link Duration#ZERO} for
 * none
 */
public record GenerationSpec(@Nullable String model, String prompt, Map<String, Object> options, Duration timeout,
		Duration idleTimeout) {

}
