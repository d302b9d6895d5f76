/**
 * An embeddable Ollama WebSocket gateway for tests, demos and benchmarks:
 * {@link io.github.ollamaws.testserver.OllamaWsTestServer} speaks the real gateway's wire
 * protocol, quirks included, with scripted models
 * ({@link io.github.ollamaws.testserver.ScriptedBackend}), test keys
 * ({@link io.github.ollamaws.testserver.TestKeys}), fault injection
 * ({@link io.github.ollamaws.testserver.ServerFaults}) and a JUnit 5 extension
 * ({@link io.github.ollamaws.testserver.OllamaWsTestServerExtension}).
 */
package io.github.ollamaws.testserver;
