package io.github.ollamaws.sample.chat;

/**
 * No running generation has the given id (it never existed or has already ended):
 * answered with 404.
 */
public class GenerationNotFoundException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param id the id asked for
	 */
	public GenerationNotFoundException(String id) {
		super("No running generation has the id '" + id + "': it has ended or never existed");
	}

}
