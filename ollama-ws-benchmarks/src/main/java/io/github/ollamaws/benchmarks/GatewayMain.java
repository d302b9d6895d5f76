package io.github.ollamaws.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.ollamaws.testserver.OllamaWsTestServer;
import io.github.ollamaws.testserver.ScriptedBackend;
import io.github.ollamaws.testserver.ScriptedModel;

/**
 * The gateway's process: runs an {@link OllamaWsTestServer} whose models stream as fast
 * as the connection takes them, so that the benchmark's client is measured alone in its
 * own process.
 *
 * <p>
 * Arguments:
 * {@code <token counts, comma-separated> <rsa|ec>=<base64 SPKI public key>...}. For each
 * count {@code n} a model {@code tokens-n} answers {@code n} tokens {@code "t0 "},
 * {@code "t1 "}, ...; the model {@code silent} never answers. Each public key is
 * registered; the process then prints {@code port=<port>}, {@code clientId.<name>=<id>}
 * for each key and {@code ready}, one per line, and runs until its standard input closes
 * (the harness exited or closed it).
 */
public final class GatewayMain {

	/** The line that ends the start-up output. */
	static final String READY = "ready";

	/** The model that never answers: its generations stay in flight. */
	static final String SILENT_MODEL = "silent";

	private GatewayMain() {
	}

	/**
	 * The name of the model that answers {@code count} tokens.
	 * @param count the number of tokens
	 * @return the model's name
	 */
	static String modelFor(int count) {
		return "tokens-" + count;
	}

	/**
	 * Runs the gateway until standard input closes.
	 * @param args the token counts, then {@code name=base64 public key} pairs
	 * @throws Exception if the gateway cannot start
	 */
	public static void main(String[] args) throws Exception {
		ScriptedBackend backend = ScriptedBackend.create().model(ScriptedModel.named(SILENT_MODEL).neverAnswers());
		for (String count : args[0].split(",")) {
			int tokens = Integer.parseInt(count.trim());
			backend.model(ScriptedModel.named(modelFor(tokens)).tokenCount(tokens));
		}
		try (OllamaWsTestServer server = OllamaWsTestServer.builder()
			.backend(backend)
			.recordFrames(false)
			.defaultModel(SILENT_MODEL)
			.start()) {
			Map<String, String> clientIds = new LinkedHashMap<>();
			for (int i = 1; i < args.length; i++) {
				String[] nameAndKey = args[i].split("=", 2);
				clientIds.put(nameAndKey[0], server.registerClient("bench-" + nameAndKey[0], publicKey(nameAndKey[1])));
			}
			PrintStream out = System.out;
			out.println("port=" + server.port());
			clientIds.forEach((name, id) -> out.println("clientId." + name + "=" + id));
			out.println(READY);
			out.flush();
			awaitEndOfInput(System.in);
		}
		// Tomcat's and the backend's threads are daemons or stopped: exit at once anyway.
		System.exit(0);
	}

	private static PublicKey publicKey(String base64) throws GeneralSecurityException {
		byte[] encoded = Base64.getDecoder().decode(base64);
		for (String algorithm : new String[] { "RSA", "EC" }) {
			try {
				return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(encoded));
			}
			catch (GeneralSecurityException ex) {
				// Not this algorithm: try the next.
			}
		}
		throw new GeneralSecurityException("Not an RSA or EC public key");
	}

	private static void awaitEndOfInput(InputStream in) throws IOException {
		byte[] buffer = new byte[256];
		while (in.read(buffer) >= 0) {
			// Nothing is expected on standard input: its end says the harness is gone.
		}
	}

}
