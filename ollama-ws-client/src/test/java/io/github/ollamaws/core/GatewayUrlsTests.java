package io.github.ollamaws.core;

import java.net.URI;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link GatewayUrls}: scheme, host, port and path are shown; user info, query
 * and fragment never, whatever the URL's shape, and for text that is no URL at all.
 */
class GatewayUrlsTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			ws://user:secret@gpu-1:3000/ws?token=secret#frag | ws://gpu-1:3000/ws
			wss://secret@gpu-1/?token=secret                 | wss://gpu-1/
			ws://gpu-1:3000                                  | ws://gpu-1:3000
			ws://gpu-1:3000/a/b                              | ws://gpu-1:3000/a/b
			ws://user:secret@[::1]:3000/?token=secret        | ws://[::1]:3000/
			ws://user:secret@gpu_1:3000/ws?token=secret      | ws://gpu_1:3000/ws
			ws://us%40er:se%2Fcret@gpu-1/ws?t=s%20ecret      | ws://gpu-1/ws
			""")
	void showsSchemeHostPortAndPathOnly(String url, String shown) {
		assertThat(GatewayUrls.redact(URI.create(url))).isEqualTo(shown);
		assertThat(GatewayUrls.withoutCredentials(URI.create(url))).hasToString(shown);
		assertThat(GatewayUrls.redact(url)).isEqualTo(shown);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			ws://user:sec ret@gpu 1/?token=secret | ws://gpu 1/
			user:secret@gpu-1                      | gpu-1
			ws://us/er:secret@gpu-1/               | ws://gpu-1/
			ws://gpu-1/#secret                     | ws://gpu-1/
			""")
	void cutsWhatMayBeCredentialsFromTextThatIsNoUrl(String text, String shown) {
		assertThat(GatewayUrls.redact(text)).isEqualTo(shown).doesNotContain("secret");
	}

}
