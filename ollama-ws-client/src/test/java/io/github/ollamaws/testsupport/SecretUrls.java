package io.github.ollamaws.testsupport;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collection;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Gateway URLs with a secret in the user info and another in the query, and the check
 * that neither (nor the user info as a Basic credential) is in anything shown.
 */
public final class SecretUrls {

	/** The password of the user info. */
	public static final String USER_SECRET = "userPw4sEcReT";

	/** The value of the query's token. */
	public static final String QUERY_SECRET = "queryT0kEnSeCrEt";

	private SecretUrls() {
	}

	/**
	 * The URL with both secrets:
	 * {@code scheme://user:<secret>@host:port/path?token=<secret>}.
	 * @param url a gateway's URL
	 * @return the URL with credentials
	 */
	public static URI withSecrets(URI url) {
		String path = (url.getRawPath() == null || url.getRawPath().isEmpty()) ? "/" : url.getRawPath();
		return URI.create(url.getScheme() + "://user:" + USER_SECRET + "@" + url.getRawAuthority() + path + "?token="
				+ QUERY_SECRET);
	}

	/**
	 * A failure as a log shows it: its stack trace, causes included.
	 * @param error the failure
	 * @return the text
	 */
	public static String stackTrace(Throwable error) {
		StringWriter text = new StringWriter();
		error.printStackTrace(new PrintWriter(text));
		return text.toString();
	}

	/**
	 * Asserts that no text shows a secret.
	 * @param shown everything shown
	 */
	public static void assertNoSecretIn(Collection<String> shown) {
		String basic = Base64.getEncoder().encodeToString(("user:" + USER_SECRET).getBytes(StandardCharsets.UTF_8));
		assertThat(shown).isNotEmpty()
			.allSatisfy((text) -> assertThat(text).doesNotContain(USER_SECRET)
				.doesNotContain(QUERY_SECRET)
				.doesNotContain(basic));
	}

}
