package dev.forgeline.release.smoke;

import java.util.List;

/** A JVM that runs on a target: the host's own, or a foreign one under emulation. */
public interface TargetJvm {
    /** For reports: {@code host}, {@code qemu-aarch64}, ... */
    String name();

    /** The command that starts {@code java} on the target; arguments are appended to it. */
    List<String> javaCommand();
}
