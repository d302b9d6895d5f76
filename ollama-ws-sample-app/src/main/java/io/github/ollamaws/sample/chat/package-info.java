/**
 * The sample's chat REST API under {@code /api}: whole replies, replies streamed as
 * Server-Sent Events, stopping a generation, the models, and failures as RFC 9457 problem
 * details.
 *
 * <p>
 * <strong>Internal</strong>: part of the sample application.
 */
package io.github.ollamaws.sample.chat;
