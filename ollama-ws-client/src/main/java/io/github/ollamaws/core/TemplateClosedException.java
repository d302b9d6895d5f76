package io.github.ollamaws.core;

/**
 * The template is stopped or closed: it takes no new requests. A request made then, or
 * waiting for a slot when the template stopped, fails with this.
 */
public class TemplateClosedException extends OllamaWsException {

	private static final long serialVersionUID = 1L;

	public TemplateClosedException() {
		super("The OllamaTemplate is shut down and takes no new requests");
	}

}
