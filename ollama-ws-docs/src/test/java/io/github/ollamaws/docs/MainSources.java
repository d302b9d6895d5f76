package io.github.ollamaws.docs;

import java.nio.file.Path;
import java.util.List;

/**
 * The main Java sources of every module of the repository (the files under a
 * {@code src/main/java/} folder, build output left out), as the source checks read them.
 */
final class MainSources {

	private static final String MAIN_JAVA = "/src/main/java/";

	private MainSources() {
	}

	/**
	 * Every main Java source of the repository.
	 * @return the sources, sorted by path
	 */
	static List<Source> all() {
		return Docs.walk(Docs.root())
			.stream()
			.map(Docs::name)
			.map((name) -> name.replace('\\', '/'))
			.filter((name) -> name.contains(MAIN_JAVA) && name.endsWith(".java"))
			.map(Source::of)
			.toList();
	}

	/**
	 * A main Java source.
	 *
	 * @param path the file, relative to the repository's root, with {@code /}
	 * @param module the module's folder, relative to the root (what comes before
	 * {@code /src/main/java/})
	 * @param simpleName the file's name without {@code .java}: the simple name of its
	 * top-level type
	 */
	record Source(String path, String module, String simpleName) {

		static Source of(String path) {
			String module = path.substring(0, path.indexOf(MAIN_JAVA));
			String fileName = path.substring(path.lastIndexOf('/') + 1);
			return new Source(path, module, fileName.substring(0, fileName.length() - ".java".length()));
		}

		/**
		 * Whether the file declares a type, rather than a package or module.
		 * @return {@code false} for {@code package-info.java} and
		 * {@code module-info.java}
		 */
		boolean declaresAType() {
			return !this.simpleName.equals("package-info") && !this.simpleName.equals("module-info");
		}

		Path file() {
			return Docs.root().resolve(this.path);
		}

	}

}
