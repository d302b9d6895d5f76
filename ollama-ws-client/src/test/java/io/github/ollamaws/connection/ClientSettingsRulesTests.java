package io.github.ollamaws.connection;

import java.net.URI;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import io.github.ollamaws.client.OllamaTemplate;
import io.github.ollamaws.client.OllamaTemplateInternals;
import io.github.ollamaws.core.InvalidSettingException;
import io.github.ollamaws.testserver.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The client's one rule book: every invalid setting of the builder fails {@code build()}
 * with an {@link InvalidSettingException} that names it by its path, which is the
 * builder's group and method and the starter's property under {@code ollama.ws.}.
 */
class ClientSettingsRulesTests {

	private static final PrivateKey KEY = TestKeys.ec().privateKey();

	private static final Duration ZERO = Duration.ZERO;

	private static final Duration NEGATIVE = Duration.ofSeconds(-1);

	static Stream<Arguments> invalidSettings() {
		return Stream.of(rule("url", (builder) -> builder.url("http://localhost:3000")),
				rule("url", (builder) -> builder.url("ws:///path")),
				rule("client-id", (builder) -> builder.clientId(" ")),
				rule("connect-timeout", (builder) -> builder.connectTimeout(ZERO)),
				rule("auth-timeout", (builder) -> builder.authTimeout(NEGATIVE)),
				rule("request-timeout", (builder) -> builder.requestTimeout(ZERO)),
				rule("idle-timeout", (builder) -> builder.idleTimeout(NEGATIVE)),
				rule("shutdown-timeout", (builder) -> builder.shutdownTimeout(NEGATIVE)),
				rule("max-message-size", (builder) -> builder.maxMessageSize(64 * 1024 - 1)),
				rule("max-message-size", (builder) -> builder.maxMessageSize(2L * 1024 * 1024 * 1024)),
				rule("send-time-limit", (builder) -> builder.sendTimeLimit(ZERO)),
				rule("send-buffer-size-limit", (builder) -> builder.sendBufferSizeLimit(1024 * 1024)),
				rule("pool.size", (builder) -> builder.pool((pool) -> pool.size(0))),
				rule("pool.max-in-flight", (builder) -> builder.pool((pool) -> pool.maxInFlight(0))),
				rule("pool.acquire-timeout", (builder) -> builder.pool((pool) -> pool.acquireTimeout(ZERO))),
				rule("reconnect.initial-delay",
						(builder) -> builder.reconnect((reconnect) -> reconnect.initialDelay(ZERO))),
				rule("reconnect.multiplier", (builder) -> builder.reconnect((reconnect) -> reconnect.multiplier(0.5))),
				rule("reconnect.max-delay", (builder) -> builder.reconnect((reconnect) -> reconnect.maxDelay(ZERO))),
				rule("reconnect.max-attempts", (builder) -> builder.reconnect((reconnect) -> reconnect.maxAttempts(0))),
				rule("reconnect.jitter", (builder) -> builder.reconnect((reconnect) -> reconnect.jitter(1.5))),
				rule("heartbeat.interval", (builder) -> builder.heartbeat((heartbeat) -> heartbeat.interval(ZERO))),
				rule("heartbeat.timeout",
						(builder) -> builder.heartbeat((heartbeat) -> heartbeat.enabled(false).timeout(ZERO))),
				rule("discovery.refresh-interval", (builder) -> builder
					.discovery((discovery) -> discovery.source(java.util.List::of).refreshInterval(NEGATIVE))));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidSettings")
	void anInvalidSettingIsNamedByItsPath(String path, UnaryOperator<OllamaTemplate.Builder> customizer) {
		OllamaTemplate.Builder builder = customizer.apply(OllamaTemplate.builder().clientId("c").privateKey(KEY));
		assertThatExceptionOfType(InvalidSettingException.class).isThrownBy(builder::build)
			.satisfies((ex) -> assertThat(ex.setting()).isEqualTo(path))
			.withMessageContaining("'" + path + "'")
			.withMessageNotContaining("ollama.ws");
	}

	@Test
	void heartbeatIntervalIsNotCheckedWhenHeartbeatsAreOff() {
		assertThatNoException().isThrownBy(() -> OllamaTemplate.builder()
			.clientId("c")
			.privateKey(KEY)
			.heartbeat((heartbeat) -> heartbeat.enabled(false).interval(ZERO))
			.build()
			.close());
	}

	@Test
	void aGroupSetTwiceKeepsWhatTheFirstCallSet() {
		OllamaTemplate template = OllamaTemplate.builder()
			.clientId("c")
			.privateKey(KEY)
			.pool((pool) -> pool.size(3))
			.pool((pool) -> pool.maxInFlight(7))
			.build();
		ClientSettings.Pool pool = io.github.ollamaws.client.OllamaTemplateInternals.settings(template).pool();
		assertThat(pool.size()).isEqualTo(3);
		assertThat(pool.maxInFlight()).isEqualTo(7);
		template.close();
	}

	@Test
	void urlCredentialsNeverShowInTheFailure() {
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> OllamaTemplate.builder()
				.url("http://user:s3cret@gpu-1/ws?token=t0ken")
				.clientId("c")
				.privateKey(KEY)
				.build())
			.satisfies((ex) -> assertThat(ex.setting()).isEqualTo("url"))
			.withMessageNotContaining("s3cret")
			.withMessageNotContaining("t0ken");
	}

