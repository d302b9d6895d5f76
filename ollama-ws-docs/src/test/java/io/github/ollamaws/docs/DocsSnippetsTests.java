package io.github.ollamaws.docs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.ollamaws.docs.Docs.CodeBlock;
import io.github.ollamaws.docs.SnippetRegions.Region;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every code block of the docs is a snippet that cannot drift: a region of a test the
 * build compiles and runs, or an {@code app:} snippet that the consumer tests build an
 * application from (see CONTRIBUTING.md, "Docs that cannot drift").
 */
class DocsSnippetsTests {

	private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

	@Test
	void everyJavaYamlXmlAndPropertiesBlockIsMarkedAsASnippet() {
		List<String> unmarked = Docs.blocks()
			.stream()
			.filter((block) -> block.mustBeSnippet() && block.snippet() == null)
			.map((block) -> block.where() + " (```" + block.language() + ")")
			.toList();
		assertThat(unmarked).as("code blocks without a '<!-- snippet: ID -->' line before them").isEmpty();
	}

	@Test
	void everyRegionBackedBlockEqualsItsRegion() {
		SnippetRegions regions = SnippetRegions.read(Docs.root());
		assertThat(regions.problems()).as("malformed regions").isEmpty();
		List<String> problems = new ArrayList<>();
		List<CodeBlock> blocks = Docs.blocks()
			.stream()
			.filter((block) -> block.snippet() != null && !block.isApp())
			.toList();
		for (CodeBlock block : blocks) {
			Region region = regions.get(block.snippet());
			if (region == null) {
				problems.add(block.where() + ": no region '" + block.snippet() + "' (// tag::" + block.snippet()
						+ "[] ... // end::" + block.snippet() + "[]) in any src/test/ file");
			}
			else if (!region.content().equals(SnippetRegions.dedent(block.content()))) {
				problems.add(block.where() + ": differs from region '" + region.id() + "' of " + region.file()
						+ "\n--- the region:\n" + String.join("\n", region.content()) + "\n--- the doc:\n"
						+ String.join("\n", block.content()));
			}
		}
		assertThat(blocks).as("region-backed blocks").isNotEmpty();
		assertThat(problems).isEmpty();
	}

	@Test
	void blocksOfOneAppSnippetAreEqual() {
		Map<String, CodeBlock> first = new LinkedHashMap<>();
		List<String> problems = new ArrayList<>();
		for (CodeBlock block : Docs.blocks()) {
			if (block.isApp()) {
				CodeBlock previous = first.putIfAbsent(block.snippet(), block);
				if (previous != null && !previous.content().equals(block.content())) {
					problems.add(block.where() + " differs from " + previous.where() + " (" + block.snippet() + ")");
				}
			}
		}
		assertThat(problems).isEmpty();
	}

	@Test
	void everyAppSnippetIsBuiltByTheConsumerTests() {
		Path sources = Docs.root().resolve(Docs.CONSUMER_TESTS_SOURCES);
		Assumptions.assumeTrue(Files.isDirectory(sources), () -> "Skipped: " + Docs.CONSUMER_TESTS_SOURCES
				+ " does not exist in this tree, so no app: snippet can be checked against the consumer tests");
		StringBuilder text = new StringBuilder();
		for (Path file : Docs.walk(sources)) {
			Docs.textOf(file).ifPresent(text::append);
		}
		List<String> unused = Docs.blocks()
			.stream()
			.filter(CodeBlock::isApp)
			.map(CodeBlock::snippet)
			.distinct()
			.filter((id) -> !isNamed(text, id))
			.toList();
		assertThat(unused).as("app: snippets that no file under %s names", Docs.CONSUMER_TESTS_SOURCES).isEmpty();
	}

	/**
	 * Whether the consumer tests name the snippet: as its whole ID
	 * ({@code app:boot-yaml}) or as the ID after {@code app:} in quotes
	 * ({@code "boot-yaml"}).
	 */
	private static boolean isNamed(CharSequence text, String id) {
		String string = text.toString();
		return string.contains(id) || string.contains("\"" + id.substring("app:".length()) + "\"");
	}

	@Test
	void theReadmeIsShortAndTellsTheTwoCommands() {
		List<String> readme = Docs.lines(Docs.root().resolve("README.md"));
		assertThat(readme.size()).as("lines of README.md").isLessThanOrEqualTo(250);
		String text = String.join("\n", readme);
		assertThat(text)
			.contains("| Run the sample chat app (embedded gateway, nothing to install) | "
					+ "`./mvnw -q -pl ollama-ws-sample-app -am package -DskipTests && "
					+ "java -jar ollama-ws-sample-app/target/ollama-ws-sample-app-0.1.0-SNAPSHOT.jar` "
					+ "then open http://localhost:8080 |")
			.contains("| Run all tests | `./mvnw -B verify` |");
	}

	@Test
	void relativeLinksPointAtFilesThatExist() {
		List<String> broken = new ArrayList<>();
		for (Path file : Docs.files()) {
			List<String> lines = Docs.lines(file);
			for (int i = 0; i < lines.size(); i++) {
				Matcher link = LINK.matcher(lines.get(i));
				while (link.find()) {
					String target = link.group(1);
					if (target.contains("://") || target.startsWith("#") || target.startsWith("mailto:")) {
						continue;
					}
					String path = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
					if (!Files.exists(file.getParent().resolve(path))) {
						broken.add(Docs.name(file) + ":" + (i + 1) + ": " + target);
					}
				}
			}
		}
		assertThat(broken).isEmpty();
	}

}
