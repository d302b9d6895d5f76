package io.github.ollamaws.core;

/**
 * A reactive subscriber fell so far behind a generation that more tokens waited for it
 * than the buffer holds: the generation was stopped on the gateway rather than stall the
 * connection other requests share.
 */
public class SlowSubscriberException extends OllamaWsException {

	private static final long serialVersionUID = 1L;

	private final int bufferedTokens;

	public SlowSubscriberException(int bufferedTokens) {
		super("The subscriber fell " + bufferedTokens + " tokens behind the generation, the most that are buffered;"
				+ " the generation was stopped. Consume faster, or raise the buffer of the ReactiveOllamaTemplate");
		this.bufferedTokens = bufferedTokens;
	}

	/**
	 * How many tokens were waiting when the generation was stopped: the buffer's size.
	 * @return the number of tokens
	 */
	public int bufferedTokens() {
		return this.bufferedTokens;
	}

}
