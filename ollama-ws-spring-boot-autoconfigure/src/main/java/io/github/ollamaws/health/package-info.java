/**
 * The health indicator of the Ollama WebSocket gateway, checked by a live ping through
 * the client's pool, and of a fleet of gateways by a rule over their statuses.
 */
@NullMarked
package io.github.ollamaws.health;

import org.jspecify.annotations.NullMarked;
