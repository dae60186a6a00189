package dev.vigil.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** shared/core is the pure domain: it must compile and run without any AWS library. */
class ArchitectureTest {

    private final JavaClasses core = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.vigil.core");

    @Test
    void coreClasses_neverUseTheAwsSdkOrLambdaLibraries() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("software.amazon..", "com.amazonaws..")
                .because("adapters belong in shared/aws; the domain stays testable without AWS")
                .check(core);
    }

    @Test
    void coreClasses_neverDependOnAdaptersOrFunctions() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("dev.vigil.aws..", "dev.vigil.metricstream..", "dev.vigil.cli..")
                .check(core);
    }
}
