package io.github.ollamaws;

import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.properties.HasOwner;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import io.github.ollamaws.connection.StreamingGeneration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The client's layering, as rules on its compiled classes.
 */
class ArchitectureTests {

	private static JavaClasses client;

	@BeforeAll
	static void importTheClient() {
		client = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages("io.github.ollamaws.auth", "io.github.ollamaws.chat", "io.github.ollamaws.client",
					"io.github.ollamaws.connection", "io.github.ollamaws.core", "io.github.ollamaws.event",
					"io.github.ollamaws.fleet", "io.github.ollamaws.observation", "io.github.ollamaws.pool",
					"io.github.ollamaws.protocol", "io.github.ollamaws.reactive", "io.github.ollamaws.routing",
					"io.github.ollamaws.tools");
	}

	@Test
	void theClientNeverUsesSpringBoot() {
		ArchRuleDefinition.noClasses()
			.should()
			.dependOnClassesThat()
			.resideInAPackage("org.springframework.boot..")
			.check(client);
	}

	@Test
	void reactorIsUsedOnlyByTheReactiveApi() {
		// Reactor is optional: nothing outside io.github.ollamaws.reactive may load it.
		ArchRuleDefinition.noClasses()
			.that()
			.resideOutsideOfPackage("io.github.ollamaws.reactive..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("reactor..")
			.check(client);
	}

	@Test
	void micrometerIsUsedOnlyByTheObservationPackage() {
		// Micrometer is optional too.
		ArchRuleDefinition.noClasses()
			.that()
			.resideOutsideOfPackage("io.github.ollamaws.observation..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("io.micrometer..")
			.check(client);
	}

	@Test
	void theAuthPackageIsInternalTheApiReadsKeysWithPrivateKeyLoader() {
		// Applications read keys with client.PrivateKeyLoader and catch
		// core.PrivateKeyException: nothing public is left in auth but its internals.
		ArchRuleDefinition.noClasses()
			.that()
			.resideInAPackage("io.github.ollamaws.auth..")
			.should()
			.haveSimpleName("PrivateKeyLoader")
			.orShould()
			.beAssignableTo(io.github.ollamaws.core.OllamaWsException.class)
			.check(client);
		ArchRuleDefinition.noClasses()
			.that()
			.resideInAnyPackage("io.github.ollamaws.event..", "io.github.ollamaws.fleet..",
					"io.github.ollamaws.reactive..", "io.github.ollamaws.observation..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("io.github.ollamaws.auth..")
			.check(client);
	}

	@Test
	void everyExceptionOfTheClientIsAnOllamaWsException() {
		// "Every failure is an unchecked OllamaWsException", an invalid setting too.
		// Internal ones, never thrown to a caller, are not public.
		ArchRuleDefinition.classes()
			.that()
			.areAssignableTo(Throwable.class)
			.and()
			.arePublic()
			.should()
			.beAssignableTo(io.github.ollamaws.core.OllamaWsException.class)
			.check(client);
	}

	@Test
	void thePublicApiDoesNotReachIntoTheConnectionInternalsExceptThroughTheTemplate() {
		// The wire format and the pool are internal: only the template and its settings
		// meet them.
		ArchRuleDefinition.noClasses()
			.that()
			.resideInAnyPackage("io.github.ollamaws.event..", "io.github.ollamaws.fleet..",
					"io.github.ollamaws.reactive..", "io.github.ollamaws.tools..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.github.ollamaws.connection..", "io.github.ollamaws.pool..",
					"io.github.ollamaws.protocol..", "io.github.ollamaws.routing..")
			.check(client);
	}

	@Test
	void theClientsPackagesFormNoCycle() {
		// Every package is its own slice: client depends on the internals, the internals
		// on core, never the reverse.
		SlicesRuleDefinition.slices().matching("io.github.ollamaws.(**)").should().beFreeOfCycles().check(client);
	}

	@Test
	void theVocabularyDependsOnNoOtherPackageOfTheClient() {
		ArchRuleDefinition.noClasses()
			.that()
			.resideInAPackage("io.github.ollamaws.core..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.github.ollamaws.auth..", "io.github.ollamaws.chat..", "io.github.ollamaws.client..",
					"io.github.ollamaws.connection..", "io.github.ollamaws.event..", "io.github.ollamaws.fleet..",
					"io.github.ollamaws.observation..", "io.github.ollamaws.pool..", "io.github.ollamaws.protocol..",
					"io.github.ollamaws.reactive..", "io.github.ollamaws.routing..", "io.github.ollamaws.tools..")
			.check(client);
	}

	@Test
	void generationsAreMadeOnlyByTheirRoute() {
		// One send path: the template and both routers start a generation through it.
		ArchRuleDefinition.noClasses()
			.that()
			.doNotHaveFullyQualifiedName("io.github.ollamaws.routing.GenerationRoute")
			.should()
			.callConstructorWhere(JavaAccess.Predicates
				.target(HasOwner.Predicates.With.owner(JavaClass.Predicates.type(StreamingGeneration.class))))
			.check(client);
	}

	@Test
	void theTemplateKnowsOnlyTheRouterOfItsConnections() {
		// The template delegates to a GatewayRouter: it never reaches a pool, a
		// connection or a fleet's members itself, nor asks which router it has.
		ArchRuleDefinition.noClasses()
			.that()
			.resideInAPackage("io.github.ollamaws.client..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.github.ollamaws.pool..")
			.orShould()
			.dependOnClassesThat()
			.haveFullyQualifiedName("io.github.ollamaws.connection.GatewayConnection")
			.check(client);
	}

}
