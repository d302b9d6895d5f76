/**
 * Spring test support for the test gateway:
 * {@link io.github.ollamaws.testserver.spring.AutoConfigureOllamaWsTestServer}. Needs
 * {@code spring-test} and {@code spring-context} on the test class path (a Spring Boot
 * test has them).
 */
package io.github.ollamaws.testserver.spring;
