package io.github.ollamaws.connection;

import java.time.Duration;

import io.github.ollamaws.auth.ChallengeSigner;
import io.github.ollamaws.core.OllamaTimeoutException;
import io.github.ollamaws.core.OllamaWsException;
import io.github.ollamaws.core.ProtocolException;
import io.github.ollamaws.protocol.ClientMessageEncoder;
import io.github.ollamaws.protocol.GatewayErrors;
import io.github.ollamaws.protocol.ServerMessage;

/**
 * Opening a connection up to its authentication (see {@code docs/protocol.md},
 * "Authentication"): the WebSocket opens within the connect timeout, then the gateway's
 * {@code challenge} is signed and answered with {@code authenticate}, and its
 * {@code auth_result} must arrive within the authentication timeout. A failed
 * authentication is final for the connection: the challenge is single use.
 *
 * <p>
 * Frames are handed in by the connection's receiving thread; the deadline is checked by
 * the timer thread.
 */
final class Handshake {

	private final ChallengeSigner signer;

	private final ClientMessageEncoder encoder;

	private final String clientId;

	private final Duration connectTimeout;

	private final Duration authTimeout;

	private final Steps steps;

	private volatile Wait wait;

	/**
	 * A handshake for one connection.
	 * @param signer signs the challenge
	 * @param encoder encodes the {@code authenticate} frame
	 * @param clientId the client id to authenticate as
	 * @param connectTimeout the limit for the WebSocket to open
	 * @param authTimeout the limit for authenticating once it is open
	 * @param steps what the handshake does to its connection
	 */
	Handshake(ChallengeSigner signer, ClientMessageEncoder encoder, String clientId, Duration connectTimeout,
			Duration authTimeout, Steps steps) {
		this.signer = signer;
		this.encoder = encoder;
		this.clientId = clientId;
		this.connectTimeout = connectTimeout;
		this.authTimeout = authTimeout;
		this.steps = steps;
	}

	/**
	 * The WebSocket is being opened: the connect timeout runs from now.
	 * @param nowNanos the current {@link System#nanoTime()}
	 */
	void connecting(long nowNanos) {
		this.wait = new Wait(OllamaTimeoutException.Kind.CONNECT, this.connectTimeout,
				Deadlines.after(nowNanos, this.connectTimeout));
	}

	/**
	 * The WebSocket opened: the authentication timeout runs from now.
	 * @param nowNanos the current {@link System#nanoTime()}
	 */
	void opened(long nowNanos) {
		this.wait = new Wait(OllamaTimeoutException.Kind.AUTH, this.authTimeout,
				Deadlines.after(nowNanos, this.authTimeout));
	}

	/**
	 * Whether the current step has run out of time.
	 * @param nowNanos the current {@link System#nanoTime()}
	 * @return the timeout of the step that ran out (connect or authentication), or
	 * {@code null} if there is time left or the handshake has not started
	 */
	OllamaTimeoutException expired(long nowNanos) {
		Wait current = this.wait;
		if (current == null || nowNanos - current.deadlineNanos() < 0) {
			return null;
		}
		return new OllamaTimeoutException(current.kind(), current.limit(), null);
	}

	/**
	 * Takes a frame received before the connection is authenticated.
	 * @param frame the frame
	 * @return {@code false} if the frame has no part in the handshake (the caller logs
	 * and ignores it)
	 */
	boolean onFrame(ServerMessage frame) {
		switch (frame.type()) {
			case CHALLENGE -> answer(frame.challenge());
			case AUTH_RESULT -> {
				if (Boolean.TRUE.equals(frame.success())) {
					this.steps.authenticated();
				}
				else {
					// The challenge is single-use: a new attempt needs a new connection.
					this.steps.failed(GatewayErrors.authenticationError(frame));
				}
			}
			case ERROR -> {
				if ("auth_timeout".equals(frame.code())) {
					this.steps
						.failed(new OllamaTimeoutException(OllamaTimeoutException.Kind.AUTH, this.authTimeout, null));
				}
				else {
					this.steps.failed(GatewayErrors.requestError(frame));
				}
			}
			default -> {
				return false;
			}
		}
		return true;
	}

	private void answer(String challenge) {
		if (challenge == null || challenge.isEmpty()) {
			this.steps.failed(new ProtocolException("The gateway sent a challenge without a nonce"));
			return;
		}
		String signature;
		try {
			signature = this.signer.sign(challenge);
		}
		catch (OllamaWsException ex) {
			this.steps.failed(ex);
			return;
		}
		this.steps.send(this.encoder.authenticate(this.clientId, signature));
	}

	/**
	 * What a handshake does to its connection.
	 */
	interface Steps {

		/**
		 * Sends a frame to the gateway.
		 * @param frame the frame
		 */
		void send(String frame);

		/**
		 * The gateway accepted the signature: the connection is ready.
		 */
		void authenticated();

		/**
		 * The handshake failed: the connection is of no use.
		 * @param failure why
		 */
		void failed(OllamaWsException failure);

	}

	/**
	 * The step being waited for, and its deadline.
	 */
	private record Wait(OllamaTimeoutException.Kind kind, Duration limit, long deadlineNanos) {
	}

}
