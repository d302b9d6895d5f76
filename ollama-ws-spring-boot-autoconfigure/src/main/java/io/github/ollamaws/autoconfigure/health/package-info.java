/**
 * Auto-configuration of the {@code ollama-ws} health contributor.
 */
@NullMarked
package io.github.ollamaws.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
