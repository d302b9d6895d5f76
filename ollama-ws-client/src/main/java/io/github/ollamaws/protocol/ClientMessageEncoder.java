package io.github.ollamaws.protocol;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jspecify.annotations.Nullable;

/**
 * Writes the frames the client sends. Thread-safe.
 */
public final class ClientMessageEncoder {

	private final ObjectMapper objectMapper;

	/**
	 * An encoder that writes option values with {@code objectMapper} (a private mapper of
	 * the client's).
	 * @param objectMapper the mapper
	 */
	public ClientMessageEncoder(ObjectMapper objectMapper) {
		this.objectMapper = objectMapper;
	}

	/**
	 * {@code {"type":"authenticate","clientId":..,"signature":..}}.
	 * @param clientId the client id
	 * @param signature the Base64 signature of the challenge
	 * @return the frame
	 */
	public String authenticate(String clientId, String signature) {
		return write((json) -> {
			json.writeStringField("type", "authenticate");
			json.writeStringField("clientId", clientId);
			json.writeStringField("signature", signature);
		}, 128);
	}

	/**
	 * {@code {"type":"generate","id":..,"prompt":..,"model":..,"options":{..}}}.
	 * @param id the generation's id
	 * @param model the model, or {@code null} for the gateway's default
	 * @param prompt the prompt
	 * @param options the gateway's options object (may be empty), written as given
	 * @return the frame
	 */
	public String generate(String id, @Nullable String model, String prompt, Map<String, Object> options) {
		return write((json) -> {
			json.writeStringField("type", "generate");
			json.writeStringField("id", id);
			if (model != null) {
				json.writeStringField("model", model);
			}
			json.writeStringField("prompt", prompt);
			if (!options.isEmpty()) {
				json.writeFieldName("options");
				this.objectMapper.writeValue(json, options);
			}
		}, prompt.length() + 128);
	}

	/**
	 * {@code {"type":"stop","requestId":generationId,"id":stopId}}: the form the real
	 * gateway understands. The stop's own id must differ from the generation's, or its
	 * answer could not be told from the generation's.
	 * @param stopId the stop's own id
	 * @param generationId the id of the generation to stop
	 * @return the frame
	 */
	public String stop(String stopId, String generationId) {
		return write((json) -> {
			json.writeStringField("type", "stop");
			json.writeStringField("requestId", generationId);
			json.writeStringField("id", stopId);
		}, 128);
	}

	/**
	 * {@code {"type":"models","id":..}}.
	 * @param id the request's id
	 * @return the frame
	 */
	public String models(String id) {
		return write((json) -> {
			json.writeStringField("type", "models");
			json.writeStringField("id", id);
		}, 64);
	}

	/**
	 * {@code {"type":"ping","id":..}}.
	 * @param id the ping's id
	 * @return the frame
	 */
	public String ping(String id) {
		return write((json) -> {
			json.writeStringField("type", "ping");
			json.writeStringField("id", id);
		}, 64);
	}

	private String write(Fields fields, int sizeHint) {
		StringWriter out = new StringWriter(sizeHint);
		// The generator must leave the output open: option values are written through it.
		try (JsonGenerator json = this.objectMapper.getFactory().createGenerator(out)) {
			json.writeStartObject();
			fields.write(json);
			json.writeEndObject();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toString();
	}

	@FunctionalInterface
	private interface Fields {

		void write(JsonGenerator json) throws IOException;

	}

}
