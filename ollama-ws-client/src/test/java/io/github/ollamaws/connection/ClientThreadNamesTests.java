package io.github.ollamaws.connection;

import java.util.concurrent.ThreadFactory;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the threads the client makes ({@link ConnectionFactory#threadFactory}): named
 * with their prefix and a count, daemon threads by default, and the application's own
 * threads, renamed alike, when it brings a factory.
 */
class ClientThreadNamesTests {

	private static final Runnable NOTHING = () -> {
	};

	@Test
	void theClientsOwnThreadsAreNumberedDaemonThreads() {
		ThreadFactory factory = ConnectionFactory.threadFactory(null, "ollama-ws-io-");
		Thread first = factory.newThread(NOTHING);
		Thread second = factory.newThread(NOTHING);
		assertThat(first.getName()).isEqualTo("ollama-ws-io-1");
		assertThat(second.getName()).isEqualTo("ollama-ws-io-2");
		assertThat(first.isDaemon()).isTrue();
	}

	@Test
	void theApplicationsThreadsAreNumberedWithTheClientsPrefix() {
		ThreadFactory custom = (runnable) -> {
			Thread thread = new Thread(runnable, "app");
			thread.setDaemon(false);
			return thread;
		};
		ThreadFactory factory = ConnectionFactory.threadFactory(custom, "ollama-ws-scheduler-");
		Thread first = factory.newThread(NOTHING);
		Thread second = factory.newThread(NOTHING);
		assertThat(first.getName()).isEqualTo("ollama-ws-scheduler-1");
		assertThat(second.getName()).isEqualTo("ollama-ws-scheduler-2");
		assertThat(first.isDaemon()).isFalse();
	}

}
