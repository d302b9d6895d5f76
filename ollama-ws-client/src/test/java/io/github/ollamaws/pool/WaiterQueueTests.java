package io.github.ollamaws.pool;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.github.ollamaws.core.GatewayUnavailableException;
import io.github.ollamaws.core.OllamaTimeoutException;
import io.github.ollamaws.core.TemplateClosedException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WaiterQueue}, the requests waiting for a slot: served in arrival order
 * (a freed slot goes to the oldest waiter), each timed out at its own deadline with its
 * own kind of timeout, waiters that gave up skipped without costing a slot, and all of
 * them failed typed at shutdown. Waiters are completed only when the actions the queue
 * hands back run, as the pool runs them after releasing its lock.
 */
class WaiterQueueTests {

	private static final Duration ACQUIRE_TIMEOUT = Duration.ofSeconds(2);

	private static final long SECOND = Duration.ofSeconds(1).toNanos();

	private final List<Duration> handedOver = new ArrayList<>();

	private final WaiterQueue<String> queue = new WaiterQueue<>(ACQUIRE_TIMEOUT, this.handedOver::add);

	private final TestSlots slots = new TestSlots();

	private final List<Runnable> after = new ArrayList<>();

	@Test
	void waitersAreServedInArrivalOrder() {
		CompletableFuture<String> first = add(0);
		CompletableFuture<String> second = add(0);
		CompletableFuture<String> third = add(0);
		this.slots.free("a", "b", "c");
		this.queue.serve(this.slots, this.after);
		runAfter();
		assertThat(first).isCompletedWithValue("a");
		assertThat(second).isCompletedWithValue("b");
		assertThat(third).isCompletedWithValue("c");
		assertThat(this.slots.taken).containsExactly("a", "b", "c");
		assertThat(this.queue.isEmpty()).isTrue();
		assertThat(this.handedOver).hasSize(3).allMatch((waited) -> !waited.isNegative());
	}

	@Test
	void aServedWaiterReportsHowLongItWaited() {
		long enqueued = System.nanoTime();
		CompletableFuture<String> waiter = add(enqueued);
		this.slots.free("a");
		this.queue.serve(this.slots, this.after);
		runAfter();
		long served = System.nanoTime();
		assertThat(waiter).isCompletedWithValue("a");
		assertThat(this.handedOver).singleElement()
			.satisfies((waited) -> assertThat(waited.toNanos()).isBetween(0L, served - enqueued));
	}

	@Test
	void aFreedSlotGoesToTheOldestWaiter() {
		CompletableFuture<String> oldest = add(0);
		CompletableFuture<String> newer = add(0);
		CompletableFuture<String> newest = add(0);
		this.slots.free("freed");
		this.queue.serve(this.slots, this.after);
		runAfter();
		assertThat(oldest).isCompletedWithValue("freed");
		assertThat(newer).isNotDone();
		assertThat(newest).isNotDone();
		assertThat(this.queue.size()).isEqualTo(2);
		this.slots.free("next");
		this.queue.serve(this.slots, this.after);
		runAfter();
		assertThat(newer).isCompletedWithValue("next");
		assertThat(newest).isNotDone();
	}

	@Test
	void nothingIsServedWhileNoSlotIsFree() {
		CompletableFuture<String> waiter = add(0);
		this.queue.serve(this.slots, this.after);
		assertThat(this.after).isEmpty();
		assertThat(waiter).isNotDone();
		assertThat(this.queue.size()).isOne();
		assertThat(this.slots.taken).isEmpty();
	}

	@Test
	void waitersThatGaveUpAreSkippedWithoutTakingASlot() {
		CompletableFuture<String> cancelled = add(0);
		CompletableFuture<String> waiting = add(0);
		cancelled.cancel(false);
		this.slots.free("a");
		this.queue.serve(this.slots, this.after);
		runAfter();
		assertThat(waiting).isCompletedWithValue("a");
		assertThat(this.slots.taken).containsExactly("a");
		assertThat(this.slots.givenBack).isEmpty();
	}

