package io.github.ollamaws.core;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * How the client shows a gateway's URL: scheme, host, port and path; never the user info,
 * the query or the fragment, where reverse proxies in front of gateways take credentials
 * ({@code wss://user:secret@host/ws?token=secret} shows as {@code wss://host/ws}). Every
 * message, log line, exception, event, status, health detail and meter of the client and
 * the starter shows gateway URLs through it; only the code that connects reads the URL as
 * given.
 *
 * <pre>{@code
 * GatewayUrls.redact(URI.create("ws://user:pw@gpu-1:3000/ws?token=t"));   // "ws://gpu-1:3000/ws"
 * }</pre>
 */
public final class GatewayUrls {

	private GatewayUrls() {
	}

	/**
	 * The URL without user info, query and fragment.
	 * @param url a gateway's URL
	 * @return the URL to show
	 */
	public static URI withoutCredentials(URI url) {
		if (url.getRawUserInfo() == null && url.getRawQuery() == null && url.getRawFragment() == null
				&& url.getHost() != null) {
			return url;
		}
		if (url.getHost() != null) {
			try {
				return new URI(url.getScheme(), null, url.getHost(), url.getPort(), url.getPath(), null, null);
			}
			catch (URISyntaxException ex) {
				// Shown as text below.
			}
		}
		// No server authority (a host name with '_') or an opaque URI: the text, cut.
		try {
			return new URI(redact(url.toString()));
		}
		catch (URISyntaxException ex) {
			return URI.create(String.valueOf(url.getScheme()) + "://redacted");
		}
	}

	/**
	 * The URL without user info, query and fragment, as text.
	 * @param url a gateway's URL
	 * @return the URL to show
	 */
	public static String redact(URI url) {
		return withoutCredentials(url).toString();
	}

	/**
	 * A URL given as text, perhaps malformed (as in a configuration error), without what
	 * may be user info, a query or a fragment: everything from the first {@code ?} or
	 * {@code #}, and everything between {@code //} and the last {@code @} before it.
	 * @param url the text of a URL
	 * @return the text to show
	 */
	public static String redact(String url) {
		int end = url.length();
		int query = url.indexOf('?');
		int fragment = url.indexOf('#');
		if (query >= 0) {
			end = query;
		}
		if (fragment >= 0 && fragment < end) {
			end = fragment;
		}
		String kept = url.substring(0, end);
		int schemeEnd = kept.indexOf("://");
		int authority = (schemeEnd >= 0) ? schemeEnd + 3 : 0;
		int at = kept.lastIndexOf('@');
		// Anything before an '@' may be user info, even a '/' that ought to be encoded.
		return (at >= authority) ? kept.substring(0, authority) + kept.substring(at + 1) : kept;
	}

}
