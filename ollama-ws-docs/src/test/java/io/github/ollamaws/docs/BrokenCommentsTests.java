package io.github.ollamaws.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import io.github.ollamaws.docs.MainSources.Source;
import io.spring.javaformat.config.JavaFormatConfig;
import io.spring.javaformat.formatter.Formatter;
import org.eclipse.jface.text.Document;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No line comment that the formatter broke. spring-javaformat wraps a {@code //} comment
 * that runs past column 90 (tabs counted as 4) at the last space before it, puts the rest
 * on a {@code //} line of its own and never joins it with the line after: a comment
 * written on one long line ends in an orphan of a word or two, and one written on several
 * long lines is cut mid-sentence. A comment must be written to fit, so that the formatter
 * leaves it whole. What the formatter's split leaves, and a comment written to the limit
 * does not:
 * <ul>
 * <li>a line filled to the limit (the next line's first word would not fit on it, a word
 * of more than 20 characters counted as 20) followed by a line of one or two words;</li>
 * <li>a line filled to the limit followed by a line that does not end a sentence and that
 * the line after could have gone on (its first word would have fit);</li>
 * <li>a trailing comment (after code) filled to the limit and continued on the next line
 * at the formatter's column (the comment's, rounded up to a tab stop).</li>
 * </ul>
 * The samples below are run through the formatter itself, so the rules are held to what
 * it does.
 */
class BrokenCommentsTests {

	/** spring-javaformat's {@code comment.line_length}, counted from the line's start. */
	static final int LIMIT = 90;

	private static final int TAB = 4;

	/**
	 * How much of a long word counts when judging whether a line was full: a URL, a
	 * property or a piece of code may go on a line of its own after a line of up to 69
	 * columns, and reads whole there.
	 */
	private static final int LONG_WORD = 20;

	private static final Pattern SENTENCE_END = Pattern.compile(".*[.:;!?]$");

	@Test
	void noMainSourceHasALineCommentTheFormatterBroke() {
		List<Source> sources = MainSources.all();
		assertThat(sources).as("main sources").hasSizeGreaterThan(100);
		List<String> broken = new ArrayList<>();
		for (Source source : sources) {
			broken.addAll(brokenComments(source.path(), Docs.lines(source.file())));
		}
		assertThat(broken).as("line comments the formatter broke (rewrite each to fit in %d columns)", LIMIT).isEmpty();
	}

	@Test
	void findsTheCommentsTheFormatterBreaks() {
		String source = """
				class Sample {

					void run() {
						// A comment written on one line that runs a little past the ninety columns of the formatter.
						first();
						// Written on two long lines, as if the limit were that of the code, 120 columns: the formatter cuts
						// the first one and leaves its tail where it was, above the next line.
						second();
						int count = 1; // a trailing comment past the limit, which the formatter continues below it
					}

				}
				""";
		String formatted = format(source);
		assertThat(formatted).as("the formatter's output").isNotEqualTo(source);
		assertThat(brokenComments("Sample.java", formatted.lines().toList())).containsExactly(
				"Sample.java:4: a line filled to column 90 and an orphan of one or two words: "
						+ "\"// A comment written on one line that runs a little past the ninety columns of the\" "
						+ "\"// formatter.\"",
				"Sample.java:7: a line filled to column 90 and one cut mid-sentence: "
						+ "\"// Written on two long lines, as if the limit were that of the code, 120 columns:\" "
						+ "\"// the formatter cuts\"",
				"Sample.java:11: a trailing comment filled to column 90 and continued below it: "
						+ "\"int count = 1; // a trailing comment past the limit, which the formatter continues\" "
						+ "\"// below it\"");
	}

	@Test
	void passesCommentsWrittenToFit() {
		String source = """
				class Sample {

					/* Not a line comment: // here, nor in "// a string" or the text block below. */
					private static final String TEXT = \"""
							// A text block's line, of any length, is no comment of ours: aaaa bbbb cccc
							// ok.
							\""";

					void run() {
						// A comment written to the limit, with no word that could have gone on a line
						// before it, reads as written: the formatter leaves it. Its last line is short
						// and reads whole.
						first();
						// A full sentence that fills the line, one that fits just under the limit.
						// A new sentence on a new line, which the previous line could have gone on to.
						//
						// After an empty comment line, another paragraph: however short the line before.
						// A long word may go on a line of its own:
						// https://github.com/spring-io/spring-javaformat/blob/main/README.adoc#eclipse
						second(); // short
						if (ready()) { // a trailing comment, and a comment in the block below
							// inside the block
							third();
						}
						String url = "http://localhost"; // a trailing comment after a "//" in a string
						// a comment after it
					}

				}
				""";
		assertThat(format(source)).as("the formatter's output").isEqualTo(source);
		assertThat(brokenComments("Sample.java", source.lines().toList())).isEmpty();
	}

	/**
	 * The line comments the formatter broke in a source file.
	 * @param name the file's name, for the messages
	 * @param lines the file's lines
	 * @return {@code name:line: what, "the line" "the next line"} for each
	 */
	static List<String> brokenComments(String name, List<String> lines) {
		List<LineComment> comments = lineComments(lines);
		List<String> broken = new ArrayList<>();
		for (int i = 0; i + 1 < lines.size(); i++) {
			LineComment line = comments.get(i);
			LineComment next = comments.get(i + 1);
			if (line == null || next == null || next.trailing() || line.words().isEmpty() || next.words().isEmpty()) {
				continue;
			}
			boolean full = width(lines.get(i)) + 1 + Math.min(next.words().get(0).length(), LONG_WORD) > LIMIT;
			String what = null;
			if (!full) {
				continue;
			}
			if (line.trailing()) {
				if (next.column() == (line.column() + TAB - 1) / TAB * TAB) {
					what = "a trailing comment filled to column " + LIMIT + " and continued below it";
				}
			}
			else if (next.column() == line.column()) {
				LineComment after = (i + 2 < lines.size()) ? comments.get(i + 2) : null;
				if (next.words().size() <= 2) {
					what = "a line filled to column " + LIMIT + " and an orphan of one or two words";
				}
				else if (after != null && !after.trailing() && after.column() == next.column()
						&& !after.words().isEmpty() && !SENTENCE_END.matcher(next.text()).matches()
						&& width(lines.get(i + 1)) + 1 + after.words().get(0).length() <= LIMIT) {
					what = "a line filled to column " + LIMIT + " and one cut mid-sentence";
				}
			}
			if (what != null) {
				broken.add(name + ":" + (i + 1) + ": " + what + ": \"" + lines.get(i).strip() + "\" \""
						+ lines.get(i + 1).strip() + "\"");
			}
		}
		return broken;
	}

	/**
	 * Where each line's {@code //} comment is, if it has one outside block comments,
	 * strings, character literals and text blocks.
	 * @param lines the lines of a source file
	 * @return for each line its comment, or {@code null}
	 */
	static List<LineComment> lineComments(List<String> lines) {
		List<LineComment> comments = new ArrayList<>(lines.size());
		boolean inBlockComment = false;
		boolean inTextBlock = false;
		for (String line : lines) {
			LineComment comment = null;
			boolean code = false;
			int i = 0;
			while (i < line.length()) {
				if (inBlockComment || inTextBlock) {
					String end = inBlockComment ? "*/" : "\"\"\"";
					int at = line.indexOf(end, i);
					while (inTextBlock && at > 0 && line.charAt(at - 1) == '\\') {
						at = line.indexOf(end, at + 1);
					}
					if (at < 0) {
						break;
					}
					code = code || inTextBlock;
					inBlockComment = false;
					inTextBlock = false;
					i = at + end.length();
				}
				else if (line.startsWith("//", i)) {
					comment = new LineComment(columns(line.substring(0, i)), code, line.substring(i + 2).strip());
					break;
				}
				else if (line.startsWith("/*", i)) {
					inBlockComment = true;
					i += 2;
				}
				else if (line.startsWith("\"\"\"", i)) {
					inTextBlock = true;
					code = true;
					i += 3;
				}
				else if (line.charAt(i) == '"' || line.charAt(i) == '\'') {
					i = endOfLiteral(line, i);
					code = true;
				}
				else {
					code = code || !Character.isWhitespace(line.charAt(i));
					i++;
				}
			}
			comments.add(comment);
		}
		return comments;
	}

	private static int endOfLiteral(String line, int start) {
		char quote = line.charAt(start);
		int i = start + 1;
		while (i < line.length() && line.charAt(i) != quote) {
			i += (line.charAt(i) == '\\') ? 2 : 1;
		}
		return i + 1;
	}

	/**
	 * A line's width as the formatter counts it: tabs to the next multiple of four,
	 * trailing white space left out.
	 */
	private static int width(String line) {
		return columns(line.stripTrailing());
	}

	private static int columns(String text) {
		int columns = 0;
		for (char c : text.toCharArray()) {
			columns = (c == '\t') ? (columns / TAB + 1) * TAB : columns + 1;
		}
		return columns;
	}

	private static String format(String source) {
		Document document = new Document(source);
		try {
			new Formatter(JavaFormatConfig.findFrom(Docs.root())).format(source).apply(document);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		return document.get();
	}

	/**
	 * A line's {@code //} comment.
	 *
	 * @param column where it starts, tabs counted to the next multiple of four
	 * @param trailing whether code comes before it on its line
	 * @param text what follows {@code //}, stripped
	 */
	record LineComment(int column, boolean trailing, String text) {

		List<String> words() {
			return this.text.isEmpty() ? List.of() : List.of(this.text.split("\\s+"));
		}

	}

}