	@Test
	void aSlotTakenForAWaiterThatGaveUpBeforeBeingToldIsGivenBack() {
		CompletableFuture<String> waiter = add(0);
		this.slots.free("a");
		this.queue.serve(this.slots, this.after);
		// Cancelled between being served (under the lock) and being told (after it).
		waiter.cancel(false);
		runAfter();
		assertThat(this.slots.taken).containsExactly("a");
		assertThat(this.slots.givenBack).containsExactly("a");
		assertThat(this.handedOver).isEmpty();
	}

	@Test
	void aWaiterTimesOutAtItsDeadlineWithItsKindOfTimeout() {
		long start = 5 * SECOND;
		CompletableFuture<String> acquire = add(start, start + SECOND, OllamaTimeoutException.Kind.ACQUIRE);
		CompletableFuture<String> request = add(start, start + 3 * SECOND, OllamaTimeoutException.Kind.REQUEST);
		this.queue.expire(start + SECOND - 1, this.after);
		runAfter();
		assertThat(acquire).isNotDone();
		this.queue.expire(start + SECOND, this.after);
		runAfter();
		assertThat(acquire).isCompletedExceptionally();
		assertThat(timeoutOf(acquire).kind()).isEqualTo(OllamaTimeoutException.Kind.ACQUIRE);
		// The acquire timeout reports the setting that limited it.
		assertThat(timeoutOf(acquire).limit()).isEqualTo(ACQUIRE_TIMEOUT);
		assertThat(request).isNotDone();
		assertThat(this.queue.size()).isOne();
		this.queue.expire(start + 3 * SECOND, this.after);
		runAfter();
		assertThat(timeoutOf(request).kind()).isEqualTo(OllamaTimeoutException.Kind.REQUEST);
		// A request's own deadline reports how long it waited.
		assertThat(timeoutOf(request).limit()).isEqualTo(Duration.ofSeconds(3));
		assertThat(this.queue.isEmpty()).isTrue();
	}

	@Test
	void aLaterWaiterWithAnEarlierDeadlineTimesOutFirstAndTheOrderOfTheOthersStays() {
		CompletableFuture<String> first = add(0, 10 * SECOND, OllamaTimeoutException.Kind.ACQUIRE);
		CompletableFuture<String> hurried = add(0, SECOND, OllamaTimeoutException.Kind.REQUEST);
		CompletableFuture<String> third = add(0, 10 * SECOND, OllamaTimeoutException.Kind.ACQUIRE);
		this.queue.expire(SECOND, this.after);
		runAfter();
		assertThat(hurried).isCompletedExceptionally();
		this.slots.free("a");
		this.queue.serve(this.slots, this.after);
		runAfter();
		assertThat(first).isCompletedWithValue("a");
		assertThat(third).isNotDone();
	}

	@Test
	void expiringDropsWaitersThatGaveUp() {
		CompletableFuture<String> cancelled = add(0);
		add(0);
		cancelled.cancel(false);
		this.queue.expire(0, this.after);
		assertThat(this.after).isEmpty();
		assertThat(this.queue.size()).isOne();
	}

	@Test
	void deadlinesHoldAcrossTheWrapAroundOfNanoTime() {
		long start = Long.MAX_VALUE - SECOND / 2;
		CompletableFuture<String> waiter = add(start, start + SECOND, OllamaTimeoutException.Kind.ACQUIRE);
		this.queue.expire(start + SECOND / 2 + 1, this.after);
		runAfter();
		assertThat(waiter).isNotDone();
		this.queue.expire(start + SECOND, this.after);
		runAfter();
		assertThat(waiter).isCompletedExceptionally();
	}

	@Test
	void shutdownFailsEveryWaiterTyped() {
		List<CompletableFuture<String>> waiters = List.of(add(0), add(0), add(0));
		this.queue.failAll(TemplateClosedException::new, this.after);
		assertThat(this.queue.isEmpty()).isTrue();
		assertThat(waiters).noneMatch(CompletableFuture::isDone);
		runAfter();
		for (CompletableFuture<String> waiter : waiters) {
			assertThat(failureOf(waiter)).isInstanceOf(TemplateClosedException.class);
		}
	}

