/**
 * Conversations for the gateway's single prompt: a
 * {@link io.github.ollamaws.chat.ChatTurn} per message and a
 * {@link io.github.ollamaws.chat.ConversationRenderer} that turns them into the one
 * prompt of Ollama's {@code /api/generate} (a transcript by default). The chat-model
 * adapters (Spring AI, LangChain4j) share it, so a conversation reads the same to the
 * model whichever framework sent it.
 *
 * <p>
 * <strong>API</strong>: stable within a minor version.
 */
@NullMarked
package io.github.ollamaws.chat;

import org.jspecify.annotations.NullMarked;
