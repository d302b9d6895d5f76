package io.github.ollamaws.benchmarks;

/**
 * How much a benchmark run measures: the full set, a quick one (under two minutes) or a
 * smoke check of the harness itself (the shapes scaled down, one run).
 */
enum Mode {

	/**
	 * Every figure at full size, nine runs each; each streaming run repeats its workload
	 * three times for each client, interleaved, so that the process CPU clock's 10 ms
	 * ticks weigh little.
	 */
	FULL(1, 9, 3, 2, 2000, 100, 3, 50, 1000, 2000),

	/** Every figure at full size, three runs each: under two minutes. */
	QUICK(1, 3, 1, 1, 500, 100, 1, 20, 500, 1000),

	/**
	 * The shapes at a tenth of their size, one run each: checks the harness, not the
	 * client's speed.
	 */
	SMOKE(10, 1, 1, 1, 50, 10, 1, 5, 50, 300);

	final int shapeDivisor;

	final int runs;

	final int repetitions;

	final int warmUps;

	final int latencySamples;

	final int connections;

	final int connectRuns;

	final int idleConnections;

	final int inFlightStreams;

	final long idleBaselineMillis;

	Mode(int shapeDivisor, int runs, int repetitions, int warmUps, int latencySamples, int connections, int connectRuns,
			int idleConnections, int inFlightStreams, long idleBaselineMillis) {
		this.shapeDivisor = shapeDivisor;
		this.runs = runs;
		this.repetitions = repetitions;
		this.warmUps = warmUps;
		this.latencySamples = latencySamples;
		this.connections = connections;
		this.connectRuns = connectRuns;
		this.idleConnections = idleConnections;
		this.inFlightStreams = inFlightStreams;
		this.idleBaselineMillis = idleBaselineMillis;
	}

}
