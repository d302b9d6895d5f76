package io.github.ollamaws.testserver;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed TLS certificate for {@code localhost} and {@code 127.0.0.1}, to run the
 * test server as a {@code wss://} gateway. Made with the JDK's own {@code keytool} (no
 * third-party crypto), into a PKCS#12 key store in a temporary folder;
 * {@link #writeTrustStore(Path)} gives clients a trust store that trusts it.
 *
 * <pre class="code">
 * TestCertificate certificate = TestCertificate.selfSigned();
 * OllamaWsTestServer server = OllamaWsTestServer.builder().tls(certificate).start(); // wss://127.0.0.1:port
 * SSLContext clientContext = certificate.clientSslContext();
 * </pre>
 */
public final class TestCertificate {

	/** The password of the key store and of the trust stores written. */
	public static final String PASSWORD = "changeit";

	private static final String ALIAS = "gateway";

	private final Path keyStoreFile;

	private final KeyStore keyStore;

	private TestCertificate(Path keyStoreFile, KeyStore keyStore) {
		this.keyStoreFile = keyStoreFile;
		this.keyStore = keyStore;
	}

	/**
	 * Makes a self-signed EC P-256 certificate valid for two days.
	 * @return the certificate and its key
	 * @throws IllegalStateException if {@code keytool} fails or is missing (a JRE without
	 * it)
	 */
	public static TestCertificate selfSigned() {
		try {
			Path folder = Files.createTempDirectory("ollama-ws-tls-");
			folder.toFile().deleteOnExit();
			Path keyStoreFile = folder.resolve("gateway.p12");
			keyStoreFile.toFile().deleteOnExit();
			Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
			Process process = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", ALIAS, "-keyalg",
					"EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA", "-dname", "CN=localhost", "-ext",
					"SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore",
					keyStoreFile.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD))
				.redirectErrorStream(true)
				.start();
			String output;
			try (InputStream in = process.getInputStream()) {
				output = new String(in.readAllBytes());
			}
			if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
				process.destroyForcibly();
				throw new IllegalStateException("keytool failed to make a test certificate: " + output);
			}
			KeyStore keyStore = KeyStore.getInstance("PKCS12");
			try (InputStream in = Files.newInputStream(keyStoreFile)) {
				keyStore.load(in, PASSWORD.toCharArray());
			}
			return new TestCertificate(keyStoreFile, keyStore);
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new IllegalStateException("Could not make a test certificate", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while making a test certificate", ex);
		}
	}

	/**
	 * The PKCS#12 key store file holding the certificate and its private key.
	 * @return the file
	 */
	public Path keyStoreFile() {
		return this.keyStoreFile;
	}

	/**
	 * The key store holding the certificate and its private key, under the alias
	 * {@code gateway}.
	 * @return the key store
	 */
	public KeyStore keyStore() {
		return this.keyStore;
	}

	/**
	 * The certificate.
	 * @return the certificate
	 */
	public X509Certificate certificate() {
		try {
			return (X509Certificate) this.keyStore.getCertificate(ALIAS);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A trust store (PKCS#12, password {@link #PASSWORD}) that trusts this certificate
	 * only.
	 * @return the trust store
	 */
	public KeyStore trustStore() {
		try {
			KeyStore trustStore = KeyStore.getInstance("PKCS12");
			trustStore.load(null, null);
			trustStore.setCertificateEntry(ALIAS, certificate());
			return trustStore;
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Writes {@link #trustStore()} to a file, for example for a Spring Boot SSL bundle
	 * ({@code spring.ssl.bundle.jks.<name>.truststore.location}).
	 * @param file where to write it
	 * @return the file
	 */
	public Path writeTrustStore(Path file) {
		try (OutputStream out = Files.newOutputStream(file)) {
			trustStore().store(out, PASSWORD.toCharArray());
			return file;
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * An SSL context for clients that trusts this certificate only.
	 * @return the context
	 */
	public SSLContext clientSslContext() {
		try {
			TrustManagerFactory trustManagers = TrustManagerFactory
				.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			trustManagers.init(trustStore());
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(null, trustManagers.getTrustManagers(), null);
			return context;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
