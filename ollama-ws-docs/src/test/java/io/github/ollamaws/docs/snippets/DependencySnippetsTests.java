package io.github.ollamaws.docs.snippets;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The XML snippet {@code test-server-dependency} of docs/testing.md (in
 * {@code resources/snippets/}): its coordinates are those of the module this build makes.
 */
class DependencySnippetsTests {

	@Test
	void theTestServerDependencyNamesTheModuleThisBuildMakes() throws Exception {
		Element dependency = firstElement(new ClassPathResource("snippets/test-server-dependency.xml").getInputStream(),
				"dependency");
		Element parent = firstElement(Files.newInputStream(root().resolve("pom.xml")), "project");
		String artifactId = text(dependency, "artifactId");
		Element module = firstElement(Files.newInputStream(root().resolve(artifactId).resolve("pom.xml")), "project");
		assertThat(text(dependency, "groupId")).isEqualTo(text(parent, "groupId"));
		assertThat(text(module, "artifactId")).isEqualTo(artifactId);
		assertThat(text(dependency, "version")).isEqualTo(text(parent, "version"));
		assertThat(text(dependency, "scope")).isEqualTo("test");
	}

	private static Path root() {
		String root = System.getProperty("ollama.ws.docs.root");
		return ((root != null) ? Path.of(root) : Path.of("..")).toAbsolutePath().normalize();
	}

	private static Element firstElement(InputStream xml, String name) throws Exception {
		try (xml) {
			Element root = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml).getDocumentElement();
			return root.getTagName().equals(name) ? root : (Element) root.getElementsByTagName(name).item(0);
		}
	}

	/** The text of the element's own child of this name (not of a nested element). */
	private static String text(Element element, String name) {
		for (var node = element.getFirstChild(); node != null; node = node.getNextSibling()) {
			if (node instanceof Element child && child.getTagName().equals(name)) {
				return child.getTextContent().trim();
			}
		}
		return null;
	}

}
