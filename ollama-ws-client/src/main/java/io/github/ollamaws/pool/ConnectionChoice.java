package io.github.ollamaws.pool;

/**
 * Which connection takes a request: the least loaded of those that can, so that requests
 * spread evenly over the pool; ties go to the first, so that the choice is predictable.
 */
final class ConnectionChoice {

	/** The load of a connection that takes no request (absent, opening or closed). */
	static final int UNAVAILABLE = -1;

	private ConnectionChoice() {
	}

	/**
	 * Picks the connection for a request.
	 * @param loads the request slots in use on each connection, or {@link #UNAVAILABLE}
	 * @param maxLoad the slots of one connection
	 * @return the index of the chosen connection, or {@code -1} if every one is
	 * unavailable or full
	 */
	static int leastLoaded(int[] loads, int maxLoad) {
		int best = -1;
		int bestLoad = maxLoad;
		for (int i = 0; i < loads.length; i++) {
			int load = loads[i];
			if (load != UNAVAILABLE && load < bestLoad) {
				best = i;
				bestLoad = load;
			}
		}
		return best;
	}

}
