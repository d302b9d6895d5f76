package io.github.ollamaws.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadInfo;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import com.sun.management.OperatingSystemMXBean;
import com.sun.management.ThreadMXBean;

/**
 * Reads what the client costs in this process: its CPU time (the whole process's, and, to
 * see where it goes, the calling thread's and the receive threads'), the bytes allocated
 * by the WebSocket container's receive threads (Tomcat's
 * {@code WebSocketClient-AsyncIO-*}, which decode frames and run the handlers), and the
 * heap retained after a full collection.
 *
 * <p>
 * The process's CPU time is read twice: from
 * {@code OperatingSystemMXBean.getProcessCpuTime()}, which on Linux counts 10 ms clock
 * ticks and lags behind over short intervals, and as the sum of the run times of all the
 * process's threads (the JVM's own included) in {@code /proc/self/task/<tid>/schedstat},
 * in nanoseconds. The second is used for the figures where {@code /proc} has it; the
 * first is printed beside it.
 */
final class ClientMeter {

	/** The name prefix of the threads Tomcat's client container receives frames on. */
	static final String RECEIVE_THREAD_PREFIX = "WebSocketClient-AsyncIO-";

	private final OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

	private final ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();

	private static final Path TASKS = Path.of("/proc/self/task");

	private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

	private final boolean schedstat = Files
		.isReadable(TASKS.resolve(String.valueOf(ProcessHandle.current().pid())).resolve("schedstat"));

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
		long processCpu = this.os.getProcessCpuTime();
		long[] runTimes = this.schedstat ? threadRunTimes() : new long[] { processCpu, 0 };
		return new Reading(System.nanoTime(), runTimes[0], processCpu, runTimes[1],
				this.threads.getCurrentThreadCpuTime(), receiveThreads);
	}

	/**
	 * The run times of the process's threads, in nanoseconds: their sum, and the garbage
	 * collector's threads' part of it (HotSpot names them {@code GC Thread#n} and
	 * {@code G1 ...}).
	 * @return the threads' total run time, then the garbage collector's threads' part
	 */
	private static long[] threadRunTimes() {
		long total = 0;
		long gc = 0;
		try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
			for (Path task : tasks) {
				try {
					String schedstat = Files.readString(task.resolve("schedstat"));
					long runTime = Long.parseLong(schedstat.substring(0, schedstat.indexOf(' ')));
					total += runTime;
					String name = Files.readString(task.resolve("comm"));
					if (name.startsWith("GC Thread") || name.startsWith("G1 ")) {
						gc += runTime;
					}
				}
				catch (IOException | RuntimeException ex) {
					// The thread ended meanwhile.
				}
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read " + TASKS, ex);
		}
		return new long[] { total, gc };
	}

	/**
	 * Whether the process's CPU time comes from its threads' run times in nanoseconds
	 * rather than clock ticks.
	 * @return {@code true} where {@code /proc/self/task/<tid>/schedstat} is readable
	 */
	boolean isPreciseProcessCpu() {
		return this.schedstat;
	}

	/**
	 * The calling thread's CPU time and allocated bytes so far.
	 * @return the CPU time in nanoseconds and the bytes, in that order
	 */
	long[] currentThread() {
		return new long[] { this.threads.getCurrentThreadCpuTime(),
				this.threads.getThreadAllocatedBytes(Thread.currentThread().getId()) };
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
	 * @param cpuNanos the process's CPU time, in nanoseconds where {@code /proc} has it
	 * @param mxBeanCpuNanos the process's CPU time from the {@code OperatingSystemMXBean}
	 * @param gcCpuNanos the garbage collector's threads' CPU time (0 where {@code /proc}
	 * does not have it)
	 * @param callerCpuNanos the reading thread's CPU time
	 * @param receiveThreads for each receive thread by id: the bytes it allocated and its
	 * CPU time so far
	 */
	record Reading(long wallNanos, long cpuNanos, long mxBeanCpuNanos, long gcCpuNanos, long callerCpuNanos,
			Map<Long, long[]> receiveThreads) {

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
					this.mxBeanCpuNanos - earlier.mxBeanCpuNanos, this.gcCpuNanos - earlier.gcCpuNanos,
					this.callerCpuNanos - earlier.callerCpuNanos, receiveCpu, allocated);
		}

	}

	/**
	 * The client's consumption over an interval.
	 *
	 * @param wallNanos the elapsed time
	 * @param cpuNanos the process's CPU time
	 * @param mxBeanCpuNanos the process's CPU time from the {@code OperatingSystemMXBean}
	 * @param gcCpuNanos the garbage collector's threads' CPU time
	 * @param callerCpuNanos the CPU time of the thread that sent the requests and waited
	 * @param receiveCpuNanos the CPU time of the receive threads
	 * @param receiveAllocatedBytes the bytes the receive threads allocated
	 */
	record Usage(long wallNanos, long cpuNanos, long mxBeanCpuNanos, long gcCpuNanos, long callerCpuNanos,
			long receiveCpuNanos, long receiveAllocatedBytes) {

		/** Nothing used yet. */
		static final Usage NONE = new Usage(0, 0, 0, 0, 0, 0, 0);

		/**
		 * This usage and another together.
		 * @param other the other usage
		 * @return the sum
		 */
		Usage plus(Usage other) {
			return new Usage(this.wallNanos + other.wallNanos, this.cpuNanos + other.cpuNanos,
					this.mxBeanCpuNanos + other.mxBeanCpuNanos, this.gcCpuNanos + other.gcCpuNanos,
					this.callerCpuNanos + other.callerCpuNanos, this.receiveCpuNanos + other.receiveCpuNanos,
					this.receiveAllocatedBytes + other.receiveAllocatedBytes);
		}

	}

}
