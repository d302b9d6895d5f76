/**
 * The sample's LangChain4j assistant API: an {@code AiServices} interface with a system
 * message and a chat memory per conversation, over the gateway's LangChain4j chat model.
 *
 * <p>
 * <strong>Internal</strong>: part of the sample application.
 */
package io.github.ollamaws.sample.langchain4j;
