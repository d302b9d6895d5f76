package io.github.ollamaws.pool;

import java.security.cert.CertificateException;
import java.time.Duration;
import java.time.Instant;
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

import javax.net.ssl.SSLHandshakeException;

import io.github.ollamaws.connection.AsyncFailures;
import io.github.ollamaws.connection.ClientSettings;
import io.github.ollamaws.connection.ConnectionFactory;
import io.github.ollamaws.connection.Deadlines;
import io.github.ollamaws.connection.GatewayConnection;
import io.github.ollamaws.connection.StreamingGeneration;
import io.github.ollamaws.core.GatewayUnavailableException;
import io.github.ollamaws.core.GatewayUrls;
import io.github.ollamaws.core.OllamaTimeoutException;
import io.github.ollamaws.core.OllamaWsException;
import io.github.ollamaws.core.PoolStatus;
import io.github.ollamaws.core.ProtocolException;
import io.github.ollamaws.core.TemplateClosedException;
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
 *
 * <p>
 * The pool keeps an entry per connection, and coordinates the parts that do one job each:
 * the {@link WaiterQueue} of requests waiting for a slot, the {@link RejectedKeyGate}
 * that holds attempts back after a rejected key, the {@link ReconnectPolicy} that times
 * the next attempt, and the {@link ConnectionEvents} it publishes.
 */
public final class ConnectionPool implements GatewayConnection.Listener {

	private static final Log logger = LogFactory.getLog(ConnectionPool.class);

	/** How often time limits and heartbeats are checked. */
	private static final Duration SWEEP_INTERVAL = Duration.ofMillis(100);

	private final ClientSettings settings;

	private final ConnectionFactory factory;

	private final ConnectionEvents events;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition drained = this.lock.newCondition();

	private final PoolEntry[] entries;

	private final WaiterQueue<GatewayConnection> waiters;

	private final WaiterQueue.Slots<GatewayConnection> freeSlots = new FreeSlots();

	private final AtomicLong reconnects = new AtomicLong();

	private final ReconnectPolicy reconnectPolicy;

	private final ScheduledFuture<?> sweeper;

	// Guarded by lock.
	private boolean active;

	private boolean closing;

	private final RejectedKeyGate rejectedKeyGate;

	private OllamaWsException lastFailure;

	private Instant lastFailureAt;

