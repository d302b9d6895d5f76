package io.github.ollamaws.connection;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.github.ollamaws.core.ConnectionLostException;
import io.github.ollamaws.core.GatewayErrorException;
import io.github.ollamaws.core.ModelInfo;
import io.github.ollamaws.core.OllamaTimeoutException;
import io.github.ollamaws.core.ProtocolException;
import io.github.ollamaws.protocol.ServerMessage;
import io.github.ollamaws.protocol.ServerMessageType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the calls that wait for one answer ({@link SimpleCall}: a model listing, a
 * ping) and for the stop of a generation ({@link StopCall}'s deadline is the same rule):
 * each ends with its answer, the gateway's error, a protocol failure for any other frame,
 * the lost connection, or its timeout at exactly its deadline.
 */
class CallAnswersTests {

	private static final Duration LIMIT = Duration.ofSeconds(5);

	@Test
	void aListingEndsWithTheModelsAsACopy() {
		CompletableFuture<List<ModelInfo>> result = new CompletableFuture<>();
		SimpleCall<List<ModelInfo>> call = SimpleCall.models(LIMIT, result, true);
		List<ModelInfo> models = new ArrayList<>(List.of(new ModelInfo("llama3", null, null, null, null, null, null)));
		call.onMessage(message(ServerMessageType.MODELS_RESULT, models));
		models.clear();
		assertThat(result).isCompletedWithValueMatching(
				(listed) -> listed.size() == 1 && "llama3".equals(listed.get(0).name()) && !isMutable(listed));
		assertThat(call.result()).isSameAs(result);
		assertThat(call.holdsSlot()).isTrue();
	}

	@Test
	void aListingWithoutModelsIsEmpty() {
		CompletableFuture<List<ModelInfo>> result = new CompletableFuture<>();
		SimpleCall.models(LIMIT, result, false).onMessage(message(ServerMessageType.MODELS_RESULT, null));
		assertThat(result).isCompletedWithValueMatching(List::isEmpty);
	}

	@Test
	void aPingEndsWithItsRoundTripTime() {
		CompletableFuture<Duration> result = new CompletableFuture<>();
		long before = System.nanoTime();
		SimpleCall<Duration> call = SimpleCall.ping(LIMIT, result, false);
		assertThat(call.sentNanos()).isBetween(before, System.nanoTime());
		call.onMessage(message(ServerMessageType.PONG, null));
		long after = System.nanoTime();
		assertThat(result)
			.isCompletedWithValueMatching((time) -> !time.isNegative() && time.toNanos() <= after - call.sentNanos());
		assertThat(call.holdsSlot()).isFalse();
	}

	@Test
	void theGatewaysErrorEndsTheCall() {
		CompletableFuture<Duration> result = new CompletableFuture<>();
		SimpleCall.ping(LIMIT, result, false)
			.onMessage(new ServerMessage(ServerMessageType.ERROR, "error", "p-1", null, null, null, null, null,
					"no pings today", "busy", null, null, null, null, false, null));
		assertThat(result).isCompletedExceptionally()
			.failsWithin(Duration.ZERO)
			.withThrowableThat()
			.havingCause()
			.isInstanceOf(GatewayErrorException.class)
			.withMessageContaining("no pings today");
	}

	@Test
	void anyOtherAnswerIsAProtocolFailureNamingIt() {
		CompletableFuture<Duration> result = new CompletableFuture<>();
		SimpleCall.ping(LIMIT, result, false).onMessage(message(ServerMessageType.MODELS_RESULT, null));
		assertThat(result).failsWithin(Duration.ZERO)
			.withThrowableThat()
			.havingCause()
			.isInstanceOf(ProtocolException.class)
			.withMessageContaining("PONG")
			.withMessageContaining("models_result");
	}

	@Test
	void aLostConnectionEndsTheCall() {
		CompletableFuture<Duration> result = new CompletableFuture<>();
		ConnectionLostException lost = new ConnectionLostException("lost", 1006, "", null);
		SimpleCall.ping(LIMIT, result, false).onNotSent(lost);
		assertThat(result).failsWithin(Duration.ZERO).withThrowableThat().havingCause().isSameAs(lost);
	}

	@Test
	void aCallTimesOutAtExactlyItsDeadlineWithItsKindAndLimit() {
		CompletableFuture<Duration> ping = new CompletableFuture<>();
		SimpleCall<Duration> pingCall = SimpleCall.ping(LIMIT, ping, false);
		long deadline = pingCall.sentNanos() + LIMIT.toNanos();
		pingCall.checkTimeout(deadline - 1);
		assertThat(ping).isNotDone();
		pingCall.checkTimeout(deadline);
		assertThat(ping).failsWithin(Duration.ZERO)
			.withThrowableThat()
			.havingCause()
			.isInstanceOfSatisfying(OllamaTimeoutException.class, (timeout) -> {
				assertThat(timeout.kind()).isEqualTo(OllamaTimeoutException.Kind.PING);
				assertThat(timeout.limit()).isEqualTo(LIMIT);
			});
		CompletableFuture<List<ModelInfo>> models = new CompletableFuture<>();
		SimpleCall<List<ModelInfo>> modelsCall = SimpleCall.models(LIMIT, models, true);
		modelsCall.checkTimeout(modelsCall.sentNanos() + LIMIT.toNanos());
		assertThat(models).failsWithin(Duration.ZERO)
			.withThrowableThat()
			.havingCause()
			.isInstanceOfSatisfying(OllamaTimeoutException.class,
					(timeout) -> assertThat(timeout.kind()).isEqualTo(OllamaTimeoutException.Kind.REQUEST));
	}

	private static boolean isMutable(List<ModelInfo> list) {
		try {
			list.add(new ModelInfo("other", null, null, null, null, null, null));
			return true;
		}
		catch (UnsupportedOperationException ex) {
			return false;
		}
	}

	private static ServerMessage message(ServerMessageType type, List<ModelInfo> models) {
		return new ServerMessage(type, type.name().toLowerCase(java.util.Locale.ROOT), "c-1", null, null, null, null,
				null, null, null, null, null, null, null, false, models);
	}

}
