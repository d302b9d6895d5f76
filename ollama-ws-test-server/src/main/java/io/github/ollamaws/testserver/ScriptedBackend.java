package io.github.ollamaws.testserver;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.ollamaws.testserver.ollama.OllamaGenerateSchema;

/**
 * A {@link ModelBackend} whose models follow {@link ScriptedModel scripts}. Unknown
 * models fail like Ollama's 404. Tokens are produced on a small scheduler shared by the
 * backend's generations (daemon threads named {@code ollama-ws-scripted-*}, started with
 * the backend and stopped by {@link #close()}): with zero delays a generation streams as
 * fast as the connection takes it (no sleep, no thread hop per token), with delays the
 * next token is scheduled, never slept for.
 *
 * <p>
 * Strict about what Ollama would receive: a generation whose Ollama request body
 * ({@link GenerationRequest#ollamaBody()}) breaks Ollama's schema
 * ({@link OllamaGenerateSchema}: an unknown field, a model parameter outside
 * {@code options}, a wrong type) fails as Ollama's 400 with the violations, where a real
 * Ollama would often ignore the setting without a word.
 *
 * <pre class="code">
 * ScriptedBackend backend = ScriptedBackend.create()
 *     .model("llama2", "Hello", ", ", "world")
 *     .model(ScriptedModel.named("slow").tokenCount(20).tokenDelay(Duration.ofMillis(100)));
 * </pre>
 */
public final class ScriptedBackend implements ModelBackend {

	/** The tokens of the default {@code llama2} model of {@link #withDefaultModels()}. */
	public static final List<String> DEFAULT_TOKENS = List.of("Hello", ",", " I", " am", " llama2", ".");

	/**
	 * Tokens sent in one burst before a zero-delay generation yields its thread to
	 * others.
	 */
	private static final int BURST = 64;

	private static final AtomicInteger backendCount = new AtomicInteger();

	private final Map<String, ScriptedModel> models = new ConcurrentHashMap<>();

	private final Object schedulerLock = new Object();

	private ScheduledThreadPoolExecutor scheduler;

	private ScriptedBackend() {
		// Started up front so that tests counting threads around a client's lifecycle see
		// no new ones.
		scheduler();
	}

	/**
	 * Creates a backend without models.
	 * @return the backend
	 */
	public static ScriptedBackend create() {
		return new ScriptedBackend();
	}

	/**
	 * Creates a backend with the model {@code llama2} answering {@link #DEFAULT_TOKENS}.
	 * @return the backend
	 */
	public static ScriptedBackend withDefaultModels() {
		return create().model(ScriptedModel.named("llama2").tokens(DEFAULT_TOKENS));
	}

	/**
	 * Adds (or replaces) a model answering every prompt with these tokens.
	 * @param name the model's name
	 * @param tokens the tokens
	 * @return this backend
	 */
	public ScriptedBackend model(String name, String... tokens) {
		return model(ScriptedModel.named(name).tokens(tokens));
	}

	/**
	 * Adds (or replaces) a scripted model.
	 * @param model the script
	 * @return this backend
	 */
	public ScriptedBackend model(ScriptedModel model) {
		this.models.put(model.name(), model);
		return this;
	}

	/**
	 * Removes a model; requests for it then fail as an unknown model.
	 * @param name the model's name
	 * @return this backend
	 */
	public ScriptedBackend remove(String name) {
		this.models.remove(name);
		return this;
	}

	/**
	 * Returns the script of a model.
	 * @param name the model's name
	 * @return the script, or {@code null} if there is no such model
	 */
	public ScriptedModel script(String name) {
		return this.models.get(name);
	}

	@Override
	public List<ModelDescriptor> listModels() {
		List<ModelDescriptor> descriptors = new ArrayList<>();
		this.models.values().forEach((model) -> descriptors.add(model.descriptor()));
		descriptors.sort((a, b) -> a.name().compareTo(b.name()));
		return descriptors;
	}

