package io.github.ollamaws.docs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No merge-conflict marker lands: no line of a file git tracks begins as git's markers
 * do. The markers are built here rather than written, so that this file is not one of
 * them.
 */
class MergeConflictMarkersTests {

	private static final String OURS = "<".repeat(7) + " ";

	private static final String SEPARATOR = "=".repeat(7);

	private static final String THEIRS = ">".repeat(7) + " ";

	@Test
	void noTrackedFileHoldsAMergeConflictMarker() throws Exception {
		List<String> files = trackedFiles();
		assertThat(files).as("files git tracks").contains("README.md", "pom.xml");
		List<String> markers = new ArrayList<>();
		for (String name : files) {
			Path file = Docs.root().resolve(name);
			if (!Files.isRegularFile(file)) {
				continue; // deleted in the work tree
			}
			Docs.textOf(file).ifPresent((text) -> markers.addAll(markers(name, text)));
		}
		assertThat(markers).isEmpty();
	}

	@Test
	void findsEachKindOfMarker() {
		String conflicted = String.join("\n", "a", OURS + "HEAD", "b", SEPARATOR, "c", THEIRS + "issue-16", "d");
		assertThat(markers("f", conflicted)).containsExactly("f:2: " + OURS + "HEAD", "f:4: " + SEPARATOR,
				"f:6: " + THEIRS + "issue-16");
		assertThat(markers("f", String.join("\n", "=".repeat(8), " " + SEPARATOR, "<".repeat(7) + "x"))).isEmpty();
	}

	static List<String> markers(String name, String text) {
		List<String> markers = new ArrayList<>();
		String[] lines = text.split("\r?\n", -1);
		for (int i = 0; i < lines.length; i++) {
			String line = lines[i];
			if (line.startsWith(OURS) || line.equals(SEPARATOR) || line.startsWith(THEIRS)) {
				markers.add(name + ":" + (i + 1) + ": " + line);
			}
		}
		return markers;
	}

	/**
	 * The files git tracks; outside a git work tree (a source archive), every file but
	 * build output.
	 */
	private static List<String> trackedFiles() throws IOException, InterruptedException {
		if (!Files.exists(Docs.root().resolve(".git"))) {
			return Docs.walk(Docs.root()).stream().map(Docs::name).toList();
		}
		Process git = new ProcessBuilder("git", "ls-files", "-z").directory(Docs.root().toFile())
			.redirectError(ProcessBuilder.Redirect.DISCARD)
			.start();
		String output;
		try (InputStream in = git.getInputStream()) {
			output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		assertThat(git.waitFor(1, TimeUnit.MINUTES)).as("git ls-files ended").isTrue();
		assertThat(git.exitValue()).as("git ls-files' exit code").isZero();
		List<String> files = new ArrayList<>();
		for (String name : output.split("\0")) {
			if (!name.isEmpty()) {
				files.add(name);
			}
		}
		return files;
	}

}
