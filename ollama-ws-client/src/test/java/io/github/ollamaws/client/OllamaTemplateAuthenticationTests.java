package io.github.ollamaws.client;

import java.security.PrivateKey;
import java.time.Duration;

import io.github.ollamaws.core.AuthenticationException;
import io.github.ollamaws.core.PrivateKeyException;
import io.github.ollamaws.core.RateLimitedException;
import io.github.ollamaws.event.OllamaAuthenticatedEvent;
import io.github.ollamaws.event.OllamaAuthenticationFailedEvent;
import io.github.ollamaws.testserver.OllamaWsTestServer;
import io.github.ollamaws.testserver.ScriptedBackend;
import io.github.ollamaws.testserver.TestClient;
import io.github.ollamaws.testserver.TestKeyPair;
import io.github.ollamaws.testserver.TestKeys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * End-to-end tests of authentication: every key format a user may have, read from PEM and
 * signing real challenges, and the gateway's rejections surfaced as typed exceptions with
 * its figures.
 */
class OllamaTemplateAuthenticationTests extends GatewayTestSupport {

	@BeforeEach
	void startGateway() {
		startServer(OllamaWsTestServer.builder()
			.backend(ScriptedBackend.withDefaultModels())
			.maxAuthFailures(2)
			.firstBlock(Duration.ofSeconds(3)));
	}

	@Test
	void rsaPkcs8() {
		assertAuthenticatesWith(TestKeys.rsa(), (keys) -> keys.privateKeyPem(), null);
	}

	@Test
	void rsaPkcs1() {
		assertAuthenticatesWith(TestKeys.rsa(), TestKeyPair::pkcs1PrivateKeyPem, null);
	}

	@Test
	void ecPkcs8() {
		assertAuthenticatesWith(TestKeys.ec(), TestKeyPair::privateKeyPem, null);
	}

	@Test
	void ecSec1() {
		assertAuthenticatesWith(TestKeys.ec(), TestKeyPair::sec1PrivateKeyPem, null);
	}

	@Test
	void encryptedPkcs8WithPassphrase() {
		assertAuthenticatesWith(TestKeys.rsa(), (keys) -> keys.encryptedPrivateKeyPem("s3cret"), "s3cret");
		assertAuthenticatesWith(TestKeys.ec(), (keys) -> keys.encryptedPrivateKeyPem("s3cret"), "s3cret");
	}

	@Test
	void ed25519IsRefusedWithAClearMessage() {
		PrivateKey key = TestKeys.ed25519().privateKey();
		assertThatExceptionOfType(PrivateKeyException.class)
			.isThrownBy(() -> OllamaTemplate.builder().clientId("c").privateKey(key).build())
			.withMessageContaining("Ed25519");
	}

	@Test
	void wrongKeyFailsWithRemainingAttemptsAndPublishesAnEvent() {
		OllamaTemplate template = template((builder) -> builder.privateKey(TestKeys.ec().privateKey()));
		assertThatExceptionOfType(AuthenticationException.class).isThrownBy(template::ping).satisfies((ex) -> {
			assertThat(ex.remainingAttempts()).hasValue(1);
			assertThat(ex.getMessage()).contains("Invalid signature");
		});
		assertThat(events(OllamaAuthenticationFailedEvent.class)).singleElement()
			.satisfies((event) -> assertThat(event.getRemainingAttempts()).hasValue(1));
		assertThat(template.poolStatus().lastFailure()).isInstanceOf(AuthenticationException.class);
	}

	@Test
	void unknownClientIdFailsAuthentication() {
		OllamaTemplate template = template((builder) -> builder.clientId("nobody"));
		assertThatExceptionOfType(AuthenticationException.class).isThrownBy(template::ping);
	}

	@Test
	void blockedClientFailsWithRetryAfter() {
		PrivateKey wrong = TestKeys.ec().privateKey();
		// Two failures block the client; each template makes one attempt per backoff
		// period.
		assertThatExceptionOfType(AuthenticationException.class)
			.isThrownBy(() -> template((builder) -> builder.privateKey(wrong)).ping());
		assertThatThrownBy(() -> template((builder) -> builder.privateKey(wrong)).ping())
			.isInstanceOfAny(AuthenticationException.class, RateLimitedException.class);
		OllamaTemplate blocked = template();
		assertThatExceptionOfType(RateLimitedException.class).isThrownBy(blocked::ping)
			.satisfies((ex) -> assertThat(ex.retryAfter()).isGreaterThanOrEqualTo(Duration.ofSeconds(1)));
		assertThat(events(OllamaAuthenticationFailedEvent.class)).last()
			.satisfies((event) -> assertThat(event.getRetryAfter()).isPresent());
	}

	@Test
	void publishesAuthenticatedEvents() {
		OllamaTemplate template = template();
		template.ping();
		// The first connection authenticated; the key is good, so the rest of the pool
		// (2) follows.
		await().atMost(Duration.ofSeconds(10)).until(() -> template.poolStatus().authenticated() == 2);
		assertThat(events(OllamaAuthenticatedEvent.class)).hasSize(2)
			.allSatisfy((event) -> assertThat(event.getGatewayUrl()).isEqualTo(this.server.url()))
			.extracting(OllamaAuthenticatedEvent::getConnectionId)
			.doesNotHaveDuplicates();
		assertThat(events(OllamaAuthenticationFailedEvent.class)).isEmpty();
	}

	private void assertAuthenticatesWith(TestKeyPair keys, java.util.function.Function<TestKeyPair, String> pem,
			String passphrase) {
		TestClient registered = this.server.registerNewClient(keys);
		PrivateKey key = PrivateKeyLoader.load(pem.apply(keys), (passphrase != null) ? passphrase.toCharArray() : null);
		OllamaTemplate template = template((builder) -> builder.clientId(registered.clientId()).privateKey(key));
		assertThat(template.generate("hi").text()).isEqualTo(String.join("", ScriptedBackend.DEFAULT_TOKENS));
	}

}
