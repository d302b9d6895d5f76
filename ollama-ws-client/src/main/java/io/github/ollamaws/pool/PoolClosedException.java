package io.github.ollamaws.pool;

import io.github.ollamaws.client.OllamaWsException;

/**
 * The pool is shut down: it takes no new requests.
 */
public class PoolClosedException extends OllamaWsException {

	private static final long serialVersionUID = 1L;

	public PoolClosedException() {
		super("The OllamaTemplate is shut down and takes no new requests");
	}

}
