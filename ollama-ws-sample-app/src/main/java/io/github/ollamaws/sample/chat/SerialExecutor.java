package io.github.ollamaws.sample.chat;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs tasks one at a time, in submission order, on a shared executor; holds them until
 * {@link #open() opened}. Keeps slow SSE writes off the client's I/O thread without a
 * thread per stream.
 */
final class SerialExecutor implements Executor {

	private final Executor executor;

	private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();

	private final AtomicBoolean draining = new AtomicBoolean();

	private volatile boolean open;

	SerialExecutor(Executor executor) {
		this.executor = executor;
	}

	@Override
	public void execute(Runnable task) {
		this.tasks.add(task);
		schedule();
	}

	/**
	 * Starts running the tasks submitted so far, and those to come.
	 */
	void open() {
		this.open = true;
		schedule();
	}

	private void schedule() {
		if (this.open && !this.tasks.isEmpty() && this.draining.compareAndSet(false, true)) {
			this.executor.execute(this::drain);
		}
	}

	private void drain() {
		try {
			Runnable task;
			while ((task = this.tasks.poll()) != null) {
				task.run();
			}
		}
		finally {
			this.draining.set(false);
		}
		// A task submitted while the loop was finishing is picked up here.
		schedule();
	}

}
