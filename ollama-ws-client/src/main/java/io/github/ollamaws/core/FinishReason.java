package io.github.ollamaws.core;

/**
 * Why a generation ended without an error.
 */
public enum FinishReason {

	/** The model finished its reply ({@code stream_end}). */
	COMPLETED,

	/**
	 * The generation was cancelled, by {@link Generation#cancel()} or by the gateway; the
	 * result keeps the text received until then.
	 */
	CANCELLED

}
