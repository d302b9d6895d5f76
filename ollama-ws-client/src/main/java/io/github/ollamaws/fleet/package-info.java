/**
 * One template over several gateways (a fleet): the gateways as
 * {@link io.github.ollamaws.fleet.GatewayEndpoint}s, from a static list or a
 * {@link io.github.ollamaws.fleet.GatewaySource} polled at runtime (discovery), and what
 * the template reports about each: {@link io.github.ollamaws.fleet.GatewayStatus},
 * {@link io.github.ollamaws.fleet.FleetModelInfo},
 * {@link io.github.ollamaws.fleet.GatewayPing}.
 *
 * <pre>{@code
 * OllamaTemplate ollama = OllamaTemplate.builder()
 *     .gateway(GatewayEndpoint.of("ws://gpu-1:3000", "client-on-gpu-1"))
 *     .gateway(GatewayEndpoint.of("ws://gpu-2:3000", "client-on-gpu-2"))
 *     .privateKey(key)
 *     .build();
 * }</pre>
 *
 * <p>
 * <strong>API</strong>: stable within a minor version. The routing itself is internal.
 */
package io.github.ollamaws.fleet;
