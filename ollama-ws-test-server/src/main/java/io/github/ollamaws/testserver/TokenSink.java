package io.github.ollamaws.testserver;

/**
 * Receives the outcome of one generation from a {@link ModelBackend}: any number of
 * tokens, then exactly one of {@link #complete()} or {@link #fail(String)}. Calls for one
 * generation must not overlap; they may come from any thread. Calls after the generation
 * ended (completed, failed, stopped or its connection closed) are ignored, so a backend
 * need not synchronise with an abort.
 */
public interface TokenSink {

	/**
	 * Delivers one token (one upstream chunk), sent to the client as a
	 * {@code stream_token}.
	 * @param token the text fragment
	 */
	void token(String token);

	/**
	 * Ends the generation normally; the client receives {@code stream_end} with the
	 * totals.
	 */
	void complete();

	/**
	 * Ends the generation with an upstream failure; the client receives
	 * {@code {"type":"error","error":"Generation failed:
	 * <message>","code":"generation_error"}}.
	 * @param message the upstream failure as the real gateway words it (for example
	 * {@code Ollama API error: 500 ...})
	 */
	void fail(String message);

}
