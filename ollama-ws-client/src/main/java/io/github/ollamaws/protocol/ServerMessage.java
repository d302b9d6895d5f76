package io.github.ollamaws.protocol;

import java.util.List;

import io.github.ollamaws.core.ModelInfo;
import org.jspecify.annotations.Nullable;

/**
 * One decoded frame from the gateway. Fields the frame did not carry are {@code null} (or
 * {@code false}). Only the fields of the frame's type are filled; unknown fields are
 * skipped.
 *
 * @param type the frame's type
 * @param rawType the {@code type} string as sent (useful to log unknown types)
 * @param id the {@code id} field
 * @param requestId the {@code requestId} field
 * @param token the token of a {@code stream_token}
 * @param model the model of a {@code stream_start}
 * @param challenge the nonce of a {@code challenge}
 * @param success the outcome of an {@code auth_result}
 * @param error the message of an {@code error} or a failed {@code auth_result}
 * @param code the code of an {@code error}
 * @param remainingAttempts the attempts left, on a failed {@code auth_result}
 * @param retryAfterSeconds the block's length in seconds, on a failed {@code auth_result}
 * @param totalTokens the token count of a {@code stream_end}, as sent (any JSON number)
 * @param elapsedTime the generation time in ms of a {@code stream_end}
 * @param cancelled the {@code isCancelled} flag of a {@code stream_end}
 * @param models the models of a {@code models_result}
 */
public record ServerMessage(ServerMessageType type, @Nullable String rawType, @Nullable String id,
		@Nullable String requestId, @Nullable String token, @Nullable String model, @Nullable String challenge,
		@Nullable Boolean success, @Nullable String error, @Nullable String code, @Nullable Integer remainingAttempts,
		@Nullable Long retryAfterSeconds, @Nullable Number totalTokens, @Nullable Long elapsedTime, boolean cancelled,
		@Nullable List<ModelInfo> models) {

	/**
	 * The id to correlate the frame with a request by, for stream frames: the newer
	 * gateways' {@code requestId} when present, else {@code id}.
	 * @return the correlation id, or {@code null}
	 */
	public @Nullable String streamCorrelationId() {
		return (this.requestId != null) ? this.requestId : this.id;
	}

}
