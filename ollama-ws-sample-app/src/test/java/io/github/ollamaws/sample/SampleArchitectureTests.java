package io.github.ollamaws.sample;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import org.junit.jupiter.api.Test;

/**
 * The sample is written as an application would be: against the client's public API only.
 */
class SampleArchitectureTests {

	@Test
	void theSampleUsesNoInternalPackageOfTheClient() {
		ArchRuleDefinition.noClasses()
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.github.ollamaws.connection..", "io.github.ollamaws.pool..",
					"io.github.ollamaws.protocol..")
			.check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
				.importPackages("io.github.ollamaws.sample"));
	}

}
