package io.github.ollamaws.testserver;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The frames the gateway sends, with the field order and the presence or absence of
 * {@code id} and {@code code} exactly as the real gateway sends them.
 */
final class Frames {

	static final ObjectMapper MAPPER = new ObjectMapper();

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private Frames() {
	}

	static String challenge(String challenge) {
		ObjectNode frame = typed("challenge");
		frame.put("challenge", challenge);
		return stamped(frame);
	}

	static String authSuccess() {
		ObjectNode frame = typed("auth_result");
		frame.put("success", true);
		return stamped(frame);
	}

	static String authFailure(String error) {
		return stamped(authFailureFrame(error));
	}

	static String authRemainingAttempts(int remainingAttempts) {
		ObjectNode frame = authFailureFrame("Invalid signature");
		frame.put("remainingAttempts", remainingAttempts);
		return stamped(frame);
	}

	static String authBlocked(long retryAfterSeconds) {
		ObjectNode frame = authFailureFrame(
				"Too many authentication attempts. Please try again in " + retryAfterSeconds + " seconds.");
		frame.put("retryAfter", retryAfterSeconds);
		return stamped(frame);
	}

	/**
	 * An error without id, as for {@code unauthorized}, malformed JSON or an unknown
	 * type.
	 * @param message the error text
	 * @param code the error code, or {@code null} to send none
	 * @return the frame as JSON
	 */
	static String error(String message, String code) {
		ObjectNode frame = typed("error");
		frame.put("error", message);
		if (code != null) {
			frame.put("code", code);
		}
		return stamped(frame);
	}

	/**
	 * An error with {@code type} first and the id after it, as for missing fields and
	 * missing requestId.
	 * @param id the id of the request in error, or {@code null} if it had none
	 * @param message the error text
	 * @return the frame as JSON
	 */
	static String errorTypeFirst(JsonNode id, String message) {
		ObjectNode frame = typed("error");
		putId(frame, id);
		frame.put("error", message);
		return stamped(frame);
	}

	/**
	 * An error with the id before {@code type}, as for generation failures and stop
	 * refusals.
	 * @param id the id of the request in error, or {@code null} if it had none
	 * @param message the error text
	 * @param code the error code, or {@code null} to send none
	 * @return the frame as JSON
	 */
	static String errorIdFirst(JsonNode id, String message, String code) {
		ObjectNode frame = NODES.objectNode();
		putId(frame, id);
		frame.put("type", "error");
		frame.put("error", message);
		if (code != null) {
			frame.put("code", code);
		}
		return stamped(frame);
	}

	static String streamStart(JsonNode id, String model) {
		ObjectNode frame = typed("stream_start");
		frame.set("id", id);
		frame.put("model", model);
		return stamped(frame);
	}

	static String streamToken(JsonNode id, String token) {
		ObjectNode frame = typed("stream_token");
		frame.set("id", id);
		frame.put("token", token);
		return stamped(frame);
	}

	static String streamEnd(JsonNode id, int totalTokens, long elapsedMillis) {
		ObjectNode frame = typed("stream_end");
		frame.set("id", id);
		frame.put("totalTokens", totalTokens);
		frame.put("elapsedTime", elapsedMillis);
		return stamped(frame);
	}

	static String streamCancelled(JsonNode id) {
		ObjectNode frame = typed("stream_end");
		frame.set("id", id);
		frame.put("isCancelled", true);
		return stamped(frame);
	}

	static String stopAck(JsonNode stopId, JsonNode requestId) {
		ObjectNode frame = NODES.objectNode();
		putId(frame, stopId);
		frame.put("type", "ack");
		frame.set("requestId", requestId);
		frame.put("action", "stop");
		return stamped(frame);
	}

	static String modelsResult(JsonNode id, List<ModelDescriptor> models) {
		ObjectNode frame = typed("models_result");
		putId(frame, id);
		ArrayNode array = frame.putArray("models");
		for (ModelDescriptor model : models) {
			ObjectNode item = array.addObject();
			item.put("name", model.name());
			item.put("model", model.model());
			item.put("modified_at", model.modifiedAt());
			item.put("size", model.size());
			item.put("digest", model.digest());
			ObjectNode details = item.putObject("details");
			details.put("parent_model", "");
			details.put("format", model.format());
			details.put("family", model.family());
			details.putArray("families").add(model.family());
			details.put("parameter_size", model.parameterSize());
			details.put("quantization_level", model.quantizationLevel());
		}
		return stamped(frame);
	}

	static String pong(JsonNode id) {
		ObjectNode frame = typed("pong");
		putId(frame, id);
		return stamped(frame);
	}

	private static ObjectNode authFailureFrame(String error) {
		ObjectNode frame = typed("auth_result");
		frame.put("success", false);
		frame.put("error", error);
		return frame;
	}

	private static ObjectNode typed(String type) {
		ObjectNode frame = NODES.objectNode();
		frame.put("type", type);
		return frame;
	}

	/**
	 * Puts the id when the request had one, as JavaScript's JSON.stringify drops
	 * undefined values.
	 * @param frame the frame to put the id in
	 * @param id the request's id, {@code null} or missing if it had none
	 */
	private static void putId(ObjectNode frame, JsonNode id) {
		if (id != null && !id.isNull() && !id.isMissingNode()) {
			frame.set("id", id);
		}
	}

	private static String stamped(ObjectNode frame) {
		frame.put("timestamp", System.currentTimeMillis());
		try {
			return MAPPER.writeValueAsString(frame);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
