package io.github.ollamaws.client;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.ollamaws.core.GenerateRequest;
import io.github.ollamaws.core.OllamaWsException;
import io.github.ollamaws.testserver.HostileFault;
import io.github.ollamaws.testserver.HostilePeer;
import io.github.ollamaws.testserver.TestKeyPair;
import io.github.ollamaws.testserver.TestKeys;
import io.github.ollamaws.testsupport.ClientThreads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * Every {@link HostileFault}, one per run: every call ends within its configured bound
 * with a typed {@link OllamaWsException}, {@code close()} ends within the shutdown
 * timeout plus the close handshake's second with no thread and no connection left behind
 * (the closed template is garbage), no stack trace is logged (see
 * {@link #forbidsStackTrace}), and no key material appears in any log, at any level.
 */
class FaultInjectionTests {

	private static final Duration CONNECT_TIMEOUT = Duration.ofMillis(1500);

	private static final Duration AUTH_TIMEOUT = Duration.ofMillis(1500);

	private static final Duration ACQUIRE_TIMEOUT = Duration.ofSeconds(2);

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);

	private static final Duration SHUTDOWN_TIMEOUT = Duration.ofMillis(500);

	/** What a loaded two-core machine may add to a bound. */
	private static final Duration SLACK = Duration.ofSeconds(5);

	/**
	 * The client's loggers, and those of the libraries below it (Tomcat's when bridged
	 * from JUL).
	 */
	private static final List<String> LOGGERS = List.of("io.github.ollamaws", "org.springframework.web.socket",
			"org.apache.tomcat");

	private final TestKeyPair keys = TestKeys.rsa();

	private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

	private final List<java.util.logging.LogRecord> julLogs = new CopyOnWriteArrayList<>();

	private final java.util.logging.Handler julHandler = new java.util.logging.Handler() {

		@Override
		public void publish(java.util.logging.LogRecord record) {
			FaultInjectionTests.this.julLogs.add(record);
		}

		@Override
		public void flush() {
		}

		@Override
		public void close() {
		}

	};

	private final List<Runnable> restores = new ArrayList<>();

	@BeforeEach
	void captureLogsAtEveryLevel() {
		LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
		this.logs.setContext(context);
		this.logs.start();
		for (String name : LOGGERS) {
			Logger logger = context.getLogger(name);
			Level level = logger.getLevel();
			logger.setLevel(Level.TRACE);
			logger.addAppender(this.logs);
			this.restores.add(() -> {
				logger.detachAppender(this.logs);
				logger.setLevel(level);
			});
		}
		java.util.logging.Logger tomcat = java.util.logging.Logger.getLogger("org.apache.tomcat");
		java.util.logging.Level tomcatLevel = tomcat.getLevel();
		tomcat.setLevel(java.util.logging.Level.ALL);
		tomcat.addHandler(this.julHandler);
		this.restores.add(() -> {
			tomcat.removeHandler(this.julHandler);
			tomcat.setLevel(tomcatLevel);
		});
	}

	@AfterEach
	void restoreLogging() {
		this.restores.forEach(Runnable::run);
		this.logs.stop();
	}

	@ParameterizedTest
	@EnumSource(HostileFault.class)
	void everyCallEndsTypedInTimeAndCloseLeavesNothingBehind(HostileFault fault) throws Exception {
		ClientThreads threads = ClientThreads.snapshot();
		WeakReference<OllamaTemplate> closedTemplate;
		try (HostilePeer peer = HostilePeer.start(fault)) {
			closedTemplate = callAndClose(fault, peer);
		}
		threads.awaitAllEnded(Duration.ofSeconds(10));
		// Nothing keeps the closed template, and with it its connections and their
		// buffers, from the collector.
		await("the closed template to be collected").atMost(Duration.ofSeconds(10)).until(() -> {
			System.gc();
			return closedTemplate.get() == null;
		});
		assertNoStackTraceAndNoKeyMaterial(fault);
	}

	private WeakReference<OllamaTemplate> callAndClose(HostileFault fault, HostilePeer peer) {
		OllamaTemplate template = OllamaTemplate.builder()
			.url(peer.url())
			.clientId("fault-" + fault)
			.privateKey(this.keys.privateKey())
			.pool((pool) -> pool.size(1))
			.connectTimeout(CONNECT_TIMEOUT)
			.authTimeout(AUTH_TIMEOUT)
			.pool((pool) -> pool.acquireTimeout(ACQUIRE_TIMEOUT))
			.requestTimeout(REQUEST_TIMEOUT)
			.idleTimeout(Duration.ofSeconds(1))
			.heartbeat((heartbeat) -> heartbeat.interval(Duration.ofSeconds(1)).timeout(Duration.ofSeconds(1)))
			.sendTimeLimit(Duration.ofSeconds(2))
			.maxMessageSize(1024 * 1024)
			.shutdownTimeout(SHUTDOWN_TIMEOUT)
			.reconnect((reconnect) -> reconnect.initialDelay(Duration.ofMillis(100))
				.multiplier(2.0)
				.maxDelay(Duration.ofMillis(500))
				.maxAttempts(-1)
				.jitter(0.2))
			.build();
		long start = System.nanoTime();
		List<CompletableFuture<?>> calls = List.of(template.generateAsync(GenerateRequest.of("x")),
				template.listModelsAsync(), template.pingAsync());
		// A call waits for a slot (acquire timeout), then for its answer (request
		// timeout).
		Duration bound = ACQUIRE_TIMEOUT.plus(REQUEST_TIMEOUT).plus(SLACK);
		for (CompletableFuture<?> call : calls) {
			long remaining = bound.toNanos() - (System.nanoTime() - start);
			Throwable failure = catchThrowable(() -> call.get(Math.max(0, remaining), TimeUnit.NANOSECONDS));
			assertThat(failure).as("%s: the call's outcome", fault)
				.isInstanceOf(ExecutionException.class)
				.cause()
				.isInstanceOf(OllamaWsException.class);
		}
		long closing = System.nanoTime();
		template.close();
		assertThat(Duration.ofNanos(System.nanoTime() - closing)).as("%s: close()", fault)
			.isLessThan(SHUTDOWN_TIMEOUT.plus(Duration.ofSeconds(1)).plus(SLACK));
		assertThat(template.poolStatus().open()).isZero();
		return new WeakReference<>(template);
	}

	/**
	 * Whether a log event must come without a stack trace: the client's at any level;
	 * Spring's at INFO and above; Tomcat's at ERROR (it warns with a stack trace when a
	 * write races a TCP reset, its own choice of level). Tomcat logs through
	 * java.util.logging, bridged to SLF4J once a Spring Boot test ran in the JVM.
	 */
	private static boolean forbidsStackTrace(String loggerName, Level level) {
		if (loggerName.startsWith("io.github.ollamaws")) {
			return true;
		}
		return level.isGreaterOrEqual(loggerName.startsWith("org.apache.tomcat") ? Level.ERROR : Level.INFO);
	}

	private void assertNoStackTraceAndNoKeyMaterial(HostileFault fault) {
		List<String> keyLines = this.keys.privateKeyPem()
			.lines()
			.filter((line) -> !line.startsWith("-----") && line.length() >= 16)
			.toList();
		assertThat(keyLines).isNotEmpty();
		for (ILoggingEvent event : this.logs.list) {
			if (forbidsStackTrace(event.getLoggerName(), event.getLevel())) {
				assertThat(event.getThrowableProxy())
					.as("%s: a stack trace logged with '%s'", fault, event.getFormattedMessage())
					.isNull();
			}
			assertThat(keyLines).as("%s: key material in '%s'", fault, event.getFormattedMessage())
				.noneMatch(event.getFormattedMessage()::contains);
		}
		for (java.util.logging.LogRecord record : this.julLogs) {
			if (record.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue()) {
				assertThat(record.getThrown())
					.as("%s: a stack trace logged by Tomcat with '%s'", fault, record.getMessage())
					.isNull();
			}
			String message = String.valueOf(record.getMessage());
			assertThat(keyLines).as("%s: key material in '%s'", fault, message).noneMatch(message::contains);
		}
	}

}
