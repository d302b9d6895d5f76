package io.github.ollamaws.docs.snippets.testing;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The application the snippet {@code spring-boot-test} of docs/testing.md tests.
 */
@SpringBootApplication
class SnippetsTestApplication {

}
