package io.github.ollamaws.testserver;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RegisterEndpointTests extends AbstractGatewayTests {

	private static final ObjectMapper mapper = new ObjectMapper();

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void registeredKeyAuthenticates() throws Exception {
		TestKeyPair keys = TestKeys.ec();
		HttpResponse<String> response = post(RawClient.json("name", "rest-client", "publicKey", keys.publicKeyPem()));
		assertThat(response.statusCode()).isEqualTo(201);
		JsonNode body = mapper.readTree(response.body());
		String clientId = body.get("clientId").asText();
		assertThat(clientId).isNotEmpty();
		try (RawClient raw = connect()) {
			raw.authenticate(new TestClient(clientId, "rest-client", keys));
		}
	}

	@Test
	void explicitSha256AlgorithmIsAccepted() throws Exception {
		TestKeyPair keys = TestKeys.rsa();
		HttpResponse<String> response = post(
				RawClient.json("name", "rest", "publicKey", keys.publicKeyPem(), "signatureAlgorithm", "SHA256"));
		assertThat(response.statusCode()).isEqualTo(201);
		String clientId = mapper.readTree(response.body()).get("clientId").asText();
		try (RawClient raw = connect()) {
			raw.authenticate(new TestClient(clientId, "rest", keys));
		}
	}

	@Test
	void missingFieldsAreABadRequest() throws Exception {
		assertBadRequest(post(RawClient.json("name", "no-key")), "invalid_request");
		assertBadRequest(post(RawClient.json("publicKey", TestKeys.ec().publicKeyPem())), "invalid_request");
	}

	@Test
	void invalidPublicKeyIsABadRequest() throws Exception {
		assertBadRequest(post(RawClient.json("name", "bad", "publicKey",
				"-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----")), "invalid_public_key");
		assertBadRequest(post(RawClient.json("name", "private", "publicKey", TestKeys.ec().privateKeyPem())),
				"invalid_public_key");
	}

	@Test
	void malformedJsonIsABadRequest() throws Exception {
		assertBadRequest(post("{\"name\":"), "invalid_request");
	}

	@Test
	void otherPathsAreNotFound() throws Exception {
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(server.httpUrl().resolve("/api/other")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(404);
	}

	private HttpResponse<String> post(String body) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(server.httpUrl().resolve(OllamaWsTestServer.REGISTER_PATH))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private static void assertBadRequest(HttpResponse<String> response, String code) throws Exception {
		assertThat(response.statusCode()).isEqualTo(400);
		JsonNode body = mapper.readTree(response.body());
		assertThat(body.get("error").asText()).isNotEmpty();
		assertThat(body.get("code").asText()).isEqualTo(code);
	}

}
