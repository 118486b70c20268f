package dev.forgeline.release.pipeline;

import dev.forgeline.release.platform.Target;
import dev.forgeline.release.platform.TargetCatalog;
import java.util.Optional;

/**
 * Whether this machine can build a target, and if not, why and where it is built instead. This
 * version of forgeline builds the host platform; cross toolchains come with the platform matrix work.
 */
public record BuildCapability(Target target, boolean buildable, String reason) {

    public static BuildCapability of(Target target) {
        Optional<Target> host = TargetCatalog.host();
        if (host.isPresent() && host.get().equals(target)) {
            return new BuildCapability(target, true, null);
        }
        String where = switch (target.os()) {
            case OSX -> "build it on a macOS CI runner: forgeline build --target " + target;
            case WINDOWS -> "build it on a Windows CI runner: forgeline build --target " + target;
            case LINUX -> "cross-compiling needs the Rust standard library for " + target.rustTriple()
                    + " and a linker, which this machine has not been set up with; build it on a Linux runner for "
                    + target.arch();
        };
        String hostName = host.map(Target::classifier).orElse("an unknown platform");
        return new BuildCapability(target, false, "not the host platform (" + hostName + "): " + where);
    }
}
