package io.github.ollamaws.protocol;

import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ollamaws.core.ModelInfo;
import org.jspecify.annotations.Nullable;

/**
 * Decodes the gateway's JSON frames, streaming through Jackson's parser rather than
 * binding a tree. Field order does not matter and unknown fields are skipped. The
 * {@code stream_token} frames, the client's hot path, are read by a
 * {@link StreamTokenReader} first; this decoder takes every other frame, and the token
 * frames that reader leaves to it. Thread-safe.
 */
public final class ServerMessageDecoder {

	private final JsonFactory jsonFactory;

	private final ObjectMapper objectMapper;

	/**
	 * A decoder that reads models with {@code objectMapper} (a private mapper of the
	 * client's).
	 * @param objectMapper the mapper
	 */
	public ServerMessageDecoder(ObjectMapper objectMapper) {
		this.objectMapper = objectMapper;
		this.jsonFactory = objectMapper.getFactory();
	}

	/**
	 * A reader of token frames that takes none this decoder would refuse: it applies the
	 * limits of this decoder's parser ({@link StreamReadConstraints}).
	 * @return a new reader
	 */
	public StreamTokenReader newTokenReader() {
		return new StreamTokenReader(this.jsonFactory.streamReadConstraints());
	}

	/**
	 * Decodes one frame.
	 * @param json the frame's text
	 * @return the message
	 * @throws MalformedFrameException if the text is not one JSON object (with nothing
	 * but whitespace after it), or exceeds the parser's limits
	 */
	public ServerMessage decode(String json) {
		if (!JsonStrings.hasValidEscapes(json)) {
			// Jackson 2.21 reads some invalid Unicode escapes (a non-ASCII character
			// whose low byte is a hex digit); StreamTokenReader rejects them, and so does
			// this decoder, so that both agree on every frame.
			throw new MalformedFrameException("frame is not valid JSON: invalid escape");
		}
		try (JsonParser parser = this.jsonFactory.createParser(json)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				throw new MalformedFrameException("frame is not a JSON object");
			}
			String type = null;
			String id = null;
			String requestId = null;
			String token = null;
			String model = null;
			String challenge = null;
			Boolean success = null;
			String error = null;
			String code = null;
			Integer remainingAttempts = null;
			Long retryAfter = null;
			Number totalTokens = null;
			Long elapsedTime = null;
			boolean cancelled = false;
			List<ModelInfo> models = null;
			String field;
			while ((field = parser.nextFieldName()) != null) {
				JsonToken value = parser.nextToken();
				switch (field) {
					case "type" -> type = text(parser, value);
					case "id" -> id = text(parser, value);
					case "requestId" -> requestId = text(parser, value);
					case "token" -> token = text(parser, value);
					case "model" -> model = text(parser, value);
					case "challenge" -> challenge = text(parser, value);
					case "success" -> success = (value == JsonToken.VALUE_TRUE) ? Boolean.TRUE
							: (value == JsonToken.VALUE_FALSE) ? Boolean.FALSE : null;
					case "error" -> error = errorText(parser, value);
					case "code" -> code = text(parser, value);
					case "remainingAttempts" -> remainingAttempts = (value.isNumeric()) ? parser.getIntValue() : null;
					case "retryAfter" ->
						retryAfter = (value.isNumeric()) ? (long) Math.ceil(parser.getDoubleValue()) : null;
					// As sent, whatever its size: a count no int holds is the
					// generation's to reject, at once.
					case "totalTokens" -> totalTokens = (value.isNumeric()) ? parser.getNumberValue() : null;
					case "elapsedTime" -> elapsedTime = (value.isNumeric()) ? (long) parser.getDoubleValue() : null;
					case "isCancelled" -> cancelled = (value == JsonToken.VALUE_TRUE);
					case "models" -> models = models(parser, value);
					default -> parser.skipChildren();
				}
			}
			if (parser.nextToken() != null) {
				throw new MalformedFrameException("frame has more than one JSON value");
			}
			return new ServerMessage(ServerMessageType.of(type), type, id, requestId, token, model, challenge, success,
					error, code, remainingAttempts, retryAfter, totalTokens, elapsedTime, cancelled, models);
		}
		catch (IOException ex) {
			throw new MalformedFrameException("frame is not valid JSON: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Reads a scalar as text. Ids are strings on the wire, but a number is accepted and
	 * kept in its JSON form.
	 * @param parser the parser, positioned on the value
	 * @param value the value's token
	 * @return the value as text, or {@code null} for an object, an array or null
	 * @throws IOException if the frame cannot be read
	 */
	private static @Nullable String text(JsonParser parser, JsonToken value) throws IOException {
		if (value == JsonToken.VALUE_STRING || value.isNumeric() || value.isBoolean()) {
			return parser.getText();
		}
		parser.skipChildren();
		return null;
	}

	/**
	 * An {@code error} is a string; a gateway that sends an object gets it kept as JSON
	 * text.
	 * @param parser the parser, positioned on the value
	 * @param value the value's token
	 * @return the error as text, or {@code null} if it is JSON null
	 * @throws IOException if the frame cannot be read
	 */
	private @Nullable String errorText(JsonParser parser, JsonToken value) throws IOException {
		if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
			return this.objectMapper.readTree(parser).toString();
		}
		return text(parser, value);
	}

	private @Nullable List<ModelInfo> models(JsonParser parser, JsonToken value) throws IOException {
		if (value != JsonToken.START_ARRAY) {
			parser.skipChildren();
			return null;
		}
		List<ModelInfo> models = new ArrayList<>();
		JsonToken element;
		while ((element = parser.nextToken()) != JsonToken.END_ARRAY) {
			if (element == JsonToken.VALUE_STRING) {
				// The gateway's documentation shows plain names.
				models.add(ModelInfo.ofName(parser.getText()));
			}
			else if (element == JsonToken.START_OBJECT) {
				ModelInfo model = modelInfo(this.objectMapper.readTree(parser));
				if (model != null) {
					models.add(model);
				}
			}
			else {
				parser.skipChildren();
			}
		}
		return models;
	}

	/**
	 * Reads one of Ollama's model objects, as the real gateway sends them.
	 * @param node the model object
	 * @return the model, or {@code null} if the object names none
	 */
	private static @Nullable ModelInfo modelInfo(JsonNode node) {
		String name = textOrNull(node, "name");
		if (name == null) {
			name = textOrNull(node, "model");
		}
		if (name == null) {
			return null;
		}
		JsonNode details = node.path("details");
		JsonNode size = node.get("size");
		return new ModelInfo(name, (size != null && size.isNumber()) ? size.asLong() : null,
				dateTime(textOrNull(node, "modified_at")), textOrNull(node, "digest"), textOrNull(details, "family"),
				textOrNull(details, "parameter_size"), textOrNull(details, "quantization_level"));
	}

	private static @Nullable String textOrNull(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value != null && value.isValueNode() && !value.isNull()) ? value.asText() : null;
	}

	private static @Nullable OffsetDateTime dateTime(@Nullable String text) {
		if (text == null) {
			return null;
		}
		try {
			return OffsetDateTime.parse(text);
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

}