	/**
	 * A pool that opens nothing until first used or {@link #warmUp() warmed up}.
	 * @param settings the client's settings
	 * @param factory opens the connections
	 * @param eventSource the source of the events the pool publishes (the template)
	 */
	public ConnectionPool(ClientSettings settings, ConnectionFactory factory, Object eventSource) {
		this.settings = settings;
		this.factory = factory;
		this.events = new ConnectionEvents(eventSource, settings.url(), settings.hooks().eventListener());
		this.waiters = new WaiterQueue<>(settings.pool().acquireTimeout(),
				(waited) -> settings.hooks().observer().slotAcquired(waited));
		this.reconnectPolicy = ReconnectPolicy.of(settings);
		this.rejectedKeyGate = new RejectedKeyGate(settings.reconnect().maxDelay(), System.nanoTime());
		this.entries = new PoolEntry[settings.pool().size()];
		for (int i = 0; i < this.entries.length; i++) {
			this.entries[i] = new PoolEntry();
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
		// Fails with the first attempt's failure, whether requests wait or not.
		CompletableFuture<GatewayConnection> first = acquire(Deadlines.after(System.nanoTime(), timeout),
				OllamaTimeoutException.Kind.CONNECT, false);
		try {
			release(first.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
		}
		catch (ExecutionException ex) {
			throw AsyncFailures.asOllamaException(ex.getCause());
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
	 * Takes a request slot on a ready connection; while no connection works, waits for
	 * one or fails at once as the settings'
	 * {@link ClientSettings.Pool#waitForConnection()} says.
	 * @param deadlineNanos when to give up waiting, as a {@link System#nanoTime()} value
	 * @param deadlineKind the timeout to report if the deadline passes
	 * @return completes with a connection whose slot the caller now holds (to
	 * {@link #release} if the request is not sent), or exceptionally with an
	 * {@link OllamaWsException}
	 */
	public CompletableFuture<GatewayConnection> acquire(long deadlineNanos, OllamaTimeoutException.Kind deadlineKind) {
		return acquire(deadlineNanos, deadlineKind, this.settings.pool().waitForConnection());
	}

	/**
	 * Takes a request slot on a ready connection.
	 * @param deadlineNanos when to give up waiting, as a {@link System#nanoTime()} value
	 * @param deadlineKind the timeout to report if the deadline passes
	 * @param waitWhileDown whether to wait through failed connection attempts (but never
	 * for a rejected key) rather than fail with the last failure
	 * @return as {@link #acquire(long, OllamaTimeoutException.Kind)}
	 */
	private CompletableFuture<GatewayConnection> acquire(long deadlineNanos, OllamaTimeoutException.Kind deadlineKind,
			boolean waitWhileDown) {
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
				connection.slotTaken();
				this.settings.hooks().observer().slotAcquired(Duration.ZERO);
				return CompletableFuture.completedFuture(connection);
			}
			for (PoolEntry entry : this.entries) {
				startConnect(entry, after);
			}
			if (!anyReadyOrConnecting() && !(waitWhileDown && reconnectionMayHelp())) {
				return CompletableFuture.failedFuture(unavailable());
			}
			CompletableFuture<GatewayConnection> waiter = this.waiters.add(System.nanoTime(), deadlineNanos,
					deadlineKind, waitWhileDown);
			// Waiters ahead may have given up (cancelled, timed out) while a slot is
			// free: serve in order now.
			this.waiters.serve(this.freeSlots, after);
			return waiter;
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
		long acquireDeadline = Deadlines.after(System.nanoTime(), this.settings.pool().acquireTimeout());
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
	 * A snapshot of the connections.
	 * @return the status
	 */
	public PoolStatus status() {
		this.lock.lock();
		try {
			int open = 0;
			int ready = 0;
			int inFlight = 0;
			for (PoolEntry entry : this.entries) {
				GatewayConnection connection = entry.connection;
				if (connection != null && connection.isOpen()) {
					open++;
					if (connection.isReady()) {
						ready++;
					}
				}
				if (connection != null) {
					inFlight += connection.inFlight();
				}
			}
			return new PoolStatus(this.entries.length, open, ready, inFlight, this.waiters.size(),
					this.reconnects.get(), this.lastFailure, this.lastFailureAt, this.closing);
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
			for (PoolEntry entry : this.entries) {
				if (entry.retry != null) {
					entry.retry.cancel(false);
					entry.retry = null;
				}
			}
			this.waiters.failAll(TemplateClosedException::new, after);
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
		this.events.connected(connection.name());
	}

	@Override
	public void released(GatewayConnection connection) {
		List<Runnable> after = new ArrayList<>();
		this.lock.lock();
		try {
			connection.slotFreed();
			this.waiters.serve(this.freeSlots, after);
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
			PoolEntry entry = entryOf(connection);
			if (entry == null || entry.connecting) {
				// Not ours any more, or still opening: the outcome of open() handles it.
				return;
			}
			entry.connection = null;
			after.add(() -> this.events.disconnected(connection.name(), code, reason));
			if (this.closing) {
				return;
			}
			logger.info(
					"Gateway connection " + connection.name() + " closed (" + code + " " + reason + "); replacing it");
			// A connection that worked is replaced at once; backoff starts if that fails.
			entry.failures = 0;
			after.add(() -> this.events.reconnecting(connection.name(), 1, Duration.ZERO));
			startConnect(entry, after);
			if (!anyReadyOrConnecting()) {
				scheduleReconnect(entry, after);
			}
		}
		finally {
			this.lock.unlock();
		}
		run(after);
	}

	// Connecting

	/**
	 * Starts a connection attempt on an entry without a connection, if the backoff and
	 * the one-probe rule allow it.
	 * @param entry the entry
	 * @param after the actions to run once the lock is released
	 */
	private void startConnect(PoolEntry entry, List<Runnable> after) {
		if (this.closing || !this.active || entry.connection != null || entry.retry != null) {
			return;
		}
		if (!anyReady() && anyConnecting()) {
			// Nothing works yet: one attempt at a time, so that a bad key burns one
			// attempt, not one per entry.
			return;
		}
		long wait = this.rejectedKeyGate.remainingNanos(System.nanoTime());
		if (wait > 0) {
			entry.retry = this.factory.scheduler().schedule(() -> retryNow(entry), wait, TimeUnit.NANOSECONDS);
			return;
		}
		GatewayConnection connection = this.factory.create(this);
		entry.connection = connection;
		entry.connecting = true;
		after.add(() -> connection.open().whenComplete((ready, error) -> opened(entry, connection, error)));
	}

	private void retryNow(PoolEntry entry) {
		List<Runnable> after = new ArrayList<>();
		this.lock.lock();
		try {
			entry.retry = null;
			startConnect(entry, after);
		}
		finally {
			this.lock.unlock();
		}
		run(after);
	}

	private void opened(PoolEntry entry, GatewayConnection connection, Throwable error) {
		List<Runnable> after = new ArrayList<>();
		boolean closeIt = false;
		this.lock.lock();
		try {
			if (entry.connection != connection) {
				return;
			}
			entry.connecting = false;
			if (error == null) {
				if (this.closing) {
					entry.connection = null;
					closeIt = true;
				}
				else {
					succeeded(entry, connection, after);
				}
			}
			else {
				entry.connection = null;
				failed(entry, connection, AsyncFailures.asOllamaException(error), after);
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

	private void succeeded(PoolEntry entry, GatewayConnection connection, List<Runnable> after) {
		boolean reconnected = entry.hadConnection || this.lastFailure != null;
		entry.failures = 0;
		entry.hadConnection = true;
		this.lastFailure = null;
		this.lastFailureAt = null;
		this.rejectedKeyGate.accepted();
		if (reconnected) {
			this.reconnects.incrementAndGet();
		}
		after.add(() -> this.events.authenticated(connection.name(), reconnected));
		this.waiters.serve(this.freeSlots, after);
		// The key is good: bring up the rest of the pool.
		for (PoolEntry other : this.entries) {
			startConnect(other, after);
		}
	}

	private void failed(PoolEntry entry, GatewayConnection connection, OllamaWsException error, List<Runnable> after) {
		entry.failures++;
		this.lastFailure = error;
		this.lastFailureAt = Instant.now();
		if (RejectedKeyGate.isRejection(error)) {
			Duration wait = this.rejectedKeyGate.rejected(error, System.nanoTime());
			if (this.rejectedKeyGate.firstRejection()) {
				logger.warn("The gateway at " + GatewayUrls.redact(this.settings.url()) + " rejected client '"
						+ this.settings.clientId() + "': " + error.getMessage() + ". Next attempt in "
						+ wait.toSeconds() + " s; check the client id and the private key");
			}
			after.add(() -> this.events.authenticationFailed(connection.name(), error));
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("Gateway connection " + connection.name() + " failed: " + error.getMessage());
		}
		if (!anyReadyOrConnecting()) {
			// Nothing is coming soon: tell the waiting requests
			// now, not at their timeout, unless they wait for
			// the next attempt (pointless after a rejected key).
			this.waiters.failAll(() -> error, !reconnectionMayHelp(), after);
		}
		scheduleReconnect(entry, after);
	}

	private void scheduleReconnect(PoolEntry entry, List<Runnable> after) {
		if (this.closing || entry.retry != null || entry.connection != null) {
			return;
		}
		if (this.reconnectPolicy.givesUp(entry.failures)) {
			// Given up until the next request asks for a connection.
			this.active = anyReadyOrConnecting();
			entry.failures = 0;
			logger.warn("Giving up connecting to the gateway at " + GatewayUrls.redact(this.settings.url()) + " after "
					+ this.settings.reconnect().maxAttempts() + " attempts; the next request tries again");
			if (!this.active && this.lastFailure != null) {
				// No attempt is coming: requests that wait for one would wait in vain.
				OllamaWsException failure = this.lastFailure;
				this.waiters.failAll(() -> failure, after);
			}
			return;
		}
		Duration delay = this.reconnectPolicy.delay(entry.failures,
				this.rejectedKeyGate.remainingNanos(System.nanoTime()), ThreadLocalRandom.current().nextDouble());
		int attempt = entry.failures + 1;
		// No connection exists yet: the events name its place in the pool.
		String entryName = "pool-entry-" + entryIndex(entry);
		entry.retry = this.factory.scheduler().schedule(() -> retryNow(entry), delay.toNanos(), TimeUnit.NANOSECONDS);
		after.add(() -> this.events.reconnecting(entryName, attempt, delay));
	}

	// Entries and waiters

	private void sweep() {
		try {
			long now = System.nanoTime();
			for (GatewayConnection connection : connections()) {
				connection.sweep(now);
			}
			List<Runnable> after = new ArrayList<>();
			this.lock.lock();
			try {
				this.waiters.expire(now, this.lastFailure, after);
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
			List<GatewayConnection> connections = new ArrayList<>(this.entries.length);
			for (PoolEntry entry : this.entries) {
				if (entry.connection != null) {
					connections.add(entry.connection);
				}
			}
			return connections;
		}
		finally {
			this.lock.unlock();
		}
	}

	private GatewayConnection leastLoaded() {
		int[] loads = new int[this.entries.length];
		for (int i = 0; i < this.entries.length; i++) {
			PoolEntry entry = this.entries[i];
			GatewayConnection connection = entry.connection;
			loads[i] = (connection != null && !entry.connecting && connection.isReady()) ? connection.inFlight()
					: ConnectionChoice.UNAVAILABLE;
		}
		int chosen = ConnectionChoice.leastLoaded(loads, this.settings.pool().maxInFlight());
		return (chosen != -1) ? this.entries[chosen].connection : null;
	}

	private int inFlight() {
		int total = 0;
		for (PoolEntry entry : this.entries) {
			if (entry.connection != null) {
				total += entry.connection.inFlight();
			}
		}
		return total;
	}

	private boolean anyReady() {
		for (PoolEntry entry : this.entries) {
			if (entry.connection != null && !entry.connecting && entry.connection.isReady()) {
				return true;
			}
		}
		return false;
	}

	private boolean anyConnecting() {
		for (PoolEntry entry : this.entries) {
			if (entry.connecting) {
				return true;
			}
		}
		return false;
	}

	private boolean anyReadyOrConnecting() {
		return anyReady() || anyConnecting();
	}

	private PoolEntry entryOf(GatewayConnection connection) {
		for (PoolEntry entry : this.entries) {
			if (entry.connection == connection) {
				return entry;
			}
		}
		return null;
	}

	private int entryIndex(PoolEntry entry) {
		for (int i = 0; i < this.entries.length; i++) {
			if (this.entries[i] == entry) {
				return i + 1;
			}
		}
		return 0;
	}

	/**
	 * Whether a request may wait for the next connection attempt: not after a rejected
	 * key, whose next attempt is at least the longest backoff away, nor after a TLS
	 * handshake that failed (an untrusted certificate) or a gateway that broke the
	 * protocol, which no restart mends.
	 * @return {@code true} unless the last failure was one of those
	 */
	private boolean reconnectionMayHelp() {
		if (this.lastFailure == null) {
			return true;
		}
		if (RejectedKeyGate.isRejection(this.lastFailure) || this.lastFailure instanceof ProtocolException) {
			return false;
		}
		for (Throwable cause = this.lastFailure; cause != null; cause = cause.getCause()) {
			if (cause instanceof SSLHandshakeException || cause instanceof CertificateException) {
				return false;
			}
		}
		return true;
	}

	private OllamaWsException unavailable() {
		if (this.lastFailure != null) {
			return this.lastFailure;
		}
		return new GatewayUnavailableException(
				"No connection to the gateway at " + GatewayUrls.redact(this.settings.url()), null);
	}

	private static void run(List<Runnable> actions) {
		for (Runnable action : actions) {
			action.run();
		}
	}

	/**
	 * One of the pool's {@code poolSize} places for a connection: the connection in it
	 * (open, or opening), or the attempt to come, and its failures so far.
	 */
	private static final class PoolEntry {

		GatewayConnection connection;

		boolean connecting;

		boolean hadConnection;

		int failures;

		ScheduledFuture<?> retry;

	}

	/** The pool's free slots, as its waiters take them; used under the lock. */
	private final class FreeSlots implements WaiterQueue.Slots<GatewayConnection> {

		@Override
		public GatewayConnection free() {
			return leastLoaded();
		}

		@Override
		public void take(GatewayConnection connection) {
			connection.slotTaken();
		}

		@Override
		public void giveBack(GatewayConnection connection) {
			release(connection);
		}

	}

}
