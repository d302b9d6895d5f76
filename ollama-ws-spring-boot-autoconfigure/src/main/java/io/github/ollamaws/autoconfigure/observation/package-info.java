/**
 * Auto-configuration of the Ollama WebSocket client's observations and meters.
 */
@NullMarked
package io.github.ollamaws.autoconfigure.observation;

import org.jspecify.annotations.NullMarked;
