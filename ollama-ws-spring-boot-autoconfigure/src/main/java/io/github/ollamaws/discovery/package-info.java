/**
 * Gateways of a fleet found through Spring Cloud's {@code DiscoveryClient}.
 */
package io.github.ollamaws.discovery;
