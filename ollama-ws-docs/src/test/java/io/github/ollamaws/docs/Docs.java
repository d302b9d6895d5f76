package io.github.ollamaws.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The repository's documentation as the checks read it: {@code README.md},
 * {@code CONTRIBUTING.md}, {@code docs/*.md} and the modules' READMEs, their fenced code
 * blocks and their tables.
 */
final class Docs {

	/** The languages whose blocks must be snippets. */
	static final List<String> SNIPPET_LANGUAGES = List.of("java", "yaml", "yml", "xml", "properties");

	/** The consumer tests' sources, which must name every {@code app:} snippet. */
	static final String CONSUMER_TESTS_SOURCES = "ollama-ws-consumer-tests/src";

	private static final List<String> SKIPPED_DIRECTORIES = List.of("target", ".git", "node_modules");

	private static final Pattern MARKER = Pattern.compile("^<!-- snippet: ([A-Za-z0-9:._-]+) -->$");

	private static final Pattern FENCE = Pattern.compile("^```([A-Za-z0-9_+-]*)\\s*$");

	private Docs() {
	}

	/**
	 * The repository's root: the system property the build sets, else the parent of the
	 * working directory (the module's).
	 * @return the root
	 */
	static Path root() {
		String root = System.getProperty("ollama.ws.docs.root");
		Path path = (root != null) ? Path.of(root) : Path.of("..");
		return path.toAbsolutePath().normalize();
	}

	/**
	 * The documentation files.
	 * @return {@code README.md}, {@code CONTRIBUTING.md}, each {@code docs/*.md} and the
	 * modules' own READMEs (the test server's, the sample app's)
	 */
	static List<Path> files() {
		Path root = root();
		List<Path> files = new ArrayList<>(List.of(root.resolve("README.md"), root.resolve("CONTRIBUTING.md"),
				root.resolve("ollama-ws-test-server/README.md"), root.resolve("ollama-ws-sample-app/README.md")));
		try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
			docs.filter((path) -> path.toString().endsWith(".md")).sorted().forEach(files::add);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return files;
	}

	/**
	 * Every file under a directory, leaving out build output, git's directory and
	 * {@code node_modules}.
	 * @param directory the directory
	 * @return the files, sorted
	 */
	static List<Path> walk(Path directory) {
		List<Path> files = new ArrayList<>();
		try {
			Files.walkFileTree(directory, new SimpleFileVisitor<>() {

				@Override
				public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
					String name = String.valueOf(dir.getFileName());
					return (!dir.equals(directory) && SKIPPED_DIRECTORIES.contains(name)) ? FileVisitResult.SKIP_SUBTREE
							: FileVisitResult.CONTINUE;
				}

				@Override
				public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
					files.add(file);
					return FileVisitResult.CONTINUE;
				}

			});
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		files.sort(null);
		return files;
	}

	/**
	 * The text of a file, unless it is binary (has a NUL byte or is not UTF-8).
	 * @param file the file
	 * @return its text, or empty
	 */
	static Optional<String> textOf(Path file) {
		try {
			byte[] bytes = Files.readAllBytes(file);
			for (byte b : bytes) {
				if (b == 0) {
					return Optional.empty();
				}
			}
			return Optional.of(StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString());
		}
		catch (CharacterCodingException ex) {
			return Optional.empty();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static List<String> lines(Path file) {
		try {
			return Files.readAllLines(file, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static String name(Path file) {
		return root().relativize(file).toString();
	}

	/**
	 * The fenced code blocks of every documentation file.
	 * @return the blocks, in order
	 */
	static List<CodeBlock> blocks() {
		List<CodeBlock> blocks = new ArrayList<>();
		for (Path file : files()) {
			blocks.addAll(blocks(file));
		}
		return blocks;
	}

	static List<CodeBlock> blocks(Path file) {
		List<String> lines = lines(file);
		List<CodeBlock> blocks = new ArrayList<>();
		for (int i = 0; i < lines.size(); i++) {
			Matcher fence = FENCE.matcher(lines.get(i));
			if (!fence.matches()) {
				continue;
			}
			int end = i + 1;
			while (end < lines.size() && !lines.get(end).startsWith("```")) {
				end++;
			}
			String marker = null;
			if (i > 0) {
				Matcher matcher = MARKER.matcher(lines.get(i - 1));
				marker = matcher.matches() ? matcher.group(1) : null;
			}
			blocks.add(new CodeBlock(name(file), i + 1, fence.group(1), marker, lines.subList(i + 1, end)));
			i = end;
		}
		return blocks;
	}

	/**
	 * The rows of the tables whose header's first cell is {@code header}, as cells.
	 * @param file the documentation file
	 * @param header the first cell of the table's header
	 * @return each row's cells, trimmed, without the header and the separator
	 */
	static List<List<String>> tableRows(Path file, String header) {
		List<List<String>> rows = new ArrayList<>();
		boolean inTable = false;
		for (String line : lines(file)) {
			if (!line.startsWith("|")) {
				inTable = false;
				continue;
			}
			List<String> cells = cells(line);
			if (!inTable) {
				inTable = cells.get(0).equals(header);
				continue;
			}
			if (!cells.get(0).startsWith("---")) {
				rows.add(cells);
			}
		}
		return rows;
	}

	private static List<String> cells(String line) {
		String inner = line.substring(1, line.endsWith("|") ? line.length() - 1 : line.length());
		List<String> cells = new ArrayList<>();
		for (String cell : inner.split("\\|", -1)) {
			cells.add(cell.trim());
		}
		return cells;
	}

	/**
	 * The text between the first pair of backticks of a cell.
	 * @param cell the cell
	 * @return the code, or the cell itself when it has none
	 */
	static String code(String cell) {
		int start = cell.indexOf('`');
		int end = cell.indexOf('`', start + 1);
		return (start >= 0 && end > start) ? cell.substring(start + 1, end) : cell;
	}

	/**
	 * A fenced code block of a documentation file.
	 *
	 * @param file the file, relative to the root
	 * @param line the line of the opening fence (1-based)
	 * @param language the fence's language, empty if none
	 * @param snippet the ID of the marker line before the fence, or {@code null}
	 * @param content the lines between the fences
	 */
	record CodeBlock(String file, int line, String language, String snippet, List<String> content) {

		boolean mustBeSnippet() {
			return SNIPPET_LANGUAGES.contains(this.language);
		}

		boolean isApp() {
			return this.snippet != null && this.snippet.startsWith("app:");
		}

		String where() {
			return this.file + ":" + this.line;
		}

	}

}