	@Override
	public GenerationHandle generate(GenerationRequest request, TokenSink sink) {
		ScriptedModel model = this.models.get(request.model());
		ScheduledThreadPoolExecutor executor = scheduler();
		List<String> violations = OllamaGenerateSchema.violations(request.ollamaBody());
		if (!violations.isEmpty()) {
			return failLater(executor, sink, "Ollama API error: 400 " + Frames.MAPPER.createObjectNode()
				.put("error", "strict test backend: " + String.join("; ", violations)));
		}
		if (model == null) {
			return failLater(executor, sink, "Ollama API error: 404 {\"error\":\"model \\\"" + request.model()
					+ "\\\" not found, try pulling it first\"}");
		}
		if (model.isNeverAnswering()) {
			return () -> {
			};
		}
		List<String> tokens;
		try {
			tokens = model.tokensFor(request);
		}
		catch (FormatReplies.MismatchException ex) {
			return failLater(executor, sink, ex.getMessage());
		}
		ScriptedRun run = new ScriptedRun(model, tokens, sink, executor);
		run.scheduleNext(model.firstTokenDelay().toNanos());
		return run;
	}

	private static GenerationHandle failLater(ScheduledThreadPoolExecutor executor, TokenSink sink, String message) {
		try {
			executor.execute(() -> sink.fail(message));
		}
		catch (RejectedExecutionException ex) {
			// The backend was closed: nothing left to report to.
		}
		return () -> {
		};
	}

	@Override
	public void close() {
		synchronized (this.schedulerLock) {
			if (this.scheduler != null) {
				this.scheduler.shutdownNow();
				this.scheduler = null;
			}
		}
	}

	private ScheduledThreadPoolExecutor scheduler() {
		synchronized (this.schedulerLock) {
			if (this.scheduler == null) {
				int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
				String prefix = "ollama-ws-scripted-" + backendCount.incrementAndGet() + "-";
				AtomicInteger threadCount = new AtomicInteger();
				ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(threads, (task) -> {
					Thread thread = new Thread(task, prefix + threadCount.incrementAndGet());
					thread.setDaemon(true);
					// Not the context class loader of the Tomcat thread that happened to
					// start the first generation.
					thread.setContextClassLoader(ScriptedBackend.class.getClassLoader());
					return thread;
				});
				executor.setRemoveOnCancelPolicy(true);
				executor.prestartAllCoreThreads();
				this.scheduler = executor;
			}
			return this.scheduler;
		}
	}

	/**
	 * One generation following its script: runs a burst of tokens per task, scheduling
	 * the next task when the script has a delay.
	 */
	private static final class ScriptedRun implements Runnable, GenerationHandle {

		private final ScriptedModel model;

		private final List<String> tokens;

		private final TokenSink sink;

		private final ScheduledThreadPoolExecutor executor;

		private volatile boolean aborted;

		private int next;

		ScriptedRun(ScriptedModel model, List<String> tokens, TokenSink sink, ScheduledThreadPoolExecutor executor) {
			this.model = model;
			this.tokens = tokens;
			this.sink = sink;
			this.executor = executor;
		}

		@Override
		public void run() {
			long delay = this.model.tokenDelay().toNanos();
			for (int burst = 0; burst < BURST; burst++) {
				if (this.aborted) {
					return;
				}
				if (this.next == this.model.failAfter()) {
					this.sink.fail(this.model.failureMessage());
					return;
				}
				if (this.next >= this.tokens.size()) {
					this.sink.complete();
					return;
				}
				this.sink.token(this.tokens.get(this.next++));
				if (delay > 0 && this.next < this.tokens.size()) {
					scheduleNext(delay);
					return;
				}
			}
			scheduleNext(0);
		}

		void scheduleNext(long delayNanos) {
			if (this.aborted || this.executor.isShutdown()) {
				return;
			}
			try {
				if (delayNanos > 0) {
					this.executor.schedule(this, delayNanos, TimeUnit.NANOSECONDS);
				}
				else {
					this.executor.execute(this);
				}
			}
			catch (RejectedExecutionException ex) {
				// The backend was closed: its generations simply stop.
			}
		}

		@Override
		public void abort() {
			this.aborted = true;
		}

	}

}
