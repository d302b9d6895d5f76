package io.github.ollamaws.testserver;

/**
 * A client registered on an {@link OllamaWsTestServer}, with its key pair: what a test
 * needs to connect as that client.
 *
 * <pre class="code">
 * TestClient client = server.registerNewClient(TestKeys.rsa());
 * String frame = client.authenticateFrame(challenge);
 * </pre>
 */
public final class TestClient {

	private final String clientId;

	private final String name;

	private final TestKeyPair keys;

	TestClient(String clientId, String name, TestKeyPair keys) {
		this.clientId = clientId;
		this.name = name;
		this.keys = keys;
	}

	/**
	 * Returns the client id the server assigned.
	 * @return the client id
	 */
	public String clientId() {
		return this.clientId;
	}

	/**
	 * Returns the name the client was registered with.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * Returns the client's key pair and its PEM forms.
	 * @return the keys
	 */
	public TestKeyPair keys() {
		return this.keys;
	}

	/**
	 * Returns the private key as PKCS#8 PEM, the form {@code ollama.ws.private-key}
	 * takes.
	 * @return the PEM text
	 */
	public String privateKeyPem() {
		return this.keys.privateKeyPem();
	}

	/**
	 * Returns the registered public key as SPKI PEM.
	 * @return the PEM text
	 */
	public String publicKeyPem() {
		return this.keys.publicKeyPem();
	}

	/**
	 * Signs a challenge as the gateway expects.
	 * @param challenge the challenge as received
	 * @return the base64 signature
	 */
	public String sign(String challenge) {
		return this.keys.sign(challenge);
	}

	/**
	 * Returns the {@code authenticate} frame answering a challenge.
	 * @param challenge the challenge as received
	 * @return the JSON text of the frame
	 */
	public String authenticateFrame(String challenge) {
		return "{\"type\":\"authenticate\",\"clientId\":\"" + this.clientId + "\",\"signature\":\"" + sign(challenge)
				+ "\"}";
	}

	@Override
	public String toString() {
		return "TestClient[clientId=" + this.clientId + ", name=" + this.name + ", keys=" + this.keys.type() + "]";
	}

}
