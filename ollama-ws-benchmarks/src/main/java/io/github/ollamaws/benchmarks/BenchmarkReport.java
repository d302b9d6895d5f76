package io.github.ollamaws.benchmarks;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * The outcome of a benchmark run: the figures, and the check that every stream's text was
 * right.
 *
 * @param mode the mode the run was made in
 * @param figures the figures, in the order measured
 * @param verifiedStreams the client's streams whose text equalled their script
 * @param wrongStreams the client's streams whose text did not (or that failed)
 * @param bareStreams the bare baseline's streams whose token count was right
 * @param wrongBareStreams the bare baseline's runs with a wrong token count
 */
record BenchmarkReport(Mode mode, List<Figure> figures, long verifiedStreams, long wrongStreams, long bareStreams,
		long wrongBareStreams) {

	/**
	 * Whether every figure with a target met it.
	 * @return {@code true} if no target was missed
	 */
	boolean allTargetsMet() {
		return this.figures.stream().noneMatch((figure) -> Boolean.FALSE.equals(figure.met()));
	}

	/**
	 * Prints every figure as {@code name=value} lines, then a table.
	 * @param out where to print
	 */
	void print(PrintStream out) {
		out.println("mode=" + this.mode.name().toLowerCase(Locale.ROOT));
		for (Figure figure : this.figures) {
			printValues(out, figure.key() + ".ours", figure.ours());
			if (figure.bare() != null) {
				printValues(out, figure.key() + ".bare", figure.bare());
				out.println(figure.key() + ".ratio=" + format(figure.ratio()));
			}
			if (figure.met() != null) {
				out.println(figure.key() + ".target=" + (figure.met() ? "met" : "MISSED"));
			}
		}
		out.println("streams.verified=" + this.verifiedStreams);
		out.println("streams.wrong=" + this.wrongStreams);
		out.println("bare.streams.counted=" + this.bareStreams);
		out.println("bare.runs.wrong=" + this.wrongBareStreams);
		out.println("targets=" + (allTargetsMet() ? "all met" : "MISSED"));
		out.println();
		out.print(table());
	}

	/**
	 * The figures as a Markdown table: median with min and max, for the client and the
	 * baseline.
	 * @return the table
	 */
	String table() {
		StringBuilder table = new StringBuilder();
		table.append("| Figure | Unit | ollama-ws median (min..max) | bare median (min..max) | ratio | target |\n");
		table.append("|---|---|---|---|---|---|\n");
		for (Figure figure : this.figures) {
			table.append("| ")
				.append(figure.title())
				.append(" | ")
				.append(figure.unit())
				.append(" | ")
				.append(cell(figure.ours()))
				.append(" | ")
				.append((figure.bare() != null) ? cell(figure.bare()) : "")
				.append(" | ")
				.append((figure.bare() != null && !Double.isNaN(figure.ratio())) ? format(figure.ratio()) + "x" : "")
				.append(" | ")
				.append((figure.target() != null) ? figure.target() + (figure.met() ? ": met" : ": **missed**") : "")
				.append(" |\n");
		}
		return table.toString();
	}

	private static void printValues(PrintStream out, String prefix, Summary summary) {
		out.println(prefix + ".median=" + format(summary.median()));
		out.println(prefix + ".min=" + format(summary.min()));
		out.println(prefix + ".max=" + format(summary.max()));
	}

	private static String cell(Summary summary) {
		return format(summary.median()) + " (" + format(summary.min()) + ".." + format(summary.max()) + ")";
	}

	private static String format(double value) {
		if (Double.isNaN(value)) {
			return "n/a";
		}
		if (Math.abs(value) >= 100) {
			return String.format(Locale.ROOT, "%.0f", value);
		}
		return String.format(Locale.ROOT, "%.2f", value);
	}

}
