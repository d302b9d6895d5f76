package io.github.ollamaws.fleet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.github.ollamaws.client.OllamaTemplate;
import io.github.ollamaws.core.ConnectionLostException;
import io.github.ollamaws.core.GatewayUnavailableException;
import io.github.ollamaws.core.GenerateRequest;
import io.github.ollamaws.core.Generation;
import io.github.ollamaws.core.GenerationResult;
import io.github.ollamaws.core.TokenHandler;
import io.github.ollamaws.testserver.ScriptedBackend;
import io.github.ollamaws.testserver.ScriptedModel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A gateway of three fails under load, killed or with its key revoked: requests that had
 * no token yet complete on the others, those that had fail typed at once, nothing hangs,
 * and the gateway comes back into rotation once it works again.
 */
class FleetFailoverTests extends FleetTestSupport {

	/** Requests of each kind. */
	private static final int REQUESTS = 30;

	/**
	 * How soon after the gateway fails the requests that had a token must have failed:
	 * the 1 s.
	 */
	private static final Duration FAIL_WITHIN = Duration.ofSeconds(1);

	@Test
	void killedGatewayMidLoadLosesOnlyRequestsThatHadTokensAndReturnsAfterRestart() throws Exception {
		Gateway victim = startGateway(victimBackend());
		OllamaTemplate template = fleet(healthy(), victim, healthy());
		Load load = startLoad(template, victim);
		victim.server().stop();
		load.assertOutcome();
		await().atMost(Duration.ofSeconds(5)).until(() -> status(template, victim).state() == GatewayStatus.State.DOWN);
		assertThat(status(template, victim).reason()).isNotNull();
		victim.server().start();
		assertReturnsToRotation(template, victim);
	}

