package io.github.ollamaws.benchmarks;

/**
 * One measured figure: the client's value, the bare baseline's when there is one, and the
 * target it is held to.
 *
 * @param key the figure's name in the {@code name=value} output
 * @param title what is measured, for the table
 * @param unit the unit of the values
 * @param ours the client's values over the runs
 * @param bare the bare baseline's values over the same runs, or {@code null}
 * @param target the target, in words, or {@code null}
 * @param met whether the target is met, or {@code null} without a target
 */
record Figure(String key, String title, String unit, Summary ours, Summary bare, String target, Boolean met) {

	/**
	 * The client's median over the baseline's.
	 * @return the ratio, or {@code NaN} without a baseline or when the baseline's median
	 * is below 1 (nearly nothing: the bare handler allocates no bytes per frame)
	 */
	double ratio() {
		return (this.bare != null && this.bare.median() >= 1) ? this.ours.median() / this.bare.median() : Double.NaN;
	}

	/**
	 * The same figure judged against a target.
	 * @param target the target, in words
	 * @param met whether it is met
	 * @return the judged figure
	 */
	Figure judged(String target, boolean met) {
		return new Figure(this.key, this.title, this.unit, this.ours, this.bare, target, met);
	}

}
