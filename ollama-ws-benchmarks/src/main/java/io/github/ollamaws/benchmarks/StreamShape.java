package io.github.ollamaws.benchmarks;

import java.util.List;

/**
 * A streaming workload: how many generations of how many tokens, over how many
 * connections, all in flight at once.
 *
 * @param key the workload's name in the output
 * @param title what it is, for the table
 * @param streams the number of generations
 * @param tokensPerStream the tokens of each
 * @param connections the connections they share
 */
record StreamShape(String key, String title, int streams, int tokensPerStream, int connections) {

	/**
	 * The three workloads of the benchmark, scaled down by a divisor.
	 * @param divisor 1 for full size
	 * @return the workloads
	 */
	static List<StreamShape> all(int divisor) {
		return List.of(shape("single", 1, 100_000, 1, divisor), shape("multiplexed", 50, 2_000, 1, divisor),
				shape("pooled", 1_000, 200, 4, divisor));
	}

	private static StreamShape shape(String key, int streams, int tokens, int connections, int divisor) {
		int scaledStreams = (streams == 1) ? 1 : Math.max(connections, streams / divisor);
		int scaledTokens = (streams == 1) ? tokens / divisor : Math.max(1, tokens / divisor);
		String title = scaledStreams + " x " + scaledTokens + " tokens, " + connections
				+ ((connections == 1) ? " connection" : " connections");
		return new StreamShape(key, title, scaledStreams, scaledTokens, connections);
	}

	/**
	 * The tokens of the whole workload.
	 * @return streams times tokens per stream
	 */
	long totalTokens() {
		return (long) this.streams * this.tokensPerStream;
	}

}
