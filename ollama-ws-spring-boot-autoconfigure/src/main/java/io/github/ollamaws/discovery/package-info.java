/**
 * Gateways of a fleet found through Spring Cloud's {@code DiscoveryClient}.
 */
@NullMarked
package io.github.ollamaws.discovery;

import org.jspecify.annotations.NullMarked;
