/**
 * The Ollama WebSocket gateway as LangChain4j chat models:
 * {@link io.github.ollamaws.langchain4j.OllamaWsLangChain4jChatModel},
 * {@link io.github.ollamaws.langchain4j.OllamaWsLangChain4jStreamingChatModel} and their
 * {@link io.github.ollamaws.langchain4j.OllamaWsChatRequestParameters}.
 */
@NullMarked
package io.github.ollamaws.langchain4j;

import org.jspecify.annotations.NullMarked;
