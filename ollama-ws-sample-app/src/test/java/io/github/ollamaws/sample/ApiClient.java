package io.github.ollamaws.sample;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP client of the sample's API on loopback, reading Server-Sent Events as they
 * arrive.
 */
final class ApiClient {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

	private final String baseUrl;

	ApiClient(int port) {
		this.baseUrl = "http://127.0.0.1:" + port;
	}

	Response get(String path) {
		return send(request(path).GET().build());
	}

	Response postJson(String path, String json) {
		return send(request(path).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build());
	}

	Response post(String path) {
		return send(request(path).POST(HttpRequest.BodyPublishers.noBody()).build());
	}

	/**
	 * Posts to the stream endpoint and reads its events until the server ends the stream,
	 * handing each to {@code onEvent} as soon as it is complete.
	 */
	List<Event> stream(String json, Consumer<Event> onEvent) {
		HttpRequest request = request("/api/stream").header("Content-Type", "application/json")
			.header("Accept", "text/event-stream")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build();
		return readEvents(request, onEvent);
	}

	/**
	 * Posts to the stream endpoint and returns the body unread, for a test that walks
	 * away from it.
	 */
	BufferedReader openStream(String json) {
		HttpRequest request = request("/api/stream").header("Content-Type", "application/json")
			.header("Accept", "text/event-stream")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build();
		try {
			HttpResponse<InputStream> response = this.http.send(request, HttpResponse.BodyHandlers.ofInputStream());
			return new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	List<Event> streamGet(String query) {
		return readEvents(request("/api/stream?" + query).header("Accept", "text/event-stream").GET().build(),
				(event) -> {
				});
	}

	private List<Event> readEvents(HttpRequest request, Consumer<Event> onEvent) {
		HttpResponse<Stream<String>> response = sendForLines(request);
		if (response.statusCode() != 200
				|| !response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream")) {
			throw new IllegalStateException("Not an event stream: " + response.statusCode() + " " + response.headers());
		}
		List<Event> events = new ArrayList<>();
		try (Stream<String> lines = response.body()) {
			String name = null;
			StringBuilder data = new StringBuilder();
			for (Iterator<String> iterator = lines.iterator(); iterator.hasNext();) {
				String line = iterator.next();
				if (line.isEmpty()) {
					if (name != null) {
						Event event = new Event(name, JSON.readTree(data.toString()));
						events.add(event);
						onEvent.accept(event);
					}
					name = null;
					data.setLength(0);
				}
				else if (line.startsWith("event:")) {
					name = line.substring("event:".length()).strip();
				}
				else if (line.startsWith("data:")) {
					data.append(line.substring("data:".length()));
				}
			}
		}
		return events;
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create(this.baseUrl + path)).timeout(TIMEOUT);
	}

	private Response send(HttpRequest request) {
		try {
			HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
					response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private HttpResponse<Stream<String>> sendForLines(HttpRequest request) {
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.ofLines());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * An HTTP response.
	 */
	record Response(int status, String contentType, String body) {

		JsonNode json() {
			return JSON.readTree(this.body);
		}

	}

	/**
	 * A Server-Sent Event with its JSON data.
	 */
	record Event(String name, JsonNode data) {

	}

}
