package io.github.ollamaws.benchmarks;

import java.util.Locale;

/**
 * The benchmark's command line:
 * {@code java -jar ollama-ws-benchmarks.jar [--quick|--smoke]}. Prints every figure as a
 * {@code name=value} line, then a Markdown table; exits with 0 when it completed and
 * every stream was right (missed targets are reported, not failed), 1 otherwise.
 */
public final class Benchmarks {

	private Benchmarks() {
	}

	/**
	 * Runs the benchmark.
	 * @param args {@code --quick} (under two minutes), {@code --smoke} (checks the
	 * harness only), or nothing for the full set;
	 * {@code --only=single|multiplexed|pooled|frames|fleet} to measure one streaming
	 * workload or the frame path alone (to profile it); {@code --classpath=...} to start
	 * the gateway's JVM with another class path
	 * @throws Exception if the benchmark cannot run
	 */
	public static void main(String[] args) throws Exception {
		Mode mode = Mode.FULL;
		String classPath = System.getProperty("java.class.path");
		String onlyShape = null;
		for (String arg : args) {
			if (arg.startsWith("--classpath=")) {
				classPath = arg.substring("--classpath=".length());
			}
			else if (arg.startsWith("--only=")) {
				onlyShape = arg.substring("--only=".length());
			}
			else if (arg.startsWith("--")) {
				mode = Mode.valueOf(arg.substring(2).toUpperCase(Locale.ROOT));
			}
			else {
				throw new IllegalArgumentException("Unknown argument " + arg + "; use --quick, --smoke or nothing");
			}
		}
		long start = System.nanoTime();
		BenchmarkReport report = new BenchmarkHarness(mode, classPath, System.err, onlyShape).run();
		System.err.printf(Locale.ROOT, "Completed in %.1f s%n", (System.nanoTime() - start) / 1e9);
		report.print(System.out);
		System.exit((report.wrongStreams() == 0 && report.wrongBareStreams() == 0) ? 0 : 1);
	}

}
