/**
 * The sample's assistant page API, a conversation with memory written with Spring AI's
 * {@code ChatClient} over the gateway's chat model.
 *
 * <p>
 * <strong>Internal</strong>: part of the sample application.
 */
package io.github.ollamaws.sample.assistant;
