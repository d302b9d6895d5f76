package io.github.ollamaws.sample.chat;

import java.util.Map;

/**
 * A prompt to generate a reply to, as the REST API takes it.
 *
 * @param prompt the prompt, not blank
 * @param model the model, or {@code null} for the configured default
 * @param options generation options ({@code temperature}, {@code max_tokens}, ...), or {@code null}
 */
public record ChatRequest(String prompt, String model, Map<String, Object> options) {

}
