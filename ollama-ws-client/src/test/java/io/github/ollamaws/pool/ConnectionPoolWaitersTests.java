package io.github.ollamaws.pool;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.github.ollamaws.client.OllamaTemplate;
import io.github.ollamaws.client.OllamaTemplateInternals;
import io.github.ollamaws.connection.ClientSettings;
import io.github.ollamaws.connection.ConnectionFactory;
import io.github.ollamaws.connection.Deadlines;
import io.github.ollamaws.connection.GatewayConnection;
import io.github.ollamaws.core.OllamaTimeoutException;
import io.github.ollamaws.core.TemplateClosedException;
import io.github.ollamaws.testserver.OllamaWsTestServer;
import io.github.ollamaws.testserver.ScriptedBackend;
import io.github.ollamaws.testsupport.LiveGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the waiters of a {@link ConnectionPool} of one connection with one slot, over
 * a real test gateway: a released slot goes to the oldest waiter, and shutdown fails
 * every waiter, and every later request, with {@link TemplateClosedException}.
 */
class ConnectionPoolWaitersTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private LiveGateway gateway;

	private ConnectionFactory factory;

	private ConnectionPool pool;

	@BeforeEach
	@SuppressWarnings("removal")
	void startPool() {
		this.gateway = LiveGateway.start(OllamaWsTestServer.builder().backend(ScriptedBackend.withDefaultModels()));
		// A template's validated settings; the template itself opens nothing.
		OllamaTemplate settingsHolder = this.gateway
			.template((builder) -> builder.pool((pool) -> pool.size(1).maxInFlight(1).acquireTimeout(WAIT)));
		ClientSettings settings = OllamaTemplateInternals.settings(settingsHolder);
		this.factory = new ConnectionFactory(settings);
		this.pool = new ConnectionPool(settings, this.factory, this);
	}

	@AfterEach
	void stopPool() {
		this.pool.shutdown(Duration.ZERO);
		this.factory.close();
		this.gateway.close();
	}

	@Test
	void aReleasedSlotGoesToTheOldestWaiter() throws Exception {
		GatewayConnection held = acquire().get(WAIT.toSeconds(), TimeUnit.SECONDS);
		CompletableFuture<GatewayConnection> oldest = acquire();
		CompletableFuture<GatewayConnection> newer = acquire();
		assertThat(this.pool.status().waiting()).isEqualTo(2);
		this.pool.release(held);
		assertThat(oldest.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isSameAs(held);
		assertThat(newer).isNotDone();
		assertThat(this.pool.status().waiting()).isOne();
		this.pool.release(held);
		assertThat(newer.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isSameAs(held);
		assertThat(this.pool.status().inFlight()).isOne();
	}

	@Test
	void shutdownFailsEveryWaiterWithTemplateClosedException() throws Exception {
		acquire().get(WAIT.toSeconds(), TimeUnit.SECONDS);
		CompletableFuture<GatewayConnection> first = acquire();
		CompletableFuture<GatewayConnection> second = acquire();
		assertThat(this.pool.status().waiting()).isEqualTo(2);
		// The slot is never released: shutdown waits for it no longer than this.
		this.pool.shutdown(Duration.ofMillis(100));
		assertThat(causeOf(first)).isInstanceOf(TemplateClosedException.class);
		assertThat(causeOf(second)).isInstanceOf(TemplateClosedException.class);
		assertThat(causeOf(acquire())).isInstanceOf(TemplateClosedException.class);
		assertThat(this.pool.status().waiting()).isZero();
		assertThat(this.pool.status().closed()).isTrue();
	}

	private CompletableFuture<GatewayConnection> acquire() {
		return this.pool.acquire(Deadlines.after(System.nanoTime(), WAIT), OllamaTimeoutException.Kind.ACQUIRE);
	}

	private static Throwable causeOf(CompletableFuture<GatewayConnection> future) throws Exception {
		try {
			future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
		}
		catch (ExecutionException ex) {
			return ex.getCause();
		}
		throw new AssertionError("completed without a failure");
	}

}
