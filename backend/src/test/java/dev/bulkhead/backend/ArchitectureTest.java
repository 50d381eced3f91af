package dev.bulkhead.backend;

import com.tngtech.archunit.core.domain.Dependency;
import dev.bulkhead.runtime.errors.BulkheadException;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

import org.springframework.stereotype.Controller;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The package rules of the code base: the backend is cut by feature, features meet only
 * through services and values (never through each other's controllers), and the runtime
 * stays a plain Java library.
 */
@AnalyzeClasses(packages = "dev.bulkhead", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

	@ArchTest
	static final ArchRule controllersArePackagePrivate = classes().that()
		.areMetaAnnotatedWith(Controller.class)
		.should()
		.notBePublic()
		.because("a feature's controllers are its web entry points, not an API for other code");

	@ArchTest
	static final ArchRule controllersAreUsedOnlyInTheirOwnFeature = classes().that()
		.areMetaAnnotatedWith(Controller.class)
		.should(onlyBeUsedFromTheirOwnPackage());

	@ArchTest
	static final ArchRule featuresDoNotDependOnEachOtherInCircles = slices().matching("dev.bulkhead.backend.(*)..")
		.should()
		.beFreeOfCycles();

	@ArchTest
	static final ArchRule runtimeDoesNotKnowSpringOrTheServer = noClasses().that()
		.resideInAnyPackage("dev.bulkhead.runtime..", "dev.bulkhead.security..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("org.springframework..", "jakarta.servlet..", "dev.bulkhead.backend..");

	@ArchTest
	static final ArchRule runtimeIsImported = classes().that()
		.areAssignableTo(BulkheadException.class)
		.should()
		.bePublic()
		.because("the domain errors are the runtime's contract with the server (and this rule "
				+ "fails if the runtime's classes were not imported, which would make the rule above vacuous)");

	private static ArchCondition<JavaClass> onlyBeUsedFromTheirOwnPackage() {
		return new ArchCondition<>("only be used from their own package") {
			@Override
			public void check(JavaClass controller, ConditionEvents events) {
				for (Dependency dependency : controller.getDirectDependenciesToSelf()) {
					JavaClass origin = dependency.getOriginClass();
					if (!origin.getPackageName().equals(controller.getPackageName())) {
						events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
					}
				}
			}
		};
	}

}
