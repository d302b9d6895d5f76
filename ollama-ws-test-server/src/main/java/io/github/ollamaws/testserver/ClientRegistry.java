package io.github.ollamaws.testserver;

import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registered clients: client id to public key and signature algorithm setting.
 */
final class ClientRegistry {

	/** The real gateway's per-client algorithm setting defaults to this. */
	static final String DEFAULT_SIGNATURE_ALGORITHM = "SHA256";

	private final SecureRandom random = new SecureRandom();

	private final Map<String, RegisteredClient> clients = new ConcurrentHashMap<>();

	String register(String name, PublicKey publicKey, String signatureAlgorithm) {
		byte[] idBytes = new byte[16];
		this.random.nextBytes(idBytes);
		String clientId = HexFormat.of().formatHex(idBytes);
		this.clients.put(clientId, new RegisteredClient(clientId, name, publicKey,
				(signatureAlgorithm != null) ? signatureAlgorithm : DEFAULT_SIGNATURE_ALGORITHM));
		return clientId;
	}

	void restore(String clientId, String name, PublicKey publicKey) {
		this.clients.put(clientId, new RegisteredClient(clientId, name, publicKey, DEFAULT_SIGNATURE_ALGORITHM));
	}

	RegisteredClient find(String clientId) {
		return this.clients.get(clientId);
	}

	boolean remove(String clientId) {
		return this.clients.remove(clientId) != null;
	}

	record RegisteredClient(String clientId, String name, PublicKey publicKey, String signatureAlgorithm) {

		/**
		 * The JCA algorithm verifying this client's signatures, or {@code null} if the
		 * gateway can never verify them (Ed25519 keys, digests other than SHA256).
		 */
		String jcaAlgorithm() {
			if (!DEFAULT_SIGNATURE_ALGORITHM.equalsIgnoreCase(this.signatureAlgorithm)) {
				return null;
			}
			return switch (this.publicKey.getAlgorithm()) {
				case "RSA" -> "SHA256withRSA";
				case "EC" -> "SHA256withECDSA";
				default -> null;
			};
		}

	}

}