	@Test
	void eachRuleAcceptsTheValueAtItsLimitAndRefusesTheOneBeyond() {
		Duration tiny = Duration.ofNanos(1);
		assertThatNoException().isThrownBy(() -> new ClientSettings.Timeouts(tiny, tiny, tiny, ZERO, ZERO));
		assertThatNoException().isThrownBy(() -> ClientSettings.Messages.of(64 * 1024, tiny, 64 * 1024));
		assertThatNoException()
			.isThrownBy(() -> ClientSettings.Messages.of(Integer.MAX_VALUE, tiny, Integer.MAX_VALUE));
		assertRefused("send-buffer-size-limit",
				() -> ClientSettings.Messages.of(64 * 1024, tiny, Integer.MAX_VALUE + 1L));
		assertRefused("send-buffer-size-limit", () -> new ClientSettings.Messages(64 * 1024 + 1, tiny, 64 * 1024));
		// Checked before the cast to int: 4 GB and 64 KB must not pass as 64 KB.
		long wrapsTo64k = (1L << 32) + 64 * 1024;
		assertRefused("max-message-size", () -> ClientSettings.Messages.of(wrapsTo64k, tiny, wrapsTo64k));
		assertThatNoException().isThrownBy(() -> new ClientSettings.Pool(1, 1, tiny, false, false));
		assertThatNoException().isThrownBy(() -> new ClientSettings.Reconnect(tiny, 1.0, tiny, -1, 0));
		assertThatNoException().isThrownBy(() -> new ClientSettings.Reconnect(tiny, 1.0, tiny, 1, 1));
		assertRefused("reconnect.max-attempts", () -> new ClientSettings.Reconnect(tiny, 1.0, tiny, -2, 0));
		assertRefused("reconnect.jitter", () -> new ClientSettings.Reconnect(tiny, 1.0, tiny, 1, -0.01));
		assertRefused("reconnect.initial-delay", () -> new ClientSettings.Reconnect(null, 1.0, tiny, 1, 0));
	}

	@Test
	void heartbeatsPingAfterTheirIntervalAndNeverWhenOff() {
		Duration second = Duration.ofSeconds(1);
		assertThat(new ClientSettings.Heartbeat(true, second, second).pingAfter()).isEqualTo(second);
		assertThat(new ClientSettings.Heartbeat(false, second, second).pingAfter()).isEqualTo(ZERO);
	}

	@Test
	void twoSpellingsOfOneGatewayHaveOneAddress() {
		assertThat(ClientSettings.address(URI.create("WS://GPU-1/ws//"))).isEqualTo("ws://gpu-1:80/ws");
		assertThat(ClientSettings.address(URI.create("wss://gpu-1"))).isEqualTo("wss://gpu-1:443");
		assertThat(ClientSettings.address(URI.create("ws://user:pw@gpu-1:3000/ws?token=t")))
			.isEqualTo("ws://gpu-1:3000/ws");
	}

	@Test
	void aGatewayTakesTheSharedClientIdAndKeyUnlessItBringsItsOwn() {
		ClientSettings shared = OllamaTemplateInternals
			.settings(OllamaTemplate.builder().url("ws://gpu-1:3000").clientId("shared").privateKey(KEY));
		PrivateKey otherKey = TestKeys.ec().privateKey();
		ClientSettings own = shared.forGateway("gateways[1].", URI.create("WSS://gpu-2"), "own", otherKey);
		assertThat(own.url()).isEqualTo(URI.create("WSS://gpu-2"));
		assertThat(own.clientId()).isEqualTo("own");
		assertThat(own.privateKey()).isSameAs(otherKey);
		assertThat(own.pool()).isSameAs(shared.pool());
		ClientSettings inherited = shared.forGateway("gateways[2].", URI.create("ws://gpu-3"), null, null);
		assertThat(inherited.clientId()).isEqualTo("shared");
		assertThat(inherited.privateKey()).isSameAs(KEY);
		assertRefused("gateways[3].url",
				() -> shared.forGateway("gateways[3].", URI.create("ftp://gpu-4"), null, null));
	}

	@Test
	void anotherEventListenerKeepsEverythingElse() {
		ClientSettings settings = OllamaTemplateInternals
			.settings(OllamaTemplate.builder().url("ws://gpu-1:3000").clientId("c").privateKey(KEY));
		java.util.function.Consumer<Object> listener = (event) -> {
		};
		ClientSettings tagged = settings.withEventListener(listener);
		assertThat(tagged.hooks().eventListener()).isSameAs(listener);
		assertThat(tagged.hooks().observer()).isSameAs(settings.hooks().observer());
		assertThat(tagged).usingRecursiveComparison().ignoringFields("hooks").isEqualTo(settings);
	}

	@Test
	void printedSettingsNameTheGatewayButNeverTheKeyOrCredentials() {
		ClientSettings settings = OllamaTemplateInternals.settings(OllamaTemplate.builder()
			.url("ws://user:s3cret@gpu-1:3000/ws?token=t0ken")
			.clientId("c")
			.privateKey(KEY));
		assertThat(settings.toString()).contains("gpu-1:3000", "clientId=c", "privateKey=******", "size=2")
			.doesNotContain("s3cret", "t0ken", KEY.toString());
	}

	private static void assertRefused(String path, org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
		assertThatExceptionOfType(InvalidSettingException.class).isThrownBy(call)
			.satisfies((ex) -> assertThat(ex.setting()).isEqualTo(path));
	}

	private static Arguments rule(String path, UnaryOperator<OllamaTemplate.Builder> customizer) {
		return Arguments.of(path, customizer);
	}

}
