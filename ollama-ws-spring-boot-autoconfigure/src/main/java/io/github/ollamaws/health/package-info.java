/**
 * The health indicator of an Ollama WebSocket template: one gateway checked by a live
 * ping through the client's pool, several by a rule over their statuses.
 */
@NullMarked
package io.github.ollamaws.health;

import org.jspecify.annotations.NullMarked;
