package io.github.ollamaws.core;

import org.jspecify.annotations.Nullable;

/**
 * Base of every exception the client throws. Unchecked, so that callers catch only what
 * they can handle; each subclass carries the facts a caller needs as typed accessors, so
 * that no caller ever has to parse a message string.
 */
public class OllamaWsException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public OllamaWsException(String message) {
		super(message);
	}

	public OllamaWsException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
