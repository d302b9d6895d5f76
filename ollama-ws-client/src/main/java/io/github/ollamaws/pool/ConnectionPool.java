package io.github.ollamaws.pool;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.github.ollamaws.client.AuthenticationException;
import io.github.ollamaws.client.GatewayUnavailableException;
import io.github.ollamaws.client.OllamaTimeoutException;
import io.github.ollamaws.client.OllamaWsException;
import io.github.ollamaws.client.PoolStatus;
import io.github.ollamaws.client.RateLimitedException;
import io.github.ollamaws.client.TemplateClosedException;
import io.github.ollamaws.connection.AsyncFailures;
import io.github.ollamaws.connection.ClientSettings;
import io.github.ollamaws.connection.ConnectionFactory;
import io.github.ollamaws.connection.Deadlines;
import io.github.ollamaws.connection.GatewayConnection;
import io.github.ollamaws.connection.StreamingGeneration;
import io.github.ollamaws.event.OllamaAuthenticatedEvent;
import io.github.ollamaws.event.OllamaAuthenticationFailedEvent;
import io.github.ollamaws.event.OllamaConnectedEvent;
import io.github.ollamaws.event.OllamaConnectionEvent;
import io.github.ollamaws.event.OllamaDisconnectedEvent;
import io.github.ollamaws.event.OllamaReconnectedEvent;
import io.github.ollamaws.event.OllamaReconnectingEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * A fixed number of authenticated connections that requests share. A request takes a slot
 * on the least-loaded ready connection; when every connection is at its limit, requests
 * wait in arrival order and are handed the next slot that frees, with no polling. A
 * connection that is lost is removed at once and replaced in the background with
 * exponential backoff and jitter.
 *
 * <p>
 * While no connection works, only one connection attempt is made at a time, so that a
 * rejected key costs one authentication attempt per backoff period, never one per pooled
 * connection; a rejected key waits the longest delay (and at least the gateway's
 * {@code retryAfter}) before the next attempt. Requests made while nothing works fail at
 * once with the last failure rather than waiting for the next attempt.
 */
public final class ConnectionPool implements GatewayConnection.Listener {

	private static final Log logger = LogFactory.getLog(ConnectionPool.class);

	/** How often time limits and heartbeats are checked. */
	private static final Duration SWEEP_INTERVAL = Duration.ofMillis(100);

	/**
	 * Margin added to the gateway's {@code retryAfter}, whose granularity is a second.
	 */
	private static final Duration RETRY_AFTER_MARGIN = Duration.ofMillis(250);

	private final ClientSettings settings;

	private final ConnectionFactory factory;

	private final Object eventSource;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition drained = this.lock.newCondition();

	private final Slot[] slots;

	private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();

	private final AtomicLong reconnects = new AtomicLong();

	private final ReconnectBackoff backoff;

	private final ScheduledFuture<?> sweeper;

	// Guarded by lock.
	private boolean active;

	private boolean closing;

	private long notBeforeNanos = System.nanoTime();

	private OllamaWsException lastFailure;

	private Instant lastFailureAt;

	private boolean authFailureLogged;

	/**
	 * A pool that opens nothing until first used or {@link #warmUp() warmed up}.
	 * @param settings the client's settings
	 * @param factory opens the connections
	 * @param eventSource the source of the events the pool publishes (the template)
	 */
	public ConnectionPool(ClientSettings settings, ConnectionFactory factory, Object eventSource) {
		this.settings = settings;
		this.factory = factory;
		this.eventSource = eventSource;
		this.backoff = ReconnectBackoff.of(settings);
		this.slots = new Slot[settings.poolSize()];
		for (int i = 0; i < this.slots.length; i++) {
			this.slots[i] = new Slot();
		}
		this.sweeper = factory.scheduler()
			.scheduleWithFixedDelay(this::sweep, SWEEP_INTERVAL.toMillis(), SWEEP_INTERVAL.toMillis(),
					TimeUnit.MILLISECONDS);
	}

