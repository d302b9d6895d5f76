package io.github.ollamaws.consumer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One application made of doc snippets: its pom (the skeleton a user's project has, with
 * the docs' dependency block in it), its {@code application.yml} and its Java sources,
 * written into a Maven project of its own.
 */
final class ConsumerApp {

	static final String PACKAGE = "com.example.app";

	private static final Pattern CLASS_NAME = Pattern
		.compile("^(?:public\\s+|final\\s+|abstract\\s+)*(?:class|record|interface)\\s+(\\w+)", Pattern.MULTILINE);

	private final String name;

	private final DocSnippets docs;

	private final List<String> pomIds = new ArrayList<>();

	private String skeletonDependencies = "";

	private boolean bootApplication = true;

	private String yamlId;

	private final List<String> javaIds = new ArrayList<>();

	private final List<String> skeletonImports = new ArrayList<>();

	private String skeletonJava;

	ConsumerApp(String name, DocSnippets docs) {
		this.name = name;
		this.docs = docs;
	}

	String name() {
		return this.name;
	}

	/**
	 * The docs' dependency blocks ({@code <dependency>} elements) of a Spring Boot
	 * application.
	 * @param ids the snippet IDs
	 * @return this app
	 */
	ConsumerApp dependencies(String... ids) {
		this.pomIds.addAll(List.of(ids));
		return this;
	}

	/**
	 * What the user's project has before following the docs, beside Spring Boot's
	 * dependency management (a web starter, for example).
	 * @param xml {@code <dependency>} elements
	 * @return this app
	 */
	ConsumerApp skeletonDependencies(String xml) {
		this.skeletonDependencies = xml;
		return this;
	}

	/**
	 * A project without Spring Boot: the docs' snippet is the whole body of the pom
	 * (properties, dependency management, dependencies).
	 * @param id the snippet ID
	 * @return this app
	 */
	ConsumerApp plainPom(String id) {
		this.bootApplication = false;
		this.pomIds.add(id);
		return this;
	}

	ConsumerApp yaml(String id) {
		this.yamlId = id;
		return this;
	}

	ConsumerApp java(String... ids) {
		this.javaIds.addAll(List.of(ids));
		return this;
	}

	/**
	 * Imports the docs' snippets leave out (as docs do), added to each snippet without
	 * imports of its own.
	 * @param imports fully qualified names
	 * @return this app
	 */
	ConsumerApp imports(String... imports) {
		this.skeletonImports.addAll(List.of(imports));
		return this;
	}

	/**
	 * The skeleton's own source: the user's application class (package and imports
	 * added).
	 * @param java the class
	 * @return this app
	 */
	ConsumerApp skeletonJava(String java) {
		this.skeletonJava = java;
		return this;
	}

	/**
	 * Writes the project.
	 * @param directory the project's directory
	 * @param versions the versions the skeleton uses
	 */
	void write(Path directory, Versions versions) {
		try {
			Path sources = directory.resolve("src/main/java/" + PACKAGE.replace('.', '/'));
			Files.createDirectories(sources);
			Files.writeString(directory.resolve("pom.xml"), pom(versions));
			if (this.yamlId != null) {
				Path resources = Files.createDirectories(directory.resolve("src/main/resources"));
				Files.writeString(resources.resolve("application.yml"), this.docs.text(this.yamlId));
			}
			for (String id : this.javaIds) {
				writeJava(sources, this.docs.text(id), id);
			}
			if (this.skeletonJava != null) {
				writeJava(sources, this.skeletonJava, "the skeleton");
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void writeJava(Path sources, String text, String origin) throws IOException {
		Matcher className = CLASS_NAME.matcher(text);
		if (!className.find()) {
			throw new IllegalStateException("No class in " + origin + ": " + text);
		}
		StringBuilder unit = new StringBuilder("package " + PACKAGE + ";\n\n");
		if (!text.lines().anyMatch((line) -> line.startsWith("import "))) {
			this.skeletonImports.forEach((type) -> unit.append("import ").append(type).append(";\n"));
			unit.append('\n');
		}
		unit.append("// From ").append(origin).append(" (").append(this.docs.where(origin)).append(")\n");
		unit.append(text);
		Files.writeString(sources.resolve(className.group(1) + ".java"), unit.toString());
	}

	private String pom(Versions versions) {
		StringBuilder pom = new StringBuilder();
		pom.append(
				"""
						<?xml version="1.0" encoding="UTF-8"?>
						<project xmlns="http://maven.apache.org/POM/4.0.0"
						         xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
						         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
						  <modelVersion>4.0.0</modelVersion>
						  <groupId>com.example</groupId>
						""");
		pom.append("  <artifactId>").append(this.name).append("</artifactId>\n");
		pom.append("  <version>1.0</version>\n");
		if (this.bootApplication) {
			// As an application of start.spring.io has it through
			// spring-boot-starter-parent.
			pom.append("""
					  <properties>
					    <maven.compiler.release>17</maven.compiler.release>
					    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
					  </properties>
					  <dependencyManagement>
					    <dependencies>
					      <dependency>
					        <groupId>org.springframework.boot</groupId>
					        <artifactId>spring-boot-dependencies</artifactId>
					""");
			pom.append("        <version>").append(versions.springBoot()).append("</version>\n");
			pom.append("""
					        <type>pom</type>
					        <scope>import</scope>
					      </dependency>
					    </dependencies>
					  </dependencyManagement>
					  <dependencies>
					""");
			pom.append(this.skeletonDependencies);
			for (String id : this.pomIds) {
				pom.append("    <!-- ").append(id).append(" -->\n").append(this.docs.text(id));
			}
			pom.append("  </dependencies>\n");
		}
		else {
			for (String id : this.pomIds) {
				pom.append("  <!-- ").append(id).append(" -->\n").append(this.docs.text(id));
			}
		}
		// Only the plugins the build needs, in the versions our own build uses (so read
		// from the user's
		// repository, never downloaded); -parameters as spring-boot-starter-parent sets
		// it.
		pom.append("""
				  <build>
				    <pluginManagement>
				      <plugins>
				        <plugin>
				          <groupId>org.apache.maven.plugins</groupId>
				          <artifactId>maven-compiler-plugin</artifactId>
				""");
		pom.append("          <version>").append(versions.compilerPlugin()).append("</version>\n");
		pom.append("""
				          <configuration>
				            <parameters>true</parameters>
				          </configuration>
				        </plugin>
				        <plugin>
				          <groupId>org.apache.maven.plugins</groupId>
				          <artifactId>maven-resources-plugin</artifactId>
				""");
		pom.append("          <version>").append(versions.resourcesPlugin()).append("</version>\n");
		pom.append("""
				        </plugin>
				      </plugins>
				    </pluginManagement>
				  </build>
				</project>
				""");
		return pom.toString();
	}

	/**
	 * The versions of the skeleton.
	 *
	 * @param springBoot Spring Boot's, for its dependency management
	 * @param compilerPlugin the compiler plugin's
	 * @param resourcesPlugin the resources plugin's
	 */
	record Versions(String springBoot, String compilerPlugin, String resourcesPlugin) {
	}

}
