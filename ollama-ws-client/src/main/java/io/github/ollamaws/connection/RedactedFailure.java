package io.github.ollamaws.connection;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import io.github.ollamaws.core.GatewayUrls;
import org.jspecify.annotations.Nullable;

/**
 * A failure of the libraries below the client (Tomcat's WebSocket client) whose message
 * spells the gateway's URL as given, user info and query included: Tomcat's
 * {@code DeploymentException} says "The HTTP request to initiate the WebSocket connection
 * to [ws://user:secret@host/?token=secret] failed". It becomes a copy with the URL as
 * {@link GatewayUrls} shows it, the original's class name at the start of its message and
 * its stack trace, so that the client's exceptions can keep their causes without carrying
 * a credential into a log. Causes without one are kept as they are, with their types.
 */
final class RedactedFailure extends Exception {

	private static final String MASK = "******";

	// Thrown causes nest a few levels deep; a longer chain is cut rather than walked.
	private static final int MAX_DEPTH = 16;

	private RedactedFailure(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

	/**
	 * The failure, or a copy of it without the URL's credentials if it or a cause spells
	 * them.
	 * @param error the failure
	 * @param url the gateway's URL, as given
	 * @return {@code error} itself if nothing in its chain spells a credential, else a
	 * copy
	 */
	static Throwable of(Throwable error, URI url) {
		List<String> secrets = secrets(url);
		if (secrets.isEmpty() || !spells(error, secrets, 0)) {
			return error;
		}
		return copy(error, url, secrets, 0);
	}

	private static List<String> secrets(URI url) {
		List<String> secrets = new ArrayList<>(4);
		for (String part : new String[] { url.getRawUserInfo(), url.getUserInfo(), url.getRawQuery(), url.getQuery(),
				url.getRawFragment(), url.getFragment() }) {
			if (part != null && !part.isEmpty() && !secrets.contains(part)) {
				secrets.add(part);
			}
		}
		return secrets;
	}

	private static boolean spells(@Nullable Throwable error, List<String> secrets, int depth) {
		if (error == null || depth > MAX_DEPTH) {
			return false;
		}
		return spells(error.getMessage(), secrets)
				|| (error.getCause() != error && spells(error.getCause(), secrets, depth + 1));
	}

	private static boolean spells(@Nullable String message, List<String> secrets) {
		if (message == null) {
			return false;
		}
		for (String secret : secrets) {
			if (message.contains(secret)) {
				return true;
			}
		}
		return false;
	}

	private static @Nullable Throwable copy(@Nullable Throwable error, URI url, List<String> secrets, int depth) {
		if (error == null || depth > MAX_DEPTH) {
			return null;
		}
		if (!spells(error, secrets, 0)) {
			return error;
		}
		Throwable cause = (error.getCause() != error) ? copy(error.getCause(), url, secrets, depth + 1) : null;
		String message = String.valueOf(error.getMessage()).replace(url.toString(), GatewayUrls.redact(url));
		for (String secret : secrets) {
			message = message.replace(secret, MASK);
		}
		RedactedFailure copy = new RedactedFailure(error.getClass().getName() + ": " + message, cause);
		copy.setStackTrace(error.getStackTrace());
		return copy;
	}

}
