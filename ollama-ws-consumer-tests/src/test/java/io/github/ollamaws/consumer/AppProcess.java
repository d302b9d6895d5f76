package io.github.ollamaws.consumer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A consumer application running in a JVM of its own, its output (standard output and
 * error) in a log file.
 */
final class AppProcess implements AutoCloseable {

	/**
	 * A line of a log at WARN or ERROR: Logback's and slf4j-simple's level column,
	 * java.util.logging's {@code WARNING:} / {@code SEVERE:}, the JVM's own warnings and
	 * SLF4J's ("no providers").
	 */
	static final Pattern PROBLEM = Pattern
		.compile("(^|\\s)(WARN|ERROR)(\\s|$)|^(WARNING|SEVERE|ERROR):|^SLF4J|Exception in thread");

	/**
	 * The one WARN tolerated: Tomcat's note that seeding its session id generator took
	 * more than 100 ms, which says how busy the machine is, not how the application is
	 * configured.
	 */
	static final Pattern TOLERATED = Pattern
		.compile("WARN .* o\\.a\\.c\\.util\\.SessionIdGeneratorBase +: Creation of SecureRandom instance .* took");

	private final String name;

	private final Process process;

	private final Path log;

	private AppProcess(String name, Process process, Path log) {
		this.name = name;
		this.process = process;
		this.log = log;
	}

	/**
	 * Starts a command.
	 * @param name the application's name, for messages
	 * @param command the command
	 * @param environment variables added to this JVM's
	 * @param directory the working directory
	 * @param log where its output goes
	 * @return the running process
	 */
	static AppProcess start(String name, List<String> command, Map<String, String> environment, Path directory,
			Path log) {
		ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		builder.environment().putAll(environment);
		try {
			Files.createDirectories(log.getParent());
			return new AppProcess(name, builder.start(), log);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Waits until the log has a line containing this text.
	 * @param text the text, for example {@code Started ConsumerApplication}
	 * @param timeout how long to wait
	 */
	void awaitLog(String text, Duration timeout) {
		await(this.name + " logs '" + text + "'").atMost(timeout).pollInterval(Duration.ofMillis(100)).until(() -> {
			String output = output();
			if (output.contains(text)) {
				return true;
			}
			assertThat(this.process.isAlive()).as("%s exited before logging '%s':%n%s", this.name, text, output)
				.isTrue();
			return false;
		});
	}

	/**
	 * Waits for the process to exit on its own.
	 * @param timeout how long to wait
	 * @return its exit code
	 */
	int awaitExit(Duration timeout) {
		try {
			if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				this.process.destroyForcibly();
				throw new AssertionError(this.name + " did not exit within " + timeout + ":\n" + output());
			}
			return this.process.exitValue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Stops the application as a service manager does (SIGTERM: Spring Boot shuts down
	 * gracefully) and waits for it.
	 */
	void stop() {
		this.process.destroy();
		awaitExit(Duration.ofSeconds(30));
	}

	/**
	 * Everything it printed so far.
	 * @return its output
	 */
	String output() {
		try {
			return Files.readString(this.log);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Asserts that the log, from startup to shutdown, has no WARN or ERROR line from any
	 * logger.
	 */
	void assertNoWarnings() {
		String problems = output().lines()
			.filter((line) -> PROBLEM.matcher(line).find() && !TOLERATED.matcher(line).find())
			.collect(Collectors.joining("\n"));
		assertThat(problems).as("WARN and ERROR lines of %s (whole log: %s)", this.name, this.log).isEmpty();
	}

	Path log() {
		return this.log;
	}

	@Override
	public void close() {
		// Its children too: mvnw runs Maven's JVM as one.
		this.process.descendants().forEach(ProcessHandle::destroyForcibly);
		if (this.process.isAlive()) {
			this.process.destroyForcibly();
		}
	}

}
