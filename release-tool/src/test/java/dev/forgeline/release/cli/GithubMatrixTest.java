package dev.forgeline.release.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.forgeline.release.cross.Doctor;
import dev.forgeline.release.cross.TargetCapability;
import dev.forgeline.release.platform.Target;
import dev.forgeline.release.platform.TargetCatalog;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GithubMatrixTest {
    private static final Map<TargetCapability.Mode, GithubMatrix.SmokeOn> DOCTOR_TO_MATRIX = Map.of(
            TargetCapability.Mode.NATIVE, GithubMatrix.SmokeOn.host,
            TargetCapability.Mode.EMULATOR, GithubMatrix.SmokeOn.emulated,
            TargetCapability.Mode.CI_RUNNER, GithubMatrix.SmokeOn.runner);

    /** The matrix is written for the release job's machine; on such a machine the doctor must say the same. */
    @Test
    void smokeOn_agreesWithTheDoctorOnAnX86_64LinuxMachine_forEveryKnownTarget(@TempDir Path toolchains) {
        Assumptions.assumeTrue(TargetCatalog.host().map(Target::classifier).equals(Optional.of("linux-x86_64")),
                "the release job's machine is x86_64 Linux; this one is " + TargetCatalog.host());
        Doctor doctor = new Doctor(toolchains);
        for (Target target : TargetCatalog.all().values()) {
            assertEquals(DOCTOR_TO_MATRIX.get(doctor.inspect(target).smoke()), GithubMatrix.smokeOn(target), target.classifier());
        }
    }

    @Test
    void runnerFor_everyTargetHasARunnerOfItsOwnOperatingSystem() {
        for (Target target : TargetCatalog.all().values()) {
            String prefix = switch (target.os()) {
                case LINUX -> "ubuntu-";
                case OSX -> "macos-";
                case WINDOWS -> "windows-";
            };
            assertEquals(prefix, GithubMatrix.runnerFor(target.classifier()).substring(0, prefix.length()), target.classifier());
        }
    }
}
