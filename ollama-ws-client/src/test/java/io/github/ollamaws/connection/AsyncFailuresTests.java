package io.github.ollamaws.connection;

import java.util.concurrent.CompletionException;

import io.github.ollamaws.core.ConnectionLostException;
import io.github.ollamaws.core.GatewayUnavailableException;
import io.github.ollamaws.core.OllamaWsException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AsyncFailures}: only the wrapper a dependent stage adds is taken off.
 */
class AsyncFailuresTests {

	@Test
	void unwrapsACompletionException() {
		OllamaWsException failure = new OllamaWsException("failed");
		assertThat(AsyncFailures.unwrap(new CompletionException(failure))).isSameAs(failure);
	}

	@Test
	void keepsAFailureThatHasACauseOfItsOwn() {
		ConnectionLostException failure = new ConnectionLostException("lost", 1006, "", new IllegalStateException());
		assertThat(AsyncFailures.unwrap(failure)).isSameAs(failure);
	}

	@Test
	void keepsACompletionExceptionWithoutACause() {
		CompletionException wrapper = new CompletionException("no cause", null);
		assertThat(AsyncFailures.unwrap(wrapper)).isSameAs(wrapper);
	}

	@Test
	void anOllamaFailureIsKeptAndAnyOtherBecomesAnUnavailableGateway() {
		OllamaWsException failure = new OllamaWsException("failed");
		assertThat(AsyncFailures.asOllamaException(new CompletionException(failure))).isSameAs(failure);
		IllegalStateException refused = new IllegalStateException("refused");
		assertThat(AsyncFailures.asOllamaException(new CompletionException(refused)))
			.isInstanceOf(GatewayUnavailableException.class)
			.hasCause(refused)
			.hasMessageContaining("refused");
	}

}
