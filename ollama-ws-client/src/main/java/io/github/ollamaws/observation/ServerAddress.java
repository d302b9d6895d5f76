package io.github.ollamaws.observation;

import java.net.URI;

import io.micrometer.common.KeyValue;

/**
 * The {@code server.address} and {@code server.port} of a gateway, as generations and the
 * per-gateway meters are tagged with them.
 */
final class ServerAddress {

	private ServerAddress() {
	}

	/**
	 * The gateway's host.
	 * @param url the gateway's URL
	 * @return the host, or {@link KeyValue#NONE_VALUE} if the URL has none
	 */
	static String host(URI url) {
		String host = url.getHost();
		return (host != null && !host.isBlank()) ? host : KeyValue.NONE_VALUE;
	}

	/**
	 * The gateway's port, the scheme's default when the URL names none.
	 * @param url the gateway's URL
	 * @return the port
	 */
	static String port(URI url) {
		int port = (url.getPort() != -1) ? url.getPort() : ("wss".equalsIgnoreCase(url.getScheme()) ? 443 : 80);
		return String.valueOf(port);
	}

}
