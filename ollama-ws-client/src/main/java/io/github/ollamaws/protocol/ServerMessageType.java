package io.github.ollamaws.protocol;

import org.jspecify.annotations.Nullable;

/**
 * The types of frame the gateway sends.
 */
public enum ServerMessageType {

	/** {@code challenge}: the nonce to sign, sent on open. */
	CHALLENGE,

	/** {@code auth_result}: whether authentication succeeded. */
	AUTH_RESULT,

	/** {@code stream_start}: a generation started, with the model used. */
	STREAM_START,

	/** {@code stream_token}: a text fragment of a generation. */
	STREAM_TOKEN,

	/**
	 * {@code stream_end}: a generation ended (or was cancelled before upstream answered).
	 */
	STREAM_END,

	/** {@code models_result}: the models listing. */
	MODELS_RESULT,

	/** {@code pong}: the answer to a ping. */
	PONG,

	/** {@code ack}: a stop was accepted. */
	ACK,

	/** {@code error}: a request, or the connection, failed. */
	ERROR,

	/** Any type this client does not know; ignored. */
	UNKNOWN;

	static ServerMessageType of(@Nullable String type) {
		if (type == null) {
			return UNKNOWN;
		}
		return switch (type) {
			case "stream_token" -> STREAM_TOKEN;
			case "stream_start" -> STREAM_START;
			case "stream_end" -> STREAM_END;
			case "challenge" -> CHALLENGE;
			case "auth_result" -> AUTH_RESULT;
			case "models_result" -> MODELS_RESULT;
			case "pong" -> PONG;
			case "ack" -> ACK;
			case "error" -> ERROR;
			default -> UNKNOWN;
		};
	}

}
