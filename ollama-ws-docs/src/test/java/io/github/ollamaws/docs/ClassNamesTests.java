package io.github.ollamaws.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.github.ollamaws.docs.MainSources.Source;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One name, one class: no two modules have a main class of the same simple name (the test
 * server's connection is not called {@code GatewayConnection} as the client's is), so
 * that a name in a stack trace, a log or a review says which class it is.
 */
class ClassNamesTests {

	@Test
	void noTwoModulesHaveAMainClassOfTheSameName() {
		List<Source> sources = MainSources.all();
		assertThat(sources).as("main sources")
			.extracting(Source::simpleName)
			.contains("OllamaTemplate", "OllamaWsTestServer");
		assertThat(sharedNames(sources)).as("simple names of main classes in more than one module").isEmpty();
	}

	@Test
	void findsANameSharedByTwoModulesOnly() {
		List<Source> sources = List.of(Source.of("client/src/main/java/a/Der.java"),
				Source.of("server/src/main/java/b/Der.java"), Source.of("client/src/main/java/a/Names.java"),
				Source.of("client/src/main/java/c/Names.java"), Source.of("client/src/main/java/a/package-info.java"),
				Source.of("server/src/main/java/b/package-info.java"), Source.of("it/app/src/main/java/d/Der.java"));
		assertThat(sharedNames(sources)).containsExactly(
				"Der: client/src/main/java/a/Der.java, it/app/src/main/java/d/Der.java, server/src/main/java/b/Der.java");
	}

	/**
	 * The names of types declared in more than one module, each with its files.
	 * @param sources the main sources
	 * @return {@code name: file, file...} for each shared name, sorted
	 */
	static List<String> sharedNames(List<Source> sources) {
		Map<String, Set<String>> modules = new TreeMap<>();
		Map<String, Set<String>> files = new TreeMap<>();
		for (Source source : sources) {
			if (source.declaresAType()) {
				modules.computeIfAbsent(source.simpleName(), (name) -> new TreeSet<>()).add(source.module());
				files.computeIfAbsent(source.simpleName(), (name) -> new TreeSet<>()).add(source.path());
			}
		}
		List<String> shared = new ArrayList<>();
		modules.forEach((name, in) -> {
			if (in.size() > 1) {
				shared.add(name + ": " + String.join(", ", files.get(name)));
			}
		});
		return shared;
	}

}
