package dev.bulwark.sample.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Java sample in the docs is an excerpt of code that compiles in the repository: each {@code ```java} block is
 * preceded by {@code <!-- snippet: path/to/File.java#name -->} and must equal the lines between
 * {@code // tag::name[]} and {@code // end::name[]} in that file. Run with {@code -Dbulwark.docs.update=true} to
 * copy the excerpts into the pages.
 */
class DocsCodeSamplesTests {

	private static final Path ROOT = Path.of("..");

	private static final Pattern BLOCK = Pattern
		.compile("(?m)^(<!-- snippet: (\\S+)#(\\S+) -->\\n)?```java\\n(.*?)^```$", Pattern.DOTALL);

	@Test
	void javaSamplesInTheDocsAreExcerptsOfCompiledCode() throws IOException {
		List<String> problems = new ArrayList<>();
		for (Path page : pages()) {
			String text = Files.readString(page);
			StringBuilder updated = new StringBuilder();
			Matcher block = BLOCK.matcher(text);
			while (block.find()) {
				String where = ROOT.relativize(page) + " line " + (text.substring(0, block.start()).split("\n", -1).length);
				if (block.group(1) == null) {
					problems.add(where + ": a java block without a <!-- snippet: file#name --> line before it");
					continue;
				}
				String excerpt = excerpt(ROOT.resolve(block.group(2)), block.group(3));
				if (excerpt == null) {
					problems.add(where + ": no // tag::" + block.group(3) + "[] region in " + block.group(2));
					continue;
				}
				if (!excerpt.equals(block.group(4))) {
					problems.add(where + ": differs from " + block.group(2) + "#" + block.group(3));
				}
				block.appendReplacement(updated,
						Matcher.quoteReplacement(block.group(1) + "```java\n" + excerpt + "```"));
			}
			block.appendTail(updated);
			if (Boolean.getBoolean("bulwark.docs.update")) {
				Files.writeString(page, updated.toString());
			}
		}
		assertThat(problems).as("run with -Dbulwark.docs.update=true to copy the excerpts into the pages").isEmpty();
	}

	private static List<Path> pages() throws IOException {
		try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
			List<Path> pages = new ArrayList<>(docs.filter((path) -> path.toString().endsWith(".md")).sorted().toList());
			pages.add(ROOT.resolve("README.md"));
			return pages;
		}
	}

	/**
	 * @return the region's lines, unindented by their common indentation and with tabs as four spaces, or
	 * {@code null} when the file has no such region
	 */
	static String excerpt(Path file, String name) throws IOException {
		List<String> lines = Files.readAllLines(file);
		int start = -1;
		int end = -1;
		for (int i = 0; i < lines.size(); i++) {
			String line = lines.get(i).trim();
			if (line.equals("// tag::" + name + "[]")) {
				start = i + 1;
			}
			else if (line.equals("// end::" + name + "[]") && start >= 0) {
				end = i;
				break;
			}
		}
		if (start < 0 || end < 0) {
			return null;
		}
		List<String> region = lines.subList(start, end)
			.stream()
			.map((line) -> line.replace("\t", "    "))
			.toList();
		int indent = region.stream()
			.filter((line) -> !line.isBlank())
			.mapToInt((line) -> line.length() - line.stripLeading().length())
			.min()
			.orElse(0);
		StringBuilder excerpt = new StringBuilder();
		region.forEach((line) -> excerpt.append(line.isBlank() ? "" : line.substring(indent)).append('\n'));
		return excerpt.toString();
	}

}
