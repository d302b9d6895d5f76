package io.github.ollamaws.connection;

import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ollamaws.auth.ChallengeSigner;
import io.github.ollamaws.core.AuthenticationException;
import io.github.ollamaws.core.GatewayErrorException;
import io.github.ollamaws.core.OllamaTimeoutException;
import io.github.ollamaws.core.OllamaWsException;
import io.github.ollamaws.core.ProtocolException;
import io.github.ollamaws.core.RateLimitedException;
import io.github.ollamaws.protocol.ClientMessageEncoder;
import io.github.ollamaws.protocol.ServerMessage;
import io.github.ollamaws.protocol.ServerMessageDecoder;
import io.github.ollamaws.testserver.TestKeyPair;
import io.github.ollamaws.testserver.TestKeys;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Handshake} on scripted gateway frames, with real keys and real
 * signatures: the challenge is answered with a signature the gateway can verify, the
 * {@code auth_result} decides, the gateway's errors fail it typed, and the deadline is
 * the connect timeout until the WebSocket opens, then the authentication timeout.
 */
class HandshakeTests {

	private static final String CHALLENGE = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

	private static final Duration AUTH_TIMEOUT = Duration.ofSeconds(7);

	private final ObjectMapper objectMapper = new ObjectMapper();

	private final ServerMessageDecoder decoder = new ServerMessageDecoder(this.objectMapper);

	private final RecordedSteps steps = new RecordedSteps();

	private final TestKeyPair keys = TestKeys.ec();

	private final Handshake handshake = handshake(this.keys);

	@Test
	void answersTheChallengeWithASignatureOfItsUtf8BytesThatVerifiesWithThePublicKey() throws Exception {
		assertThat(this.handshake.onFrame(frame("{\"type\":\"challenge\",\"challenge\":\"" + CHALLENGE + "\"}")))
			.isTrue();
		assertThat(this.steps.sent).hasSize(1);
		JsonNode authenticate = this.objectMapper.readTree(this.steps.sent.get(0));
		assertThat(authenticate.get("type").asText()).isEqualTo("authenticate");
		assertThat(authenticate.get("clientId").asText()).isEqualTo("client-1");
		assertThat(verifies(this.keys, CHALLENGE, authenticate.get("signature").asText())).isTrue();
		assertThat(verifies(this.keys, CHALLENGE.replace('9', '8'), authenticate.get("signature").asText())).isFalse();
		// Answering is not authenticating: the gateway decides.
		assertThat(this.steps.authenticated).isZero();
		assertThat(this.steps.failures).isEmpty();
	}

	@Test
	void answersWithAnRsaKeyToo() throws Exception {
		TestKeyPair rsa = TestKeys.rsa();
		Handshake withRsa = handshake(rsa);
		withRsa.onFrame(frame("{\"type\":\"challenge\",\"challenge\":\"" + CHALLENGE + "\"}"));
		JsonNode authenticate = this.objectMapper.readTree(this.steps.sent.get(0));
		assertThat(verifies(rsa, CHALLENGE, authenticate.get("signature").asText())).isTrue();
	}

	@Test
	void aSuccessfulAuthResultAuthenticates() {
		this.handshake.onFrame(frame("{\"type\":\"challenge\",\"challenge\":\"" + CHALLENGE + "\"}"));
		assertThat(this.handshake.onFrame(frame("{\"type\":\"auth_result\",\"success\":true}"))).isTrue();
		assertThat(this.steps.authenticated).isOne();
		assertThat(this.steps.failures).isEmpty();
	}

	@Test
	void aRejectedSignatureFailsWithTheRemainingAttempts() {
		this.handshake.onFrame(frame("{\"type\":\"challenge\",\"challenge\":\"" + CHALLENGE + "\"}"));
		this.handshake.onFrame(frame(
				"{\"type\":\"auth_result\",\"success\":false,\"error\":\"Invalid signature\",\"remainingAttempts\":3}"));
		assertThat(this.steps.authenticated).isZero();
		assertThat(this.steps.failures).singleElement()
			.isInstanceOfSatisfying(AuthenticationException.class,
					(ex) -> assertThat(ex.remainingAttempts()).hasValue(3));
	}

	@Test
	void aBlockedClientFailsRateLimitedWithTheGatewaysRetryAfter() {
		this.handshake.onFrame(frame("{\"type\":\"auth_result\",\"success\":false,\"error\":\"Too many "
				+ "authentication attempts. Please try again in 16 seconds.\",\"retryAfter\":16}"));
		assertThat(this.steps.failures).singleElement()
			.isInstanceOfSatisfying(RateLimitedException.class,
					(ex) -> assertThat(ex.retryAfter()).isEqualTo(Duration.ofSeconds(16)));
	}

