package io.github.ollamaws.chat;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One turn of a conversation: who spoke, and what they said. System messages are no
 * turns: they go to Ollama's {@code system}.
 *
 * @param speaker who spoke
 * @param text what was said; {@code null} is taken as the empty string (an assistant turn
 * may have no text)
 */
public record ChatTurn(Speaker speaker, String text) {

	/**
	 * A turn.
	 * @param speaker who spoke
	 * @param text what was said, or {@code null} for nothing
	 */
	public ChatTurn(Speaker speaker, @Nullable String text) {
		this.speaker = Objects.requireNonNull(speaker, "speaker must not be null");
		this.text = (text != null) ? text : "";
	}

	/**
	 * A turn of the user's.
	 * @param text what the user said
	 * @return the turn
	 */
	public static ChatTurn user(@Nullable String text) {
		return new ChatTurn(Speaker.USER, text);
	}

	/**
	 * A turn of the assistant's (the model's earlier reply).
	 * @param text what the assistant said, or {@code null} for nothing
	 * @return the turn
	 */
	public static ChatTurn assistant(@Nullable String text) {
		return new ChatTurn(Speaker.ASSISTANT, text);
	}

	/**
	 * Who spoke a turn.
	 */
	public enum Speaker {

		/** The user (or the application on the user's behalf). */
		USER,

		/** The model, in an earlier reply. */
		ASSISTANT

	}

}
