package io.github.ollamaws.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadInfo;
import java.util.HashMap;
import java.util.Map;

import com.sun.management.OperatingSystemMXBean;
import com.sun.management.ThreadMXBean;

/**
 * Reads what the client costs in this process: its CPU time, the bytes allocated by the WebSocket
 * container's receive threads (Tomcat's {@code WebSocketClient-AsyncIO-*}, which decode frames and run the
 * handlers), and the heap retained after a full collection.
 */
final class ClientMeter {

	/** The name prefix of the threads Tomcat's client container receives frames on. */
	static final String RECEIVE_THREAD_PREFIX = "WebSocketClient-AsyncIO-";

	private final OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

	private final ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();

	private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

	ClientMeter() {
		if (this.threads.isThreadAllocatedMemorySupported()) {
			this.threads.setThreadAllocatedMemoryEnabled(true);
		}
	}

	/**
	 * Reads the counters now.
	 * @return the reading
	 */
	Reading read() {
		long[] ids = this.threads.getAllThreadIds();
		ThreadInfo[] infos = this.threads.getThreadInfo(ids);
		Map<Long, Long> allocated = new HashMap<>();
		for (ThreadInfo info : infos) {
			if (info != null && info.getThreadName().startsWith(RECEIVE_THREAD_PREFIX)) {
				long bytes = this.threads.getThreadAllocatedBytes(info.getThreadId());
				if (bytes >= 0) {
					allocated.put(info.getThreadId(), bytes);
				}
			}
		}
		return new Reading(System.nanoTime(), this.os.getProcessCpuTime(), allocated);
	}

	/**
	 * The heap in use after full collections, so that only what is reachable counts.
	 * @return the used heap in bytes
	 */
	long retainedHeap() {
		long used = Long.MAX_VALUE;
		for (int i = 0; i < 3; i++) {
			System.gc();
			used = Math.min(used, this.memory.getHeapMemoryUsage().getUsed());
		}
		return used;
	}

	/**
	 * The counters at one moment.
	 *
	 * @param wallNanos {@link System#nanoTime()}
	 * @param cpuNanos the process's CPU time
	 * @param receiveThreadAllocatedBytes the bytes each receive thread has allocated so far, by thread id
	 */
	record Reading(long wallNanos, long cpuNanos, Map<Long, Long> receiveThreadAllocatedBytes) {

		/**
		 * What happened between an earlier reading and this one.
		 * @param earlier the earlier reading
		 * @return the differences
		 */
		Usage since(Reading earlier) {
			long allocated = 0;
			for (Map.Entry<Long, Long> thread : this.receiveThreadAllocatedBytes.entrySet()) {
				// A thread started in between allocated all its bytes in between.
				allocated += thread.getValue() - earlier.receiveThreadAllocatedBytes.getOrDefault(thread.getKey(), 0L);
			}
			return new Usage(this.wallNanos - earlier.wallNanos, this.cpuNanos - earlier.cpuNanos, allocated);
		}

	}

	/**
	 * The client's consumption over an interval.
	 *
	 * @param wallNanos the elapsed time
	 * @param cpuNanos the process's CPU time
	 * @param receiveAllocatedBytes the bytes the receive threads allocated
	 */
	record Usage(long wallNanos, long cpuNanos, long receiveAllocatedBytes) {

	}

}
