package io.github.ollamaws.consumer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The code blocks of the docs marked {@code <!-- snippet: app:ID -->} on the line before
 * their opening fence, by ID: what a user copies, so what the consumer applications are
 * made of.
 */
final class DocSnippets {

	private static final Pattern MARKER = Pattern.compile("<!--\\s*snippet:\\s*(app:[A-Za-z0-9._-]+)\\s*-->");

	private final Map<String, Snippet> snippets;

	private DocSnippets(Map<String, Snippet> snippets) {
		this.snippets = snippets;
	}

	/**
	 * Reads the marked snippets of {@code README.md}, {@code docs/*.md} and the sample
	 * app's {@code README.md}.
	 * @param root the repository's root
	 * @return the snippets
	 */
	static DocSnippets read(Path root) {
		List<Path> files = new ArrayList<>();
		files.add(root.resolve("README.md"));
		files.add(root.resolve("ollama-ws-sample-app/README.md"));
		Path docs = root.resolve("docs");
		if (Files.isDirectory(docs)) {
			try (Stream<Path> paths = Files.list(docs)) {
				paths.filter((path) -> path.toString().endsWith(".md")).sorted().forEach(files::add);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		Map<String, Snippet> snippets = new LinkedHashMap<>();
		for (Path file : files) {
			if (Files.exists(file)) {
				parse(root.relativize(file).toString(), readLines(file), snippets);
			}
		}
		return new DocSnippets(snippets);
	}

	private static List<String> readLines(Path file) {
		try {
			return Files.readAllLines(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void parse(String source, List<String> lines, Map<String, Snippet> snippets) {
		for (int i = 0; i < lines.size(); i++) {
			Matcher marker = MARKER.matcher(lines.get(i).trim());
			if (!marker.matches()) {
				continue;
			}
			String id = marker.group(1);
			String where = source + ":" + (i + 1);
			int fence = i + 1;
			while (fence < lines.size() && lines.get(fence).isBlank()) {
				fence++;
			}
			if (fence == lines.size() || !lines.get(fence).trim().startsWith("```")) {
				throw new IllegalStateException(
						"The marker of " + id + " at " + where + " is not followed by a code block");
			}
			StringBuilder text = new StringBuilder();
			int line = fence + 1;
			while (line < lines.size() && !lines.get(line).trim().startsWith("```")) {
				text.append(lines.get(line)).append('\n');
				line++;
			}
			if (line == lines.size()) {
				throw new IllegalStateException("The code block of " + id + " at " + where + " is not closed");
			}
			Snippet previous = snippets.put(id, new Snippet(id, where, text.toString()));
			if (previous != null) {
				throw new IllegalStateException(id + " is marked twice: at " + previous.where() + " and " + where);
			}
			i = line;
		}
	}

	/**
	 * Returns the snippet of this ID.
	 * @param id the ID, for example {@code app:boot-yaml}
	 * @return its text
	 * @throws IllegalStateException if no doc marks it
	 */
	String text(String id) {
		Snippet snippet = this.snippets.get(id);
		if (snippet == null) {
			throw new IllegalStateException("No doc marks a snippet " + id + " (a line <!-- snippet: " + id
					+ " --> before its code block); marked: " + this.snippets.keySet());
		}
		return snippet.text();
	}

	/**
	 * Returns where the snippet of this ID is, for failure messages.
	 * @param id the ID
	 * @return the file and line of its marker
	 */
	String where(String id) {
		Snippet snippet = this.snippets.get(id);
		return (snippet != null) ? snippet.where() : "(nowhere)";
	}

	private record Snippet(String id, String where, String text) {
	}

}
