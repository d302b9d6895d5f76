package io.github.ollamaws.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * The gateway ({@link GatewayMain}) in a JVM process of its own, started with the same
 * {@code java} binary and class path as this one. Closing it always ends the process,
 * forcibly if it does not exit at once.
 */
final class GatewayProcess implements AutoCloseable {

	private static final int KEPT_OUTPUT_LINES = 50;

	private final Process process;

	private final Thread shutdownHook;

	private final Deque<String> output = new ArrayDeque<>();

	private final CompletableFuture<Map<String, String>> startup = new CompletableFuture<>();

	private GatewayProcess(Process process) {
		this.process = process;
		this.shutdownHook = new Thread(process::destroyForcibly, "ollama-ws-benchmarks-gateway-killer");
		Runtime.getRuntime().addShutdownHook(this.shutdownHook);
		Thread reader = new Thread(this::readOutput, "ollama-ws-benchmarks-gateway-output");
		reader.setDaemon(true);
		reader.start();
	}

	/**
	 * Starts the gateway and waits until it listens.
	 * @param classPath the class path holding the test server and {@link GatewayMain}
	 * @param tokenCounts the scripted models' token counts
	 * @param publicKeys the clients to register, by name
	 * @param startupTimeout how long to wait for the gateway to start
	 * @return the running gateway
	 * @throws IOException if the process cannot start or the gateway does not come up
	 */
	static GatewayProcess start(String classPath, Collection<Integer> tokenCounts, Map<String, PublicKey> publicKeys,
			Duration startupTimeout) throws IOException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-Xmx1g");
		command.add("-cp");
		command.add(classPath);
		command.add(GatewayMain.class.getName());
		command.add(tokenCounts.stream().map(String::valueOf).collect(Collectors.joining(",")));
		publicKeys
			.forEach((name, key) -> command.add(name + "=" + Base64.getEncoder().encodeToString(key.getEncoded())));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		GatewayProcess gateway = new GatewayProcess(process);
		try {
			gateway.startup.get(startupTimeout.toMillis(), TimeUnit.MILLISECONDS);
			return gateway;
		}
		catch (ExecutionException | TimeoutException ex) {
			gateway.close();
			throw new IOException("The gateway process did not start; its output:\n" + gateway.recentOutput(), ex);
		}
		catch (InterruptedException ex) {
			gateway.close();
			Thread.currentThread().interrupt();
			throw new IOException("Interrupted while starting the gateway process", ex);
		}
	}

	/**
	 * The gateway's WebSocket URL.
	 * @return the URL
	 */
	URI url() {
		return URI.create("ws://127.0.0.1:" + this.startup.join().get("port"));
	}

	/**
	 * The client id the gateway registered a public key under.
	 * @param name the key's name, as passed to {@link #start}
	 * @return the client id
	 */
	String clientId(String name) {
		return this.startup.join().get("clientId." + name);
	}

	/**
	 * The process's id, to tell its CPU apart in reports.
	 * @return the pid
	 */
	long pid() {
		return this.process.pid();
	}

	private void readOutput() {
		Map<String, String> values = new HashMap<>();
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				remember(line);
				if (!this.startup.isDone()) {
					if (line.equals(GatewayMain.READY)) {
						this.startup.complete(values);
					}
					else if (line.indexOf('=') > 0) {
						values.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
					}
				}
			}
		}
		catch (IOException ex) {
			// The process ended: the startup future below reports it if it never came up.
		}
		this.startup.completeExceptionally(new IOException("The gateway process exited"));
	}

	private synchronized void remember(String line) {
		if (this.output.size() == KEPT_OUTPUT_LINES) {
			this.output.removeFirst();
		}
		this.output.addLast(line);
	}

	private synchronized String recentOutput() {
		return String.join("\n", this.output);
	}

	/**
	 * Ends the process: closes its input (it exits on its own), then kills it if it
	 * lingers.
	 */
	@Override
	public void close() {
		try {
			this.process.getOutputStream().close();
			if (!this.process.waitFor(5, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
				this.process.waitFor(5, TimeUnit.SECONDS);
			}
		}
		catch (IOException ex) {
			this.process.destroyForcibly();
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
		finally {
			this.process.destroyForcibly();
			try {
				Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
			}
			catch (IllegalStateException ex) {
				// Already shutting down: the hook runs anyway.
			}
		}
	}

}