	/**
	 * Starts opening the connections, and waits for the first to authenticate or fail.
	 * @param timeout the longest wait
	 * @throws OllamaWsException if the first connection failed
	 */
	public void warmUp(Duration timeout) {
		CompletableFuture<GatewayConnection> first = acquire(Deadlines.after(System.nanoTime(), timeout),
				OllamaTimeoutException.Kind.CONNECT);
		try {
			release(first.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
		}
		catch (ExecutionException ex) {
			throw asOllamaException(ex.getCause());
		}
		catch (TimeoutException ex) {
			first.cancel(false);
			throw new OllamaTimeoutException(OllamaTimeoutException.Kind.CONNECT, timeout, null);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new OllamaWsException("Interrupted while connecting to the gateway", ex);
		}
	}

	/**
	 * Takes a request slot on a ready connection.
	 * @param deadlineNanos when to give up waiting, as a {@link System#nanoTime()} value
	 * @param deadlineKind the timeout to report if the deadline passes
	 * @return completes with a connection whose slot the caller now holds (to
	 * {@link #release} if the request is not sent), or exceptionally with an
	 * {@link OllamaWsException}
	 */
	public CompletableFuture<GatewayConnection> acquire(long deadlineNanos, OllamaTimeoutException.Kind deadlineKind) {
		List<Runnable> after = new ArrayList<>();
		this.lock.lock();
		try {
			if (this.closing) {
				return CompletableFuture.failedFuture(new TemplateClosedException());
			}
			if (!this.active) {
				this.active = true;
			}
			GatewayConnection connection = this.waiters.isEmpty() ? leastLoaded() : null;
			if (connection != null) {
				connection.slotsInUse().incrementAndGet();
				this.settings.observer().slotAcquired(Duration.ZERO);
				return CompletableFuture.completedFuture(connection);
			}
			for (Slot slot : this.slots) {
				startConnect(slot, after);
			}
			if (!anyReadyOrConnecting()) {
				return CompletableFuture.failedFuture(unavailable());
			}
			Waiter waiter = new Waiter(deadlineNanos, deadlineKind);
			this.waiters.add(waiter);
			// Waiters ahead may have given up (cancelled, timed out) while a slot is
			// free: serve in order now.
			serveWaiters(after);
			return waiter.future;
		}
		finally {
			this.lock.unlock();
			run(after);
		}
	}

	/**
	 * Takes a request slot for a generation, waiting at most the acquire timeout and
	 * never past the generation's own deadline.
	 * @param generation the generation
	 * @return as {@link #acquire(long, OllamaTimeoutException.Kind)}
	 */
	public CompletableFuture<GatewayConnection> acquire(StreamingGeneration generation) {
		long acquireDeadline = Deadlines.after(System.nanoTime(), this.settings.acquireTimeout());
		boolean requestEndsFirst = generation.deadlineNanos() - acquireDeadline < 0;
		return acquire(requestEndsFirst ? generation.deadlineNanos() : acquireDeadline,
				requestEndsFirst ? OllamaTimeoutException.Kind.REQUEST : OllamaTimeoutException.Kind.ACQUIRE);
	}

	/**
	 * Gives back a slot taken with {@link #acquire} that was not used for a request.
	 * @param connection the connection
	 */
	public void release(GatewayConnection connection) {
		released(connection);
	}

	/**
	 * Sends a generation whose connection was lost before its first token again, once.
	 * @param generation the generation
	 * @param loss what happened to its connection
	 */
	public void retry(StreamingGeneration generation, io.github.ollamaws.client.ConnectionLostException loss) {
		// It waits for a connection (the replacement, with a pool of one) as a new
		// request would.
		acquire(generation).whenComplete((connection, error) -> {
			if (error != null) {
				generation.failBeforeSending(loss);
			}
			else if (!connection.dispatch(generation)) {
				release(connection);
			}
		});
	}

	/**
	 * A snapshot of the connections.
	 * @return the status
	 */
	public PoolStatus status() {
		this.lock.lock();
		try {
			int open = 0;
			int ready = 0;
			int inFlight = 0;
			for (Slot slot : this.slots) {
				GatewayConnection connection = slot.connection;
				if (connection != null && connection.isOpen()) {
					open++;
					if (connection.isReady()) {
						ready++;
					}
				}
				if (connection != null) {
					inFlight += connection.slotsInUse().get();
				}
			}
			return new PoolStatus(this.slots.length, open, ready, inFlight, this.waiters.size(), this.reconnects.get(),
					this.lastFailure, this.lastFailureAt, this.closing);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Shuts the pool down: refuses new requests, lets requests in flight finish for up to
	 * {@code timeout}, cancels the rest (stopping them on the gateway), then closes every
	 * connection.
	 * @param timeout how long requests in flight may go on
	 */
	public void shutdown(Duration timeout) {
		List<Runnable> after = new ArrayList<>();
		this.lock.lock();
		try {
			if (this.closing) {
				return;
			}
			this.closing = true;
			for (Slot slot : this.slots) {
				if (slot.retry != null) {
					slot.retry.cancel(false);
					slot.retry = null;
				}
			}
			Waiter waiter;
			while ((waiter = this.waiters.poll()) != null) {
				Waiter refused = waiter;
				after.add(() -> refused.future.completeExceptionally(new TemplateClosedException()));
			}
		}
		finally {
			this.lock.unlock();
		}
		run(after);
		awaitDrained(timeout);
		for (GatewayConnection connection : connections()) {
			for (StreamingGeneration generation : connection.generations()) {
				generation.cancelNow();
			}
		}
		for (GatewayConnection connection : connections()) {
			connection.close("client shutdown");
		}
		this.sweeper.cancel(false);
	}

	private void awaitDrained(Duration timeout) {
		long deadline = Deadlines.after(System.nanoTime(), timeout);
		this.lock.lock();
		try {
			while (inFlight() > 0) {
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0) {
					return;
				}
				this.drained.awaitNanos(remaining);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.lock.unlock();
		}
	}

	// GatewayConnection.Listener

	@Override
	public void opened(GatewayConnection connection) {
		publish(new OllamaConnectedEvent(this.eventSource, connection.name(), this.settings.url()));
	}

	@Override
	public void released(GatewayConnection connection) {
		List<Runnable> after = new ArrayList<>();
		this.lock.lock();
		try {
			connection.slotsInUse().decrementAndGet();
			serveWaiters(after);
			if (this.closing) {
				this.drained.signalAll();
			}
		}
		finally {
			this.lock.unlock();
		}
		run(after);
	}

	@Override
	public void closed(GatewayConnection connection, boolean wasOpen, int code, String reason) {
		List<Runnable> after = new ArrayList<>();
		this.lock.lock();
		try {
			Slot slot = slotOf(connection);
			if (slot == null || slot.connecting) {
				// Not ours any more, or still opening: the outcome of open() handles it.
				return;
			}
			slot.connection = null;
			after.add(() -> publish(new OllamaDisconnectedEvent(this.eventSource, connection.name(),
					this.settings.url(), code, reason)));
			if (this.closing) {
				return;
			}
			logger.info(
					"Gateway connection " + connection.name() + " closed (" + code + " " + reason + "); replacing it");
			// A connection that worked is replaced at once; backoff starts if the
			// replacement fails.
			slot.failures = 0;
			after.add(() -> publish(new OllamaReconnectingEvent(this.eventSource, connection.name(),
					this.settings.url(), 1, Duration.ZERO)));
			startConnect(slot, after);
			if (!anyReadyOrConnecting()) {
				scheduleReconnect(slot, after);
			}
		}
		finally {
			this.lock.unlock();
		}
		run(after);
	}

	// Connecting

	/**
	 * Starts a connection attempt on an empty slot, if the backoff and the one-probe rule
	 * allow it.
	 */
	private void startConnect(Slot slot, List<Runnable> after) {
		if (this.closing || !this.active || slot.connection != null || slot.retry != null) {
			return;
		}
		if (!anyReady() && anyConnecting()) {
			// Nothing works yet: one attempt at a time, so that a bad key burns one
			// attempt, not one per slot.
			return;
		}
		long wait = this.notBeforeNanos - System.nanoTime();
		if (wait > 0) {
			slot.retry = this.factory.scheduler().schedule(() -> retryNow(slot), wait, TimeUnit.NANOSECONDS);
			return;
		}
		GatewayConnection connection = this.factory.create(this);
		slot.connection = connection;
		slot.connecting = true;
		after.add(() -> connection.open().whenComplete((ready, error) -> opened(slot, connection, error)));
	}

	private void retryNow(Slot slot) {
		List<Runnable> after = new ArrayList<>();
		this.lock.lock();
		try {
			slot.retry = null;
			startConnect(slot, after);
		}
		finally {
			this.lock.unlock();
		}
		run(after);
	}

	private void opened(Slot slot, GatewayConnection connection, Throwable error) {
		List<Runnable> after = new ArrayList<>();
		boolean closeIt = false;
		this.lock.lock();
		try {
			if (slot.connection != connection) {
				return;
			}
			slot.connecting = false;
			if (error == null) {
				if (this.closing) {
					slot.connection = null;
					closeIt = true;
				}
				else {
					succeeded(slot, connection, after);
				}
			}
			else {
				slot.connection = null;
				failed(slot, connection, asOllamaException(error), after);
			}
		}
		finally {
			this.lock.unlock();
		}
		if (closeIt) {
			connection.close("client shutdown");
		}
		run(after);
	}

	private void succeeded(Slot slot, GatewayConnection connection, List<Runnable> after) {
		boolean reconnected = slot.hadConnection || this.lastFailure != null;
		slot.failures = 0;
		slot.hadConnection = true;
		this.lastFailure = null;
		this.lastFailureAt = null;
		this.authFailureLogged = false;
		if (reconnected) {
			this.reconnects.incrementAndGet();
		}
		after.add(() -> {
			publish(new OllamaAuthenticatedEvent(this.eventSource, connection.name(), this.settings.url()));
			if (reconnected) {
				publish(new OllamaReconnectedEvent(this.eventSource, connection.name(), this.settings.url()));
			}
		});
		serveWaiters(after);
		// The key is good: bring up the rest of the pool.
		for (Slot other : this.slots) {
			startConnect(other, after);
		}
	}

	private void failed(Slot slot, GatewayConnection connection, OllamaWsException error, List<Runnable> after) {
		slot.failures++;
		this.lastFailure = error;
		this.lastFailureAt = Instant.now();
		if (error instanceof AuthenticationException || error instanceof RateLimitedException) {
			Duration wait = this.settings.reconnectMaxDelay();
			if (error instanceof RateLimitedException limited && limited.retryAfter().compareTo(wait) > 0) {
				wait = limited.retryAfter();
			}
			wait = wait.plus(RETRY_AFTER_MARGIN);
			this.notBeforeNanos = Math.max(this.notBeforeNanos, Deadlines.after(System.nanoTime(), wait));
			Integer remaining = (error instanceof AuthenticationException rejected
					&& rejected.remainingAttempts().isPresent()) ? rejected.remainingAttempts().getAsInt() : null;
			Duration retryAfter = (error instanceof RateLimitedException limited) ? limited.retryAfter() : null;
			if (!this.authFailureLogged) {
				this.authFailureLogged = true;
				logger.warn("The gateway at " + this.settings.url() + " rejected client '" + this.settings.clientId()
						+ "': " + error.getMessage() + ". Next attempt in " + wait.toSeconds()
						+ " s; check ollama.ws.client-id and the private key");
			}
			after.add(() -> publish(new OllamaAuthenticationFailedEvent(this.eventSource, connection.name(),
					this.settings.url(), error, remaining, retryAfter)));
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("Gateway connection " + connection.name() + " failed: " + error.getMessage());
		}
		if (!anyReadyOrConnecting()) {
			// Nothing is coming soon: tell the waiting requests now rather than at their
			// timeout.
			failWaiters(error, after);
		}
		scheduleReconnect(slot, after);
	}

	private void scheduleReconnect(Slot slot, List<Runnable> after) {
		if (this.closing || slot.retry != null || slot.connection != null) {
			return;
		}
		int maxAttempts = this.settings.reconnectMaxAttempts();
		if (maxAttempts != -1 && slot.failures >= maxAttempts) {
			// Given up until the next request asks for a connection.
			this.active = anyReadyOrConnecting();
			slot.failures = 0;
			logger.warn("Giving up connecting to the gateway at " + this.settings.url() + " after " + maxAttempts
					+ " attempts; the next request tries again");
			return;
		}
		Duration delay = backoff(slot.failures);
		long gate = this.notBeforeNanos - System.nanoTime();
		if (gate > delay.toNanos()) {
			delay = Duration.ofNanos(gate);
		}
		Duration scheduled = delay;
		int attempt = slot.failures + 1;
		slot.retry = this.factory.scheduler().schedule(() -> retryNow(slot), delay.toNanos(), TimeUnit.NANOSECONDS);
		after.add(() -> publish(new OllamaReconnectingEvent(this.eventSource, "slot-" + slotIndex(slot),
				this.settings.url(), attempt, scheduled)));
	}

	/**
	 * The delay before attempt {@code failures + 1}: exponential, capped, with jitter.
	 */
	Duration backoff(int failures) {
		return this.backoff.delay(failures, ThreadLocalRandom.current().nextDouble());
	}

	// Slots and waiters

	private void serveWaiters(List<Runnable> after) {
		while (!this.waiters.isEmpty()) {
			GatewayConnection connection = leastLoaded();
			if (connection == null) {
				return;
			}
			Waiter waiter = this.waiters.poll();
			if (waiter.future.isDone()) {
				continue;
			}
			connection.slotsInUse().incrementAndGet();
			after.add(() -> {
				if (waiter.future.complete(connection)) {
					this.settings.observer().slotAcquired(Duration.ofNanos(System.nanoTime() - waiter.enqueuedNanos));
				}
				else {
					release(connection);
				}
			});
		}
	}

	private void failWaiters(OllamaWsException error, List<Runnable> after) {
		Waiter waiter;
		while ((waiter = this.waiters.poll()) != null) {
			Waiter failed = waiter;
			after.add(() -> failed.future.completeExceptionally(error));
		}
	}

	private void sweep() {
		try {
			long now = System.nanoTime();
			for (GatewayConnection connection : connections()) {
				connection.sweep(now);
			}
			List<Runnable> after = new ArrayList<>();
			this.lock.lock();
			try {
				this.waiters.removeIf((waiter) -> {
					if (waiter.future.isDone()) {
						return true;
					}
					if (now - waiter.deadlineNanos >= 0) {
						Duration limit = (waiter.kind == OllamaTimeoutException.Kind.ACQUIRE)
								? this.settings.acquireTimeout() : Duration.ofNanos(now - waiter.enqueuedNanos);
						after.add(() -> waiter.future
							.completeExceptionally(new OllamaTimeoutException(waiter.kind, limit, null)));
						return true;
					}
					return false;
				});
			}
			finally {
				this.lock.unlock();
			}
			run(after);
		}
		catch (RuntimeException ex) {
			logger.error("Gateway connection sweep failed", ex);
		}
	}

	private List<GatewayConnection> connections() {
		this.lock.lock();
		try {
			List<GatewayConnection> connections = new ArrayList<>(this.slots.length);
			for (Slot slot : this.slots) {
				if (slot.connection != null) {
					connections.add(slot.connection);
				}
			}
			return connections;
		}
		finally {
			this.lock.unlock();
		}
	}

	private GatewayConnection leastLoaded() {
		int[] loads = new int[this.slots.length];
		for (int i = 0; i < this.slots.length; i++) {
			Slot slot = this.slots[i];
			GatewayConnection connection = slot.connection;
			loads[i] = (connection != null && !slot.connecting && connection.isReady()) ? connection.slotsInUse().get()
					: ConnectionChoice.UNAVAILABLE;
		}
		int chosen = ConnectionChoice.leastLoaded(loads, this.settings.maxInFlightPerConnection());
		return (chosen != -1) ? this.slots[chosen].connection : null;
	}

	private int inFlight() {
		int total = 0;
		for (Slot slot : this.slots) {
			if (slot.connection != null) {
				total += slot.connection.slotsInUse().get();
			}
		}
		return total;
	}

	private boolean anyReady() {
		for (Slot slot : this.slots) {
			if (slot.connection != null && !slot.connecting && slot.connection.isReady()) {
				return true;
			}
		}
		return false;
	}

	private boolean anyConnecting() {
		for (Slot slot : this.slots) {
			if (slot.connecting) {
				return true;
			}
		}
		return false;
	}

	private boolean anyReadyOrConnecting() {
		return anyReady() || anyConnecting();
	}

	private Slot slotOf(GatewayConnection connection) {
		for (Slot slot : this.slots) {
			if (slot.connection == connection) {
				return slot;
			}
		}
		return null;
	}

	private int slotIndex(Slot slot) {
		for (int i = 0; i < this.slots.length; i++) {
			if (this.slots[i] == slot) {
				return i + 1;
			}
		}
		return 0;
	}

	private OllamaWsException unavailable() {
		if (this.lastFailure != null) {
			return this.lastFailure;
		}
		return new GatewayUnavailableException("No connection to the gateway at " + this.settings.url(), null);
	}

	private void publish(OllamaConnectionEvent event) {
		try {
			this.settings.eventListener().accept(event);
		}
		catch (RuntimeException ex) {
			logger.warn("An ollama-ws event listener failed on " + event, ex);
		}
	}

	private static void run(List<Runnable> actions) {
		for (Runnable action : actions) {
			action.run();
		}
	}

	static OllamaWsException asOllamaException(Throwable error) {
		Throwable cause = AsyncFailures.unwrap(error);
		if (cause instanceof OllamaWsException ollama) {
			return ollama;
		}
		return new GatewayUnavailableException("Connection to the gateway failed: " + cause, cause);
	}

	/** One of the pool's connections, present or to come. */
	private static final class Slot {

		GatewayConnection connection;

		boolean connecting;

		boolean hadConnection;

		int failures;

		ScheduledFuture<?> retry;

	}

	/** A request waiting for a slot. */
	private static final class Waiter {

		final CompletableFuture<GatewayConnection> future = new CompletableFuture<>();

		final long enqueuedNanos = System.nanoTime();

		final long deadlineNanos;

		final OllamaTimeoutException.Kind kind;

		Waiter(long deadlineNanos, OllamaTimeoutException.Kind kind) {
			this.deadlineNanos = deadlineNanos;
			this.kind = kind;
		}

	}

}
