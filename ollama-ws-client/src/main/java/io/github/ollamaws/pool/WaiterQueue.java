package io.github.ollamaws.pool;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.github.ollamaws.core.OllamaTimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * The requests waiting for a slot while every connection is at its limit, in arrival
 * order: a slot that frees goes to the oldest request still waiting, and a request gives
 * up at its own deadline.
 *
 * <p>
 * Not thread-safe: the pool calls it under its lock. Waiters are never completed there:
 * what completes them is added to the caller's list of actions, which the pool runs once
 * it has released its lock.
 *
 * @param <C> what a waiter is handed: the connection whose slot it holds
 */
final class WaiterQueue<C> {

	private final ArrayDeque<Waiter<C>> waiters = new ArrayDeque<>();

	private final Duration acquireTimeout;

	private final Consumer<Duration> handedOver;

	/**
	 * An empty queue.
	 * @param acquireTimeout the limit reported when a waiter with an
	 * {@link OllamaTimeoutException.Kind#ACQUIRE ACQUIRE} deadline times out
	 * @param handedOver told how long each waiter that got a slot waited for it
	 */
	WaiterQueue(Duration acquireTimeout, Consumer<Duration> handedOver) {
		this.acquireTimeout = acquireTimeout;
		this.handedOver = handedOver;
	}

	/**
	 * Adds a request to the end of the queue.
	 * @param nowNanos the current {@link System#nanoTime()}
	 * @param deadlineNanos when it gives up, as a {@link System#nanoTime()} value
	 * @param deadlineKind the timeout it reports then
	 * @param waitsWhileDown whether it keeps waiting through failed connection attempts
	 * (see {@link #failAll(Supplier, boolean, List)})
	 * @return completes with the connection whose slot the request then holds, or
	 * exceptionally if it times out or the queue is failed; cancelling it gives up the
	 * place in the queue
	 */
	CompletableFuture<C> add(long nowNanos, long deadlineNanos, OllamaTimeoutException.Kind deadlineKind,
			boolean waitsWhileDown) {
		Waiter<C> waiter = new Waiter<>(nowNanos, deadlineNanos, deadlineKind, waitsWhileDown);
		this.waiters.add(waiter);
		return waiter.future;
	}

	/**
	 * Whether no request waits (waiters that gave up and are not yet removed count).
	 * @return {@code true} if the queue is empty
	 */
	boolean isEmpty() {
		return this.waiters.isEmpty();
	}

	/**
	 * The number of requests in the queue (waiters that gave up and are not yet removed
	 * count).
	 * @return the size
	 */
	int size() {
		return this.waiters.size();
	}

	/**
	 * Hands free slots to the waiters, oldest first, as long as both remain; waiters that
	 * gave up meanwhile are dropped.
	 * @param slots the pool's free slots
	 * @param after the actions to run once the pool's lock is released
	 */
	void serve(Slots<C> slots, List<Runnable> after) {
		while (!this.waiters.isEmpty()) {
			C connection = slots.free();
			if (connection == null) {
				return;
			}
			Waiter<C> waiter = this.waiters.poll();
			if (waiter.future.isDone()) {
				continue;
			}
			slots.take(connection);
			after.add(() -> {
				if (waiter.future.complete(connection)) {
					this.handedOver.accept(Duration.ofNanos(System.nanoTime() - waiter.enqueuedNanos));
				}
				else {
					// Gave up between being served and being told.
					slots.giveBack(connection);
				}
			});
		}
	}

	/**
	 * Times out the waiters whose deadline has come, wherever they are in the queue, and
	 * drops those that gave up.
	 * @param nowNanos the current {@link System#nanoTime()}
	 * @param after the actions to run once the pool's lock is released
	 */
	void expire(long nowNanos, List<Runnable> after) {
		expire(nowNanos, null, after);
	}

	/**
	 * Times out the waiters whose deadline has come, as {@link #expire(long, List)}, with
	 * the reason no connection was free as the timeouts' cause.
	 * @param nowNanos the current {@link System#nanoTime()}
	 * @param cause why no connection works (the last failed attempt), or {@code null}
	 * @param after the actions to run once the pool's lock is released
	 */
	void expire(long nowNanos, @Nullable Throwable cause, List<Runnable> after) {
		this.waiters.removeIf((waiter) -> {
			if (waiter.future.isDone()) {
				return true;
			}
			if (nowNanos - waiter.deadlineNanos >= 0) {
				Duration limit = (waiter.kind == OllamaTimeoutException.Kind.ACQUIRE) ? this.acquireTimeout
						: Duration.ofNanos(nowNanos - waiter.enqueuedNanos);
				after.add(() -> {
					OllamaTimeoutException timeout = new OllamaTimeoutException(waiter.kind, limit, null);
					if (cause != null) {
						timeout.initCause(cause);
					}
					waiter.future.completeExceptionally(timeout);
				});
				return true;
			}
			return false;
		});
	}

	/**
	 * Fails every waiter and empties the queue.
	 * @param failure the failure of each waiter
	 * @param after the actions to run once the pool's lock is released
	 */
	void failAll(Supplier<? extends Throwable> failure, List<Runnable> after) {
		failAll(failure, true, after);
	}

	/**
	 * Fails the waiters that do not wait while no connection works, or all of them.
	 * @param failure the failure of each waiter
	 * @param all {@code false} to keep the waiters that wait through failed connection
	 * attempts
	 * @param after the actions to run once the pool's lock is released
	 */
	void failAll(Supplier<? extends Throwable> failure, boolean all, List<Runnable> after) {
		this.waiters.removeIf((waiter) -> {
			if (!all && waiter.waitsWhileDown && !waiter.future.isDone()) {
				return false;
			}
			CompletableFuture<C> failed = waiter.future;
			after.add(() -> failed.completeExceptionally(failure.get()));
			return true;
		});
	}

	/**
	 * The slots the queue hands out.
	 *
	 * @param <C> the connection a slot is on
	 */
	interface Slots<C> {

		/**
		 * A connection with a free slot.
		 * @return the connection the next slot is taken on, or {@code null} if none is
		 * free
		 */
		C free();

		/**
		 * Takes a slot on the connection for a waiter; called under the pool's lock.
		 * @param connection the connection {@link #free()} returned
		 */
		void take(C connection);

		/**
		 * Gives back a slot taken for a waiter that gave up before it was handed over;
		 * called once the pool's lock is released.
		 * @param connection the connection
		 */
		void giveBack(C connection);

	}

	/** A request waiting for a slot. */
	private static final class Waiter<C> {

		final CompletableFuture<C> future = new CompletableFuture<>();

		final long enqueuedNanos;

		final long deadlineNanos;

		final OllamaTimeoutException.Kind kind;

		final boolean waitsWhileDown;

		Waiter(long enqueuedNanos, long deadlineNanos, OllamaTimeoutException.Kind kind, boolean waitsWhileDown) {
			this.enqueuedNanos = enqueuedNanos;
			this.deadlineNanos = deadlineNanos;
			this.kind = kind;
			this.waitsWhileDown = waitsWhileDown;
		}

	}

}
