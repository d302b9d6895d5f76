/**
 * Tool calling through a generate-only gateway: the gateway carries Ollama's
 * {@code /api/generate}, which has no {@code tools}, so the tools are described in the
 * system prompt and the reply is constrained by Ollama's {@code format} (a JSON Schema
 * that Ollama turns into a grammar) to be either a final answer or well-formed calls of
 * the offered tools. {@link io.github.ollamaws.tools.ToolCallingProtocol} is the entry
 * point; the Spring AI and LangChain4j adapters map their own message and tool types onto
 * {@link io.github.ollamaws.tools.ToolDefinition}, {@link io.github.ollamaws.tools.Turn},
 * {@link io.github.ollamaws.tools.ToolCall} and
 * {@link io.github.ollamaws.tools.ToolResult}.
 *
 * <p>
 * <strong>API</strong>: stable within a minor version. Plain Java: no Spring, no Reactor.
 */
@NullMarked
package io.github.ollamaws.tools;

import org.jspecify.annotations.NullMarked;
