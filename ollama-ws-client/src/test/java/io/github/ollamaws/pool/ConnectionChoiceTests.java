package io.github.ollamaws.pool;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ConnectionChoice}: the least-loaded connection that has a free slot,
 * never the first that fits.
 */
class ConnectionChoiceTests {

	@Test
	void picksTheLeastLoaded() {
		assertThat(ConnectionChoice.leastLoaded(new int[] { 3, 1, 2 }, 10)).isEqualTo(1);
		assertThat(ConnectionChoice.leastLoaded(new int[] { 5, 4, 0 }, 10)).isEqualTo(2);
	}

	@Test
	void tiesGoToTheFirst() {
		assertThat(ConnectionChoice.leastLoaded(new int[] { 2, 1, 1 }, 10)).isEqualTo(1);
		assertThat(ConnectionChoice.leastLoaded(new int[] { 0, 0, 0 }, 10)).isZero();
	}

	@Test
	void skipsUnavailableConnections() {
		assertThat(ConnectionChoice
			.leastLoaded(new int[] { ConnectionChoice.UNAVAILABLE, 4, ConnectionChoice.UNAVAILABLE, 2 }, 10))
			.isEqualTo(3);
	}

	@Test
	void skipsFullConnections() {
		assertThat(ConnectionChoice.leastLoaded(new int[] { 10, 9 }, 10)).isEqualTo(1);
		assertThat(ConnectionChoice.leastLoaded(new int[] { 1 }, 1)).isEqualTo(-1);
	}

	@Test
	void noneWhenEveryConnectionIsFullOrUnavailable() {
		assertThat(ConnectionChoice.leastLoaded(new int[] { 2, ConnectionChoice.UNAVAILABLE, 2 }, 2)).isEqualTo(-1);
		assertThat(ConnectionChoice.leastLoaded(new int[] { ConnectionChoice.UNAVAILABLE }, 2)).isEqualTo(-1);
		assertThat(ConnectionChoice.leastLoaded(new int[0], 2)).isEqualTo(-1);
	}

}
