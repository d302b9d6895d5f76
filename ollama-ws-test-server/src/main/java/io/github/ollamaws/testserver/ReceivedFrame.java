package io.github.ollamaws.testserver;

import java.time.Instant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A frame the server received from a client, recorded so tests can assert exactly what a
 * client sent.
 *
 * @param connectionId the id of the connection it arrived on
 * @param type its {@code type} field, or {@code null} if it was not a JSON object with a
 * string type
 * @param text the frame's text as received
 * @param receivedAt when it arrived
 */
public record ReceivedFrame(String connectionId, String type, String text, Instant receivedAt) {

	/**
	 * Parses the frame's text.
	 * @return the JSON tree
	 * @throws IllegalStateException if the frame was not valid JSON
	 */
	public JsonNode json() {
		try {
			return Frames.MAPPER.readTree(this.text);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("The frame is not valid JSON", ex);
		}
	}

	@Override
	public String toString() {
		return "ReceivedFrame[connectionId=" + this.connectionId + ", type=" + this.type + ", length="
				+ this.text.length() + "]";
	}

}