	@Test
	void gatewayThatRevokedTheKeyLeavesRotationWithoutBeingHammeredAndReturnsOnceReinstated() throws Exception {
		Gateway victim = startGateway(victimBackend());
		OllamaTemplate template = fleet(healthy(), victim, healthy());
		Load load = startLoad(template, victim);
		victim.server().unregisterClient(victim.client().clientId());
		victim.server().faults().dropAllConnections();
		load.assertOutcome();
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(status(template, victim).reason()).contains("Invalid signature"));
		assertThat(status(template, victim).state()).isEqualTo(GatewayStatus.State.DOWN);
		// The rejected-key gate: one attempt per longest backoff (1 s here), never one
		// per
		// pooled connection or per request; requests meanwhile go to the others.
		int attempts = victim.server().authenticationAttempts(victim.client().clientId());
		List<CompletableFuture<GenerationResult>> meanwhile = new ArrayList<>();
		for (int i = 0; i < REQUESTS; i++) {
			meanwhile.add(template.generateAsync(GenerateRequest.builder("still").model("pre").build()));
		}
		await().during(Duration.ofMillis(1500))
			.atMost(Duration.ofSeconds(3))
			.until(() -> victim.server().authenticationAttempts(victim.client().clientId()) <= attempts + 2);
		for (CompletableFuture<GenerationResult> result : meanwhile) {
			assertThat(result.get(20, TimeUnit.SECONDS).text()).isEqualTo("p q");
		}
		victim.server().reinstateClient(victim.client());
		assertReturnsToRotation(template, victim);
	}

	@Test
	void failFastStartFailsOnlyWhenNoGatewayCanBeReached() {
		GatewayEndpoint refusing = GatewayEndpoint.of("ws://127.0.0.1:1", "nobody");
		OllamaTemplate none = track(builder().gateway(refusing)
			.gateway(GatewayEndpoint.of("ws://127.0.0.1:2", "nobody"))
			.failFast(true)
			.build());
		assertThatExceptionOfType(GatewayUnavailableException.class).isThrownBy(none::start);
		Gateway working = healthy();
		OllamaTemplate some = track(builder().gateway(refusing).gateway(working.endpoint()).failFast(true).build());
		some.start();
		assertThat(some.generate(GenerateRequest.builder("x").model("fast").build()).text()).isEqualTo("f");
		assertThat(some.gatewayStatuses()).extracting(GatewayStatus::state)
			.containsExactly(GatewayStatus.State.DOWN, GatewayStatus.State.UP);
		assertThat(some.gatewayStatuses().get(0).reason()).contains("127.0.0.1:1");
	}

	private void assertReturnsToRotation(OllamaTemplate template, Gateway victim) throws Exception {
		awaitServing(template, "pre", 3);
		int before = victim.generations();
		List<CompletableFuture<GenerationResult>> results = new ArrayList<>();
		for (int i = 0; i < REQUESTS; i++) {
			results.add(template.generateAsync(GenerateRequest.builder("again").model("fast").build()));
		}
		for (CompletableFuture<GenerationResult> result : results) {
			assertThat(result.get(30, TimeUnit.SECONDS).text()).isEqualTo("f");
		}
		assertThat(victim.generations() - before).isGreaterThanOrEqualTo(REQUESTS / 6);
	}

	/**
	 * Sends requests of two kinds until the victim holds some of each: {@code pre} ones
	 * that get no token there (they do elsewhere), and {@code mid} ones that got one
	 * token there and then wait.
	 */
	private Load startLoad(OllamaTemplate template, Gateway victim) {
		template.start();
		awaitServing(template, "pre", 3);
		Load load = new Load();
		for (int i = 0; i < REQUESTS; i++) {
			load.pre.add(template.stream(GenerateRequest.builder("p" + i).model("pre").build(), (token) -> {
			}));
			load.mid.add(template.stream(GenerateRequest.builder("m" + i).model("mid").build(), load.counting()));
		}
		await("the victim holding requests of both kinds").atMost(Duration.ofSeconds(20)).until(() -> {
			long onVictimMid = victim.generations("mid");
			long onVictimPre = victim.generations("pre");
			long done = load.pre.stream().filter((generation) -> generation.result().isDone()).count()
					+ load.mid.stream().filter((generation) -> generation.result().isDone()).count();
			// Every request elsewhere ended (a mid there has two tokens); every mid on
			// the victim had its one token.
			return onVictimMid > 0 && onVictimPre > 0 && done == 2L * REQUESTS - onVictimMid - onVictimPre
					&& load.tokens.get() == 2 * (REQUESTS - onVictimMid) + onVictimMid;
		});
		load.onVictim = victim.generations("mid");
		// The victim fails right after this.
		load.failedAt = System.nanoTime();
		return load;
	}

	private Gateway healthy() {
		return startGateway(ScriptedBackend.create().model("pre", "p", " q").model("mid", "a", "b").model("fast", "f"));
	}

	/**
	 * On the victim, {@code pre} never answers, and {@code mid} sends one token, then
	 * waits.
	 */
	private static ScriptedBackend victimBackend() {
		return ScriptedBackend.create()
			.model(ScriptedModel.named("pre").tokens("p", " q").neverAnswers())
			.model(ScriptedModel.named("mid")
				.tokens("a", "b")
				.firstTokenDelay(Duration.ZERO)
				.tokenDelay(Duration.ofMinutes(1)))
			.model("fast", "f");
	}

	/** The requests of one test, and when each failed. */
	private static final class Load {

		final List<Generation> pre = new ArrayList<>();

		final List<Generation> mid = new ArrayList<>();

		final AtomicInteger tokens = new AtomicInteger();

		final AtomicLong lastFailureNanos = new AtomicLong();

		long onVictim;

		long failedAt;

		TokenHandler counting() {
			return new TokenHandler() {

				@Override
				public void onToken(String token) {
					Load.this.tokens.incrementAndGet();
				}

				@Override
				public void onError(Throwable error) {
					Load.this.lastFailureNanos.accumulateAndGet(System.nanoTime(), Math::max);
				}

			};
		}

		void assertOutcome() throws Exception {
			// Before the first token: sent again on another gateway, and complete.
			for (Generation generation : this.pre) {
				assertThat(generation.result().get(20, TimeUnit.SECONDS).text()).isEqualTo("p q");
			}
			int lost = 0;
			for (Generation generation : this.mid) {
				CompletableFuture<GenerationResult> result = generation.result();
				try {
					assertThat(result.get(20, TimeUnit.SECONDS).text()).isEqualTo("ab");
				}
				catch (ExecutionException ex) {
					assertThat(ex.getCause()).isInstanceOf(ConnectionLostException.class);
					assertThat(((ConnectionLostException) ex.getCause()).partialText()).isEqualTo("a");
					lost++;
				}
			}
			// After a token: never retried, failed typed, and promptly.
			assertThat(lost).isEqualTo(this.onVictim);
			assertThat(Duration.ofNanos(this.lastFailureNanos.get() - this.failedAt)).isLessThan(FAIL_WITHIN);
		}

	}

}
