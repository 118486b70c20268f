package dev.forgeline.release.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import dev.forgeline.release.stage.Stage;
import dev.forgeline.release.stage.StageContext;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layout rules of docs/architecture.md, checked on the compiled classes: they fail the build when a change breaks
 * them, instead of waiting for a review to notice.
 */
class ArchitectureTest {
    private static final String ROOT = "dev.forgeline.release";

    /** The build side: what a downstream verifier must never need. */
    private static final String[] BUILD_SIDE = {ROOT + ".build..", ROOT + ".cross..", ROOT + ".glibc..",
        ROOT + ".smoke..", ROOT + ".pipeline..", ROOT + ".check..", ROOT + ".packaging..", ROOT + ".sign..",
        ROOT + ".publish..", ROOT + ".assemble..", ROOT + ".rust..", ROOT + ".stage..", ROOT + ".config..",
        ROOT + ".cli..", ROOT + ".image.."};

    private static JavaClasses classes;

    @BeforeAll
    static void importTheReleaseTool() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
        assertTrue(classes.size() > 100, "the release tool's classes were found: " + classes.size());
    }

    @Test
    void packages_haveNoCycles() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void verify_reachesNothingOfTheBuildSide_evenTransitively() {
        noClasses().that().resideInAPackage(ROOT + ".verify..")
                .should().transitivelyDependOnClassesThat().resideInAnyPackage(BUILD_SIDE)
                .check(classes);
    }

    @Test
    void audit_staysOnTheVerifySide_reachingNothingOfTheBuildSide() {
        noClasses().that().resideInAPackage(ROOT + ".audit..")
                .should().transitivelyDependOnClassesThat().resideInAnyPackage(BUILD_SIDE)
                .check(classes);
        noClasses().that().resideInAPackage(ROOT + ".verify..")
                .should().dependOnClassesThat().resideInAPackage(ROOT + ".audit..")
                .check(classes);
    }

    @Test
    void cli_onlyParsesCallsTheRunnerAndPrints() {
        noClasses().that().resideInAPackage(ROOT + ".cli..")
                .should().dependOnClassesThat().implement(Stage.class)
                .orShould().callMethod(Stage.class, "run", StageContext.class)
                .orShould().dependOnClassesThat().resideInAnyPackage(ROOT + ".build..", ROOT + ".check..",
                        ROOT + ".packaging..", ROOT + ".glibc..", ROOT + ".stage..", ROOT + ".assemble..",
                        ROOT + ".io..")
                .check(classes);
    }

    @Test
    void aStage_neverCallsAnotherStage() {
        classes().that().implement(Stage.class).should(dependOnNoOtherStage()).check(classes);
    }

    @Test
    void eachStage_livesInAPackageOfItsOwn() {
        Map<String, Set<String>> stagesByPackage = new TreeMap<>();
        for (JavaClass c : classes) {
            if (!c.isInterface() && c.isAssignableTo(Stage.class)) {
                stagesByPackage.computeIfAbsent(c.getPackageName(), p -> new TreeSet<>()).add(c.getSimpleName());
            }
        }
        assertTrue(stagesByPackage.size() >= 7, "build, check, package, smoke, sign, publish, assemble: " + stagesByPackage);
        stagesByPackage.forEach((pkg, stages) -> assertEquals(1, stages.size(), pkg + " holds several stages: " + stages));
        assertTrue(stagesByPackage.keySet().stream().noneMatch(p -> p.endsWith(".pipeline") || p.endsWith(".cli")),
                "stages live in their own packages, not the runner's or the CLI's: " + stagesByPackage);
    }

    private static ArchCondition<JavaClass> dependOnNoOtherStage() {
        return new ArchCondition<>("depend on no other stage") {
            @Override
            public void check(JavaClass stage, ConditionEvents events) {
                for (Dependency d : stage.getDirectDependenciesFromSelf()) {
                    JavaClass target = d.getTargetClass();
                    if (!target.equals(stage) && !target.isInterface() && target.isAssignableTo(Stage.class)
                            && !target.getName().startsWith(stage.getName() + "$")) {
                        events.add(SimpleConditionEvent.violated(stage, d.getDescription()));
                    }
                }
            }
        };
    }
}
