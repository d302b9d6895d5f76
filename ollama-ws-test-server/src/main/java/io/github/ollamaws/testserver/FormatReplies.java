package io.github.ollamaws.testserver;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.ollamaws.testserver.ollama.OllamaFormatSchema;

/**
 * The replies of {@link ScriptedModel#formatReplies}: checked against the request's
 * {@code format} and cut into tokens.
 */
final class FormatReplies {

	private static final int TOKEN_LENGTH = 3;

	private FormatReplies() {
	}

	static List<String> tokens(GenerationRequest request, String reply) {
		if (request.options().get("format") instanceof Map<?, ?> format) {
			JsonNode schema = Frames.MAPPER.valueToTree(format);
			JsonNode value;
			try {
				value = Frames.MAPPER.readTree(reply);
			}
			catch (JsonProcessingException ex) {
				throw new MismatchException("the scripted reply is not JSON, which the request's format forbids: "
						+ ex.getOriginalMessage());
			}
			List<String> mismatches = OllamaFormatSchema.mismatches(schema, value);
			if (!mismatches.isEmpty()) {
				throw new MismatchException(
						"the scripted reply breaks the request's format: " + String.join("; ", mismatches));
			}
		}
		// By code points, so that no token ends inside a character.
		List<String> tokens = new ArrayList<>();
		int start = 0;
		while (start < reply.length()) {
			int end = reply.offsetByCodePoints(start,
					Math.min(TOKEN_LENGTH, reply.codePointCount(start, reply.length())));
			tokens.add(reply.substring(start, end));
			start = end;
		}
		return tokens;
	}

	/**
	 * A scripted reply that the request's format does not allow.
	 */
	static final class MismatchException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		MismatchException(String message) {
			super(message);
		}

	}

}
