package io.github.ollamaws.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadInfo;
import java.util.HashMap;
import java.util.Map;

import com.sun.management.OperatingSystemMXBean;
import com.sun.management.ThreadMXBean;

/**
 * Reads what the client costs in this process: its CPU time (the whole process's, and, to see where it goes,
 * the calling thread's and the receive threads'), the bytes allocated by the WebSocket container's receive
 * threads (Tomcat's {@code WebSocketClient-AsyncIO-*}, which decode frames and run the handlers), and the
 * heap retained after a full collection.
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
		if (this.threads.isThreadCpuTimeSupported()) {
			this.threads.setThreadCpuTimeEnabled(true);
		}
	}

	/**
	 * Reads the counters now.
	 * @return the reading
	 */
	Reading read() {
		long[] ids = this.threads.getAllThreadIds();
		ThreadInfo[] infos = this.threads.getThreadInfo(ids);
		Map<Long, long[]> receiveThreads = new HashMap<>();
		for (ThreadInfo info : infos) {
			if (info != null && info.getThreadName().startsWith(RECEIVE_THREAD_PREFIX)) {
				long id = info.getThreadId();
				receiveThreads.put(id,
						new long[] { this.threads.getThreadAllocatedBytes(id), this.threads.getThreadCpuTime(id) });
			}
		}
		return new Reading(System.nanoTime(), this.os.getProcessCpuTime(), this.threads.getCurrentThreadCpuTime(),
				receiveThreads);
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
	 * @param callerCpuNanos the reading thread's CPU time
	 * @param receiveThreads for each receive thread by id: the bytes it allocated and its CPU time so far
	 */
	record Reading(long wallNanos, long cpuNanos, long callerCpuNanos, Map<Long, long[]> receiveThreads) {

		/**
		 * What happened between an earlier reading and this one.
		 * @param earlier the earlier reading
		 * @return the differences
		 */
		Usage since(Reading earlier) {
			long allocated = 0;
			long receiveCpu = 0;
			for (Map.Entry<Long, long[]> thread : this.receiveThreads.entrySet()) {
				// A thread started in between did all its work in between.
				long[] before = earlier.receiveThreads.getOrDefault(thread.getKey(), new long[2]);
				allocated += thread.getValue()[0] - before[0];
				receiveCpu += thread.getValue()[1] - before[1];
			}
			return new Usage(this.wallNanos - earlier.wallNanos, this.cpuNanos - earlier.cpuNanos,
					this.callerCpuNanos - earlier.callerCpuNanos, receiveCpu, allocated);
		}

	}

	/**
	 * The client's consumption over an interval.
	 *
	 * @param wallNanos the elapsed time
	 * @param cpuNanos the process's CPU time
	 * @param callerCpuNanos the CPU time of the thread that sent the requests and waited
	 * @param receiveCpuNanos the CPU time of the receive threads
	 * @param receiveAllocatedBytes the bytes the receive threads allocated
	 */
	record Usage(long wallNanos, long cpuNanos, long callerCpuNanos, long receiveCpuNanos,
			long receiveAllocatedBytes) {

		/** Nothing used yet. */
		static final Usage NONE = new Usage(0, 0, 0, 0, 0);

		/**
		 * This usage and another together.
		 * @param other the other usage
		 * @return the sum
		 */
		Usage plus(Usage other) {
			return new Usage(this.wallNanos + other.wallNanos, this.cpuNanos + other.cpuNanos,
					this.callerCpuNanos + other.callerCpuNanos, this.receiveCpuNanos + other.receiveCpuNanos,
					this.receiveAllocatedBytes + other.receiveAllocatedBytes);
		}

	}

}
