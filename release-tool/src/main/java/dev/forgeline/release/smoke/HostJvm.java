package dev.forgeline.release.smoke;

import java.nio.file.Path;
import java.util.List;

/** The JVM running forgeline itself, for the host platform's smoke test. */
public record HostJvm(Path java) implements TargetJvm {

    public static HostJvm current() {
        return new HostJvm(Path.of(System.getProperty("java.home"), "bin", "java"));
    }

    @Override
    public String name() {
        return "host";
    }

    @Override
    public List<String> javaCommand() {
        return List.of(java.toString());
    }
}
