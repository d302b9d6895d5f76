/**
 * Auto-configuration of the {@code ollama-ws} health contributor.
 */
package io.github.ollamaws.autoconfigure.health;
