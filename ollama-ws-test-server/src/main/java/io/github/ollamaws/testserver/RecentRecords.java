package io.github.ollamaws.testserver;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The most recent records of something the server saw, for tests to inspect; the oldest
 * are dropped past a bound, so a long test cannot exhaust memory. Thread-safe.
 *
 * @param <T> the type of record
 */
final class RecentRecords<T> {

	private final int limit;

	private final Deque<T> records = new ArrayDeque<>();

	RecentRecords(int limit) {
		this.limit = limit;
	}

	synchronized void add(T record) {
		if (this.records.size() == this.limit) {
			this.records.removeFirst();
		}
		this.records.addLast(record);
	}

	synchronized List<T> snapshot() {
		return new ArrayList<>(this.records);
	}

	synchronized void clear() {
		this.records.clear();
	}

}
