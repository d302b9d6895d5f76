package io.github.ollamaws.testserver;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A model as Ollama lists it, sent by the gateway in {@code models_result} as an object
 * with {@code name}, {@code model}, {@code modified_at}, {@code size}, {@code digest} and
 * {@code details}.
 *
 * @param name the model's name (for example {@code llama2})
 * @param model the model's full reference (usually equal to the name)
 * @param modifiedAt when it was last modified, as Ollama writes it (ISO-8601 with offset)
 * @param size its size in bytes
 * @param digest its sha256 content digest in hex
 * @param format its file format (for example {@code gguf})
 * @param family its family (for example {@code llama})
 * @param parameterSize its parameter size (for example {@code 7B})
 * @param quantizationLevel its quantization level (for example {@code Q4_0})
 */
public record ModelDescriptor(String name, String model, String modifiedAt, long size, String digest, String format,
		String family, String parameterSize, String quantizationLevel) {

	private static final String DEFAULT_MODIFIED_AT = "2024-05-01T10:15:30.123456789Z";

	/**
	 * A plausible descriptor for a model of the given name: a {@code gguf} 7B
	 * {@code Q4_0} llama model whose digest is derived from the name.
	 * @param name the model's name
	 * @return the descriptor
	 */
	public static ModelDescriptor of(String name) {
		return new ModelDescriptor(name, name, DEFAULT_MODIFIED_AT, 3_825_819_519L, sha256Hex(name), "gguf", "llama",
				"7B", "Q4_0");
	}

	private static String sha256Hex(String text) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
