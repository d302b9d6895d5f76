package io.github.ollamaws.connection;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RedactedFailure}: a failure whose message, or a cause's, spells the
 * URL's user info, query or fragment is copied with those masked; any other is kept as it
 * is.
 */
class RedactedFailureTests {

	private static final URI URL = URI.create("ws://user:s3cret@gpu-1:3000/ws?token=t0ken#frag");

	@Test
	void aFailureThatSpellsNoSecretIsKept() {
		IOException failure = new IOException("Connection refused", new IllegalStateException("gpu-1:3000"));
		assertThat(RedactedFailure.of(failure, URL)).isSameAs(failure);
	}

	@Test
	void aUrlWithoutSecretsKeepsEveryFailure() {
		IOException failure = new IOException("user:s3cret");
		assertThat(RedactedFailure.of(failure, URI.create("ws://gpu-1:3000/ws"))).isSameAs(failure);
	}

	@Test
	void eachSecretIsMaskedInTheMessageAndTheCausesThatSpellIt() {
		IllegalStateException clean = new IllegalStateException("no secret here");
		IOException root = new IOException("query token=t0ken and anchor frag", clean);
		IOException failure = new IOException("Cannot connect to " + URL, root);
		Throwable redacted = RedactedFailure.of(failure, URL);
		assertThat(redacted).isNotSameAs(failure)
			.hasMessage("java.io.IOException: Cannot connect to ws://gpu-1:3000/ws")
			.hasNoSuppressedExceptions();
		assertThat(redacted.getStackTrace()).isEqualTo(failure.getStackTrace());
		assertThat(redacted.getCause()).hasMessage("java.io.IOException: query ****** and anchor ******");
		assertThat(redacted.getCause().getCause()).isSameAs(clean);
	}

	@Test
	void aSecretOnlyInADeepCauseIsFoundAndAChainTooLongIsCut() {
		Throwable deep = new IOException("user:s3cret");
		for (int i = 0; i < 16; i++) {
			deep = new IOException("level " + i, deep);
		}
		Throwable redacted = RedactedFailure.of(deep, URL);
		assertThat(redacted).isNotSameAs(deep).hasMessage("java.io.IOException: level 15");
		// The secret's failure, at the deepest level searched, masked too.
		assertThat(chain(redacted)).hasSize(17)
			.last()
			.satisfies((root) -> assertThat(root).hasMessage("java.io.IOException: ******"));
		Throwable tooDeep = new IOException("wrapped", deep);
		assertThat(RedactedFailure.of(tooDeep, URL)).isSameAs(tooDeep);
	}

	@Test
	void aChainThatSpellsASecretAtEveryLevelIsCopiedDownToTheDepthLimitOnly() {
		Throwable failure = new IOException("user:s3cret at the root");
		for (int i = 0; i < 20; i++) {
			failure = new IOException("user:s3cret at level " + i, failure);
		}
		List<Throwable> copies = chain(RedactedFailure.of(failure, URL));
		assertThat(copies).hasSize(17).allSatisfy((copy) -> assertThat(copy).hasMessageNotContaining("s3cret"));
	}

	@Test
	void aFailureWithoutAMessageSpellsNothing() {
		IOException failure = new IOException((String) null);
		assertThat(RedactedFailure.of(failure, URL)).isSameAs(failure);
	}

	@Test
	void aFailureThatIsItsOwnCauseEnds() {
		SelfCaused failure = new SelfCaused("user:s3cret");
		assertThat(RedactedFailure.of(failure, URL)).hasMessageEndingWith(": ******").hasNoCause();
	}

	private static List<Throwable> chain(Throwable failure) {
		List<Throwable> chain = new ArrayList<>();
		for (Throwable next = failure; next != null; next = next.getCause()) {
			chain.add(next);
		}
		return chain;
	}

	/** A throwable whose cause is itself, as some libraries build them. */
	private static final class SelfCaused extends Exception {

		SelfCaused(String message) {
			super(message);
		}

		@Override
		public synchronized Throwable getCause() {
			return this;
		}

	}

}
