package io.github.ollamaws.it.support;

import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * What the integration-test applications' tests share: the {@code ollama.ws.*} properties
 * of a client with a freshly generated key, and a look at which Tomcat threads run.
 */
public final class GatewayProperties {

	private GatewayProperties() {
	}

	/**
	 * Registers a client id and a generated RSA private key (PKCS#8 PEM). No gateway is
	 * needed: the template opens its connections on first use.
	 * @param registry the registry of a {@code @DynamicPropertySource} method
	 * @param clientId the client id
	 */
	public static void register(DynamicPropertyRegistry registry, String clientId) {
		String pem = generatedPrivateKeyPem();
		registry.add("ollama.ws.client-id", () -> clientId);
		registry.add("ollama.ws.private-key", () -> pem);
	}

	/**
	 * A newly generated RSA private key.
	 * @return the key as PKCS#8 PEM
	 */
	public static String generatedPrivateKeyPem() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			byte[] pkcs8 = generator.generateKeyPair().getPrivate().getEncoded();
			return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(pkcs8)
					+ "\n-----END PRIVATE KEY-----\n";
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The names of the running threads that an embedded Tomcat server starts.
	 * @return the names, empty when no Tomcat server runs
	 */
	public static List<String> tomcatServerThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.map(Thread::getName)
			.filter((name) -> name.startsWith("Catalina") || name.startsWith("http-nio")
					|| name.startsWith("container-"))
			.toList();
	}

}
