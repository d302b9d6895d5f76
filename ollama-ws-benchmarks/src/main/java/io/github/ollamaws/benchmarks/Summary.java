package io.github.ollamaws.benchmarks;

import java.util.Arrays;
import java.util.List;

/**
 * The median, minimum and maximum of a figure over several runs.
 *
 * @param median the median
 * @param min the smallest value
 * @param max the largest value
 */
record Summary(double median, double min, double max) {

	/**
	 * Summarizes the runs' values.
	 * @param values one value per run, at least one
	 * @return the summary
	 */
	static Summary of(List<Double> values) {
		double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
		return new Summary(median(sorted), sorted[0], sorted[sorted.length - 1]);
	}

	/**
	 * The value at a percentile of samples (nearest rank).
	 * @param samples the samples, in any order (sorted in place)
	 * @param percentile the percentile, 0 to 100
	 * @return the value
	 */
	static double percentile(long[] samples, double percentile) {
		Arrays.sort(samples);
		int rank = (int) Math.ceil(percentile / 100.0 * samples.length);
		return samples[Math.max(0, Math.min(samples.length - 1, rank - 1))];
	}

	private static double median(double[] sorted) {
		int middle = sorted.length / 2;
		return (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
	}

}
