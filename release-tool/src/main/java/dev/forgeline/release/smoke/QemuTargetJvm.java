package dev.forgeline.release.smoke;

import dev.forgeline.release.cross.QemuJvm;
import java.util.List;

/** A JVM under QEMU user emulation: a foreign architecture's JVM, or the host's on an old CPU model. */
public record QemuTargetJvm(QemuJvm jvm, String name) implements TargetJvm {

    @Override
    public List<String> javaCommand() {
        return jvm.command(List.of());
    }
}
