/**
 * Auto-configuration of the Ollama WebSocket client's observations and meters.
 */
package io.github.ollamaws.autoconfigure.observation;
