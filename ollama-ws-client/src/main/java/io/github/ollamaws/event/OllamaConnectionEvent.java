package io.github.ollamaws.event;

import java.net.URI;

import io.github.ollamaws.core.GatewayUrls;

import org.springframework.context.ApplicationEvent;

/**
 * Base of the connection lifecycle events an
 * {@link io.github.ollamaws.client.OllamaTemplate} publishes (as Spring application
 * events when auto-configured). The source is the template.
 */
public abstract class OllamaConnectionEvent extends ApplicationEvent {

	private static final long serialVersionUID = 1L;

	private final String connectionId;

	private final URI gatewayUrl;

	protected OllamaConnectionEvent(Object source, String connectionId, URI gatewayUrl) {
		super(source);
		this.connectionId = connectionId;
		// Events are shown and logged: they keep the URL without credentials.
		this.gatewayUrl = (gatewayUrl != null) ? GatewayUrls.withoutCredentials(gatewayUrl) : null;
	}

	/**
	 * The client-side name of the connection (for example {@code ollama-ws-1}); for a
	 * reconnection scheduled before its new connection exists, the connection's place in
	 * the pool ({@code pool-entry-1}).
	 * @return the connection's name
	 */
	public String getConnectionId() {
		return this.connectionId;
	}

	/**
	 * The gateway's URL, as {@link GatewayUrls} shows it: without user info or query.
	 * @return the URL
	 */
	public URI getGatewayUrl() {
		return this.gatewayUrl;
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + "[connection=" + this.connectionId + ", url=" + this.gatewayUrl + "]";
	}

}
