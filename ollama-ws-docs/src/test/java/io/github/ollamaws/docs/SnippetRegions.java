package io.github.ollamaws.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The snippet regions of the test sources of every module: the lines between
 * {@code tag::ID[]} and {@code end::ID[]} (in a {@code //}, {@code #} or {@code <!-- -->}
 * comment of their own), in any file under a {@code src/test/} directory. A region may
 * come in several parts with the same ID in one file; they are joined. Lines that hold
 * another region's markers are left out.
 */
final class SnippetRegions {

	private static final Pattern TAG = Pattern
		.compile("^\\s*(?://|#|<!--)\\s*(tag|end)::([A-Za-z0-9._-]+)\\[\\]\\s*(?:-->)?\\s*$");

	private final Map<String, Region> regions;

	private final List<String> problems;

	private SnippetRegions(Map<String, Region> regions, List<String> problems) {
		this.regions = regions;
		this.problems = problems;
	}

	/**
	 * Reads the regions of every test source under the root.
	 * @param root the repository's root
	 * @return the regions
	 */
	static SnippetRegions read(Path root) {
		Map<String, Region> regions = new LinkedHashMap<>();
		List<String> problems = new ArrayList<>();
		Docs.walk(root)
			.stream()
			.filter(SnippetRegions::isTestSource)
			.forEach((file) -> read(root, file, regions, problems));
		return new SnippetRegions(regions, problems);
	}

	private static boolean isTestSource(Path file) {
		String path = file.toString().replace('\\', '/');
		return path.contains("/src/test/");
	}

	private static void read(Path root, Path file, Map<String, Region> regions, List<String> problems) {
		List<String> lines;
		try {
			lines = Files.readAllLines(file, StandardCharsets.UTF_8);
		}
		catch (MalformedInputException ex) {
			return; // not text
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		String name = root.relativize(file).toString();
		Map<String, List<String>> open = new LinkedHashMap<>();
		Map<String, List<String>> found = new LinkedHashMap<>();
		for (int i = 0; i < lines.size(); i++) {
			Matcher tag = TAG.matcher(lines.get(i));
			if (tag.matches()) {
				String id = tag.group(2);
				if (tag.group(1).equals("tag")) {
					if (open.containsKey(id)) {
						problems.add(name + ":" + (i + 1) + ": region '" + id + "' opened twice");
					}
					open.put(id, found.computeIfAbsent(id, (key) -> new ArrayList<>()));
				}
				else if (open.remove(id) == null) {
					problems.add(name + ":" + (i + 1) + ": region '" + id + "' ended but never opened");
				}
				continue;
			}
			for (List<String> region : open.values()) {
				region.add(lines.get(i));
			}
		}
		open.keySet().forEach((id) -> problems.add(name + ": region '" + id + "' is never ended"));
		found.forEach((id, content) -> {
			Region previous = regions.put(id, new Region(id, name, dedent(content)));
			if (previous != null) {
				problems.add("region '" + id + "' is in " + previous.file() + " and in " + name);
			}
		});
	}

	/**
	 * Removes the indentation the lines have in common, and trailing white space.
	 * @param lines the lines
	 * @return the lines as a document shows them
	 */
	static List<String> dedent(List<String> lines) {
		int common = Integer.MAX_VALUE;
		for (String line : lines) {
			if (!line.isBlank()) {
				int indent = 0;
				while (indent < line.length() && (line.charAt(indent) == ' ' || line.charAt(indent) == '\t')) {
					indent++;
				}
				common = Math.min(common, indent);
			}
		}
		List<String> result = new ArrayList<>();
		for (String line : lines) {
			result.add(line.isBlank() ? "" : line.substring(common).stripTrailing());
		}
		return result;
	}

	Region get(String id) {
		return this.regions.get(id);
	}

	List<String> problems() {
		return this.problems;
	}

	/**
	 * A region.
	 *
	 * @param id its ID
	 * @param file the file it is in, relative to the root
	 * @param content its lines, without their common indentation
	 */
	record Region(String id, String file, List<String> content) {

	}

}
