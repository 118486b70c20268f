package dev.forgeline.release.cross;

import dev.forgeline.release.cross.Doctor;
import dev.forgeline.release.cross.TargetCapability;
import dev.forgeline.release.platform.Target;

/**
 * Whether this machine can build a target (natively, or with a Debian cross toolchain the doctor can
 * provision), and if not, why and where it is built instead.
 */
public record BuildCapability(Target target, boolean buildable, String reason) {

    /** A quick look: installed packages and cached toolchains; provisioning finds the rest. */
    public static BuildCapability of(Target target, Doctor doctor) {
        return of(target, doctor, false);
    }

    /** With {@code checkArchive}, also asks Debian's archive whether the target's std can be had (slower). */
    public static BuildCapability of(Target target, Doctor doctor, boolean checkArchive) {
        TargetCapability capability = doctor.inspect(target, checkArchive);
        if (capability.buildableHere()) {
            return new BuildCapability(target, true, null);
        }
        StringBuilder reason = new StringBuilder();
        if (capability.build() == TargetCapability.Mode.CI_RUNNER) {
            reason.append("needs a CI runner of that platform");
        } else {
            reason.append("missing here: ").append(String.join(", ", capability.missingForBuild()));
            capability.installCommand().ifPresent(c -> reason.append(" (install: ").append(c).append(")"));
        }
        if (!capability.notes().isEmpty()) {
            reason.append("; ").append(String.join("; ", capability.notes()));
        }
        return new BuildCapability(target, false, reason.toString());
    }
}
