package io.github.ollamaws.autoconfigure;

import java.net.URI;
import java.security.PrivateKey;

/**
 * One gateway of {@code ollama.ws.gateways}, checked: its URL, its client id and the key
 * it signs with.
 *
 * @param url the gateway's WebSocket URL
 * @param clientId the client id the gateway registered the public key under
 * @param privateKey the key that signs the gateway's challenges
 */
record ConfiguredGateway(URI url, String clientId, PrivateKey privateKey) {

	@Override
	public String toString() {
		// The key is never shown.
		return "ConfiguredGateway[url=" + this.url + ", clientId=" + this.clientId + "]";
	}

}
