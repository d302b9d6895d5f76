package io.github.ollamaws.autoconfigure;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@link AutoConfiguration @AutoConfiguration} class of the module is listed in
 * {@code META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports},
 * and every listed class exists.
 */
class AutoConfigurationImportsTests {

	@Test
	void importsListEveryAutoConfigurationOfThePackage() {
		List<String> imported = ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader())
			.getCandidates()
			.stream()
			.filter((name) -> name.startsWith("io.github.ollamaws."))
			.toList();
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
		scanner.addIncludeFilter(new AnnotationTypeFilter(AutoConfiguration.class));
		List<String> declared = scanner.findCandidateComponents("io.github.ollamaws")
			.stream()
			.map(BeanDefinition::getBeanClassName)
			.filter((name) -> !name.contains("Tests$"))
			.toList();
		assertThat(declared).contains(OllamaWsAutoConfiguration.class.getName());
		assertThat(imported).containsExactlyInAnyOrderElementsOf(declared);
	}

}