	@Test
	void theGatewaysAuthTimeoutFailsAsTheAuthenticationTimeout() {
		this.handshake
			.onFrame(frame("{\"type\":\"error\",\"error\":\"Authentication timeout\",\"code\":\"auth_timeout\"}"));
		assertThat(this.steps.failures).singleElement().isInstanceOfSatisfying(OllamaTimeoutException.class, (ex) -> {
			assertThat(ex.kind()).isEqualTo(OllamaTimeoutException.Kind.AUTH);
			assertThat(ex.limit()).isEqualTo(AUTH_TIMEOUT);
		});
	}

	@Test
	void anotherErrorBeforeAuthenticationFailsAsTheGatewaysError() {
		this.handshake.onFrame(frame("{\"type\":\"error\",\"error\":\"Server error: x\",\"code\":\"server_error\"}"));
		assertThat(this.steps.failures).singleElement()
			.isInstanceOfSatisfying(GatewayErrorException.class,
					(ex) -> assertThat(ex.getMessage()).contains("Server error: x"));
		assertThat(this.steps.sent).isEmpty();
	}

	@Test
	void aChallengeWithoutANonceIsRefusedUnsigned() {
		this.handshake.onFrame(frame("{\"type\":\"challenge\",\"challenge\":\"\"}"));
		this.handshake.onFrame(frame("{\"type\":\"challenge\"}"));
		assertThat(this.steps.failures).hasSize(2).allMatch(ProtocolException.class::isInstance);
		assertThat(this.steps.sent).isEmpty();
	}

	@Test
	void framesOfNoPartInTheHandshakeAreLeftToTheConnection() {
		assertThat(this.handshake.onFrame(frame("{\"type\":\"pong\",\"id\":\"p\"}"))).isFalse();
		assertThat(this.handshake.onFrame(frame("{\"type\":\"stream_token\",\"id\":\"g\",\"token\":\"t\"}"))).isFalse();
		assertThat(this.steps.sent).isEmpty();
		assertThat(this.steps.failures).isEmpty();
		assertThat(this.steps.authenticated).isZero();
	}

	@Test
	void noDeadlineBeforeTheHandshakeStarts() {
		assertThat(this.handshake.expired(Long.MAX_VALUE)).isNull();
	}

	@Test
	void theConnectTimeoutRunsUntilTheWebSocketOpens() {
		long start = 1_000;
		this.handshake.connecting(start);
		assertThat(this.handshake.expired(start + CONNECT_TIMEOUT.toNanos() - 1)).isNull();
		OllamaTimeoutException timeout = this.handshake.expired(start + CONNECT_TIMEOUT.toNanos());
		assertThat(timeout).isNotNull();
		assertThat(timeout.kind()).isEqualTo(OllamaTimeoutException.Kind.CONNECT);
		assertThat(timeout.limit()).isEqualTo(CONNECT_TIMEOUT);
	}

	@Test
	void theAuthenticationTimeoutRunsFromTheOpeningOfTheWebSocket() {
		long start = -5_000;
		this.handshake.connecting(start);
		long opened = start + CONNECT_TIMEOUT.toNanos() - 10;
		this.handshake.opened(opened);
		// The connect deadline has passed, but the WebSocket opened before it.
		assertThat(this.handshake.expired(start + CONNECT_TIMEOUT.toNanos())).isNull();
		assertThat(this.handshake.expired(opened + AUTH_TIMEOUT.toNanos() - 1)).isNull();
		OllamaTimeoutException timeout = this.handshake.expired(opened + AUTH_TIMEOUT.toNanos());
		assertThat(timeout).isNotNull();
		assertThat(timeout.kind()).isEqualTo(OllamaTimeoutException.Kind.AUTH);
		assertThat(timeout.limit()).isEqualTo(AUTH_TIMEOUT);
	}

	private Handshake handshake(TestKeyPair keyPair) {
		return new Handshake(new ChallengeSigner(keyPair.privateKey()), new ClientMessageEncoder(this.objectMapper),
				"client-1", CONNECT_TIMEOUT, AUTH_TIMEOUT, this.steps);
	}

	private ServerMessage frame(String json) {
		return this.decoder.decode(json);
	}

	/** Verifies a Base64 signature of the challenge's UTF-8 bytes as the gateway does. */
	private static boolean verifies(TestKeyPair keyPair, String challenge, String signatureBase64) throws Exception {
		Signature verifier = Signature.getInstance(keyPair.signatureAlgorithm());
		verifier.initVerify(keyPair.publicKey());
		verifier.update(challenge.getBytes(StandardCharsets.UTF_8));
		return verifier.verify(Base64.getDecoder().decode(signatureBase64));
	}

	/**
	 * What the handshake did to its connection.
	 */
	private static final class RecordedSteps implements Handshake.Steps {

		final List<String> sent = new ArrayList<>();

		final List<OllamaWsException> failures = new ArrayList<>();

		int authenticated;

		@Override
		public void send(String frame) {
			this.sent.add(frame);
		}

		@Override
		public void authenticated() {
			this.authenticated++;
		}

		@Override
		public void failed(OllamaWsException failure) {
			this.failures.add(failure);
		}

	}

}
