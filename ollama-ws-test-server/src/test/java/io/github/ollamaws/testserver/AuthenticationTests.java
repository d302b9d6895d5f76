package io.github.ollamaws.testserver;

import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class AuthenticationTests extends AbstractGatewayTests {

	@Test
	void challengeIsSentOnOpen() throws Exception {
		try (RawClient raw = connect()) {
			JsonNode challenge = raw.next("challenge");
			assertThat(challenge.get("challenge").asText()).matches("[0-9a-f]{64}");
		}
	}

	@Test
	void rsaClientAuthenticates() throws Exception {
		try (RawClient raw = connect()) {
			String challenge = raw.next("challenge").get("challenge").asText();
			raw.send(client.authenticateFrame(challenge));
			JsonNode result = raw.next("auth_result");
			assertThat(result.get("success").asBoolean()).isTrue();
			assertThat(result.has("code")).isFalse();
			await().until(() -> server.authenticatedConnections() == 1);
		}
	}

	@Test
	void ecClientAuthenticates() throws Exception {
		TestClient ecClient = server.registerNewClient(TestKeys.ec());
		try (RawClient raw = RawClient.authenticated(container, server, ecClient)) {
			raw.send("{\"type\":\"ping\"}");
			raw.next("pong");
		}
	}

	@Test
	void wrongKeyFailsWithRemainingAttemptsAndKeepsTheSocketOpen() throws Exception {
		TestClient victim = server.registerNewClient(TestKeys.rsa());
		TestKeyPair otherKeys = TestKeys.rsa();
		try (RawClient raw = connect()) {
			String challenge = raw.next("challenge").get("challenge").asText();
			raw.send(RawClient.json("type", "authenticate", "clientId", victim.clientId(), "signature",
					otherKeys.sign(challenge)));
			JsonNode result = raw.next("auth_result");
			assertThat(result.get("success").asBoolean()).isFalse();
			assertThat(result.get("error").asText()).isEqualTo("Invalid signature");
			assertThat(result.get("remainingAttempts").asInt()).isEqualTo(4);
			assertThat(result.has("code")).isFalse();
			raw.send(RawClient.json("type", "authenticate", "clientId", victim.clientId(), "signature",
					victim.sign(challenge)));
			JsonNode second = raw.next("auth_result");
			assertThat(second.get("error").asText()).isEqualTo("Challenge expired or invalid");
			assertThat(second.has("code")).isFalse();
			assertThat(raw.isOpen()).isTrue();
		}
		assertThat(server.authenticationAttempts(victim.clientId())).isEqualTo(2);
	}

	@Test
	void unknownClientIdFailsAsInvalidSignature() throws Exception {
		try (RawClient raw = connect()) {
			String challenge = raw.next("challenge").get("challenge").asText();
			raw.send(RawClient.json("type", "authenticate", "clientId", "nobody", "signature", client.sign(challenge)));
			JsonNode result = raw.next("auth_result");
			assertThat(result.get("error").asText()).isEqualTo("Invalid signature");
			assertThat(result.get("remainingAttempts").asInt()).isEqualTo(4);
		}
	}

	@Test
	void malformedAuthenticationIsInvalidData() throws Exception {
		try (RawClient raw = connect()) {
			raw.next("challenge");
			raw.send(RawClient.json("type", "authenticate", "clientId", client.clientId()));
			JsonNode result = raw.next("auth_result");
			assertThat(result.get("success").asBoolean()).isFalse();
			assertThat(result.get("error").asText()).isEqualTo("Invalid authentication data");
		}
	}

	@Test
	void ed25519KeysRegisterButNeverAuthenticate() throws Exception {
		TestClient edClient = server.registerNewClient(TestKeys.ed25519());
		assertFails(edClient.clientId(), edClient.keys()::sign);
	}

	@Test
	void rsaPssSignatureIsRejected() throws Exception {
		assertFails(client.clientId(), (challenge) -> {
			Signature pss = Signature.getInstance("RSASSA-PSS");
			pss.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
			pss.initSign(client.keys().privateKey());
			pss.update(challenge.getBytes(StandardCharsets.UTF_8));
			return Base64.getEncoder().encodeToString(pss.sign());
		});
	}

	@Test
	void rawEcdsaSignatureIsRejected() throws Exception {
		TestClient ecClient = server.registerNewClient(TestKeys.ec());
		assertFails(ecClient.clientId(), (challenge) -> {
			Signature p1363 = Signature.getInstance("SHA256withECDSAinP1363Format");
			p1363.initSign(ecClient.keys().privateKey());
			p1363.update(challenge.getBytes(StandardCharsets.UTF_8));
			return Base64.getEncoder().encodeToString(p1363.sign());
		});
	}

	@Test
	void hexDecodedChallengeSignatureIsRejected() throws Exception {
		assertFails(client.clientId(), (challenge) -> {
			Signature rsa = Signature.getInstance("SHA256withRSA");
			rsa.initSign(client.keys().privateKey());
			rsa.update(java.util.HexFormat.of().parseHex(challenge));
			return Base64.getEncoder().encodeToString(rsa.sign());
		});
	}

	@Test
	void otherDigestSettingNeverAuthenticates() throws Exception {
		TestKeyPair keys = TestKeys.rsa();
		String clientId = server.registerClient("sha512", keys.publicKey(), "SHA512");
		assertFails(clientId, keys::sign);
	}

	@Test
	void requestsBeforeAuthenticationAreUnauthorized() throws Exception {
		try (RawClient raw = connect()) {
			String challenge = raw.next("challenge").get("challenge").asText();
			raw.send(RawClient.json("type", "generate", "id", "g-unauth", "prompt", "hi"));
			JsonNode error = raw.next("error");
			assertThat(error.get("error").asText()).isEqualTo("Not authenticated");
			assertThat(error.get("code").asText()).isEqualTo("unauthorized");
			assertThat(error.has("id")).isFalse();
			raw.send(RawClient.json("type", "ping", "id", "p"));
			assertThat(raw.next("error").get("code").asText()).isEqualTo("unauthorized");
			assertThat(raw.isOpen()).isTrue();
			raw.send(client.authenticateFrame(challenge));
			assertThat(raw.next("auth_result").get("success").asBoolean()).isTrue();
		}
	}

	@Test
	void authTimeoutSendsErrorAndClosesWithoutStatus() throws Exception {
		try (OllamaWsTestServer quick = OllamaWsTestServer.builder().authTimeout(Duration.ofMillis(300)).start()) {
			// The JDK client reports the status code as sent; Tomcat's client reports
			// 1000 for a close
			// frame without status code.
			BlockingQueue<String> frames = new LinkedBlockingQueue<>();
			CompletableFuture<Integer> closeCode = new CompletableFuture<>();
			HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(quick.url(), new WebSocket.Listener() {
				@Override
				public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
					frames.add(data.toString());
					webSocket.request(1);
					return null;
				}

				@Override
				public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
					closeCode.complete(statusCode);
					return null;
				}
			}).get(5, TimeUnit.SECONDS);
			assertThat(frames.poll(5, TimeUnit.SECONDS)).contains("\"type\":\"challenge\"");
			assertThat(frames.poll(5, TimeUnit.SECONDS)).startsWith(
					"{\"type\":\"error\",\"error\":\"Authentication timeout\",\"code\":\"auth_timeout\",\"timestamp\":");
			assertThat(closeCode.get(5, TimeUnit.SECONDS)).isEqualTo(1005);
			await().until(() -> quick.openConnections() == 0);
		}
	}

	@Test
	void authenticatedConnectionIsNotTimedOut() throws Exception {
		try (OllamaWsTestServer quick = OllamaWsTestServer.builder().authTimeout(Duration.ofMillis(300)).start()) {
			TestClient quickClient = quick.registerNewClient(TestKeys.ec());
			try (RawClient raw = RawClient.authenticated(container, quick, quickClient)) {
				raw.expectSilence(600);
				raw.send("{\"type\":\"ping\",\"id\":1}");
				assertThat(raw.next("pong").get("id").asInt()).isEqualTo(1);
			}
		}
	}

	@Test
	void repeatedFailuresBlockWithDoublingRetryAfter() throws Exception {
		try (OllamaWsTestServer limited = OllamaWsTestServer.builder()
			.maxAuthFailures(3)
			.firstBlock(Duration.ofSeconds(2))
			.maxBlock(Duration.ofSeconds(6))
			.start()) {
			TestClient target = limited.registerNewClient(TestKeys.ec());
			TestKeyPair wrong = TestKeys.ec();
			assertThat(attempt(limited, target.clientId(), wrong).get("remainingAttempts").asInt()).isEqualTo(2);
			assertThat(attempt(limited, target.clientId(), wrong).get("remainingAttempts").asInt()).isEqualTo(1);
			assertBlocked(attempt(limited, target.clientId(), wrong), 2);
			// Any attempt while blocked, even with the right key, extends the block.
			assertBlocked(attempt(limited, target.clientId(), target.keys()), 4);
			assertBlocked(attempt(limited, target.clientId(), target.keys()), 6);
			assertBlocked(attempt(limited, target.clientId(), target.keys()), 6);
			// Another client id is not affected.
			TestClient bystander = limited.registerNewClient(TestKeys.ec());
			assertThat(attempt(limited, bystander.clientId(), bystander.keys()).get("success").asBoolean()).isTrue();
		}
	}

	@Test
	void blockExpiresAndTheRightKeyThenAuthenticates() throws Exception {
		try (OllamaWsTestServer limited = OllamaWsTestServer.builder()
			.maxAuthFailures(1)
			.firstBlock(Duration.ofSeconds(1))
			.start()) {
			TestClient target = limited.registerNewClient(TestKeys.rsa());
			assertBlocked(attempt(limited, target.clientId(), TestKeys.ec()), 1);
			assertThat(limited.authenticationBlock(target.clientId())).isPositive();
			await().atMost(Duration.ofSeconds(3)).until(() -> limited.authenticationBlock(target.clientId()).isZero());
			assertThat(attempt(limited, target.clientId(), target.keys()).get("success").asBoolean()).isTrue();
		}
	}

	private static void assertBlocked(JsonNode result, int seconds) {
		assertThat(result.get("success").asBoolean()).isFalse();
		assertThat(result.get("retryAfter").asInt()).isEqualTo(seconds);
		assertThat(result.get("error").asText())
			.isEqualTo("Too many authentication attempts. Please try again in " + seconds + " seconds.");
		assertThat(result.has("remainingAttempts")).isFalse();
		assertThat(result.has("code")).isFalse();
	}

	private static JsonNode attempt(OllamaWsTestServer target, String clientId, TestKeyPair keys) throws Exception {
		try (RawClient raw = RawClient.connect(container, target)) {
			String challenge = raw.next("challenge").get("challenge").asText();
			raw.send(RawClient.json("type", "authenticate", "clientId", clientId, "signature", keys.sign(challenge)));
			return raw.next("auth_result");
		}
	}

	private static void assertFails(String clientId, Signer signer) throws Exception {
		try (RawClient raw = connect()) {
			String challenge = raw.next("challenge").get("challenge").asText();
			raw.send(RawClient.json("type", "authenticate", "clientId", clientId, "signature", signer.sign(challenge)));
			JsonNode result = raw.next("auth_result");
			assertThat(result.get("success").asBoolean()).isFalse();
			assertThat(result.get("error").asText()).isEqualTo("Invalid signature");
		}
	}

	@FunctionalInterface
	interface Signer {

		String sign(String challenge) throws Exception;

	}

}
