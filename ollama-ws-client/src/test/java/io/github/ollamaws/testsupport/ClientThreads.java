package io.github.ollamaws.testsupport;

import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.awaitility.core.ConditionTimeoutException;

import io.github.ollamaws.testserver.HostilePeer;

import static org.awaitility.Awaitility.await;

/**
 * The threads alive before a client was used, to check that closing it left none of its
 * own behind: its own ({@code ollama-ws-*}) and Tomcat's
 * ({@code WebSocketClient-AsyncIO-*}, {@code WebSocket background processing}). A hostile
 * peer's threads are left out: the peer is the test's.
 */
public final class ClientThreads {

	private final Set<Thread> before;

	private ClientThreads(Set<Thread> before) {
		this.before = before;
	}

	/**
	 * The threads alive now.
	 * @return the snapshot
	 */
	public static ClientThreads snapshot() {
		Set<Thread> threads = Collections.newSetFromMap(new IdentityHashMap<>());
		threads.addAll(Thread.getAllStackTraces().keySet());
		return new ClientThreads(threads);
	}

	/**
	 * The names of the client's own threads alive now: its I/O, timer and fleet threads,
	 * and Tomcat's client threads.
	 * @return the names
	 */
	public static Set<String> clientThreadNames() {
		List<String> prefixes = List.of("ollama-ws-io-", "ollama-ws-scheduler-", "ollama-ws-fleet-",
				"WebSocketClient-");
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter(Thread::isAlive)
			.map(Thread::getName)
			.filter((name) -> prefixes.stream().anyMatch(name::startsWith))
			.collect(Collectors.toSet());
	}

	/**
	 * The names of the threads started since the snapshot and still alive, the peer's
	 * left out.
	 * @return the names
	 */
	public List<String> newThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> !this.before.contains(thread) && thread.isAlive())
			.map(Thread::getName)
			.filter((name) -> !name.startsWith(HostilePeer.THREAD_PREFIX) && !name.startsWith("ForkJoinPool.commonPool")
					&& !name.startsWith("awaitility"))
			.sorted()
			.toList();
	}

	/**
	 * Waits until every thread started since the snapshot has ended.
	 * @param limit how long they may take to end
	 */
	public void awaitAllEnded(Duration limit) {
		try {
			await("threads started since the snapshot to end").atMost(limit).until(this::newThreads, List::isEmpty);
		}
		catch (ConditionTimeoutException ex) {
			// What they are doing, to tell why they did not end.
			StringBuilder stacks = new StringBuilder("Threads left behind:");
			Thread.getAllStackTraces().forEach((thread, stack) -> {
				if (newThreads().contains(thread.getName())) {
					stacks.append("\n").append(thread.getName());
					for (StackTraceElement element : stack) {
						stacks.append("\n\tat ").append(element);
					}
				}
			});
			throw new AssertionError(stacks.toString(), ex);
		}
	}

}
