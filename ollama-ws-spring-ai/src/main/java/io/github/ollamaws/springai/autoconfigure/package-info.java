/**
 * Spring Boot's auto-configuration of the Ollama WebSocket gateway as a Spring AI chat
 * model.
 */
@NullMarked
package io.github.ollamaws.springai.autoconfigure;

import org.jspecify.annotations.NullMarked;