	@Test
	void aFailureOfTheGatewayFailsEveryWaiterWithIt() {
		GatewayUnavailableException failure = new GatewayUnavailableException("down", null);
		CompletableFuture<String> first = add(0);
		CompletableFuture<String> second = add(0);
		this.queue.failAll(() -> failure, this.after);
		runAfter();
		assertThat(failureOf(first)).isSameAs(failure);
		assertThat(failureOf(second)).isSameAs(failure);
	}

	@Test
	void waitersThatWaitWhileNoConnectionWorksOutlastAFailedAttemptButNotAFinalFailure() {
		GatewayUnavailableException failure = new GatewayUnavailableException("down", null);
		CompletableFuture<String> failsFast = add(0);
		CompletableFuture<String> waits = this.queue.add(0, 10 * SECOND, OllamaTimeoutException.Kind.ACQUIRE, true);
		this.queue.failAll(() -> failure, false, this.after);
		runAfter();
		assertThat(failureOf(failsFast)).isSameAs(failure);
		assertThat(waits).isNotDone();
		this.slots.free("back");
		this.queue.serve(this.slots, this.after);
		runAfter();
		assertThat(waits).isCompletedWithValue("back");
		CompletableFuture<String> waitsAgain = this.queue.add(0, 10 * SECOND, OllamaTimeoutException.Kind.ACQUIRE,
				true);
		this.queue.failAll(() -> failure, true, this.after);
		runAfter();
		assertThat(failureOf(waitsAgain)).isSameAs(failure);
	}

	@Test
	void aWaiterThatTimesOutWhileNoConnectionWorksCarriesTheLastFailure() {
		GatewayUnavailableException failure = new GatewayUnavailableException("refused", null);
		CompletableFuture<String> waiter = this.queue.add(0, SECOND, OllamaTimeoutException.Kind.ACQUIRE, true);
		this.queue.expire(SECOND, failure, this.after);
		runAfter();
		OllamaTimeoutException timeout = timeoutOf(waiter);
		assertThat(timeout.kind()).isEqualTo(OllamaTimeoutException.Kind.ACQUIRE);
		assertThat(timeout).hasCause(failure);
	}

	private CompletableFuture<String> add(long nowNanos) {
		return add(nowNanos, nowNanos + 10 * SECOND, OllamaTimeoutException.Kind.ACQUIRE);
	}

	private CompletableFuture<String> add(long nowNanos, long deadlineNanos, OllamaTimeoutException.Kind kind) {
		return this.queue.add(nowNanos, deadlineNanos, kind, false);
	}

	private void runAfter() {
		List<Runnable> actions = List.copyOf(this.after);
		this.after.clear();
		actions.forEach(Runnable::run);
	}

	private static OllamaTimeoutException timeoutOf(CompletableFuture<String> waiter) {
		Throwable failure = failureOf(waiter);
		assertThat(failure).isInstanceOf(OllamaTimeoutException.class);
		return (OllamaTimeoutException) failure;
	}

	private static Throwable failureOf(CompletableFuture<String> waiter) {
		assertThat(waiter).isCompletedExceptionally();
		return waiter.handle((connection, failure) -> failure).join();
	}

	/** Free slots the test hands out, one per connection name, in order. */
	private static final class TestSlots implements WaiterQueue.Slots<String> {

		private final Deque<String> free = new ArrayDeque<>();

		final List<String> taken = new ArrayList<>();

		final List<String> givenBack = new ArrayList<>();

		void free(String... connections) {
			this.free.addAll(List.of(connections));
		}

		@Override
		public String free() {
			return this.free.peek();
		}

		@Override
		public void take(String connection) {
			assertThat(this.free.poll()).isEqualTo(connection);
			this.taken.add(connection);
		}

		@Override
		public void giveBack(String connection) {
			this.givenBack.add(connection);
		}

	}

}
