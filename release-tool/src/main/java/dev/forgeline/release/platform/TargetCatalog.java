package dev.forgeline.release.platform;

import dev.forgeline.release.platform.Target.OperatingSystem;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Every platform the tool knows, keyed by classifier, in a stable order. */
public final class TargetCatalog {
    private static final Map<String, Target> KNOWN = new LinkedHashMap<>();

    static {
        add(new Target("linux-x86_64", "x86_64-unknown-linux-gnu", OperatingSystem.LINUX, "x86_64"));
        add(new Target("linux-aarch_64", "aarch64-unknown-linux-gnu", OperatingSystem.LINUX, "aarch_64"));
        add(new Target("linux-ppcle_64", "powerpc64le-unknown-linux-gnu", OperatingSystem.LINUX, "ppcle_64"));
        add(new Target("linux-s390_64", "s390x-unknown-linux-gnu", OperatingSystem.LINUX, "s390_64"));
        add(new Target("linux-arm_32", "armv7-unknown-linux-gnueabihf", OperatingSystem.LINUX, "arm_32"));
        add(new Target("osx-x86_64", "x86_64-apple-darwin", OperatingSystem.OSX, "x86_64"));
        add(new Target("osx-aarch_64", "aarch64-apple-darwin", OperatingSystem.OSX, "aarch_64"));
        add(new Target("windows-x86_64", "x86_64-pc-windows-msvc", OperatingSystem.WINDOWS, "x86_64"));
    }

    private TargetCatalog() {}

    private static void add(Target target) {
        KNOWN.put(target.classifier(), target);
    }

    public static Optional<Target> byClassifier(String classifier) {
        return Optional.ofNullable(KNOWN.get(classifier));
    }

    /**
     * The target of a classifier that has already been checked (the matrix of release.yaml, a manifest's targets):
     * an unknown one here is a defect of forgeline, not bad input.
     */
    public static Target require(String classifier) {
        return byClassifier(classifier).orElseThrow(
                () -> new IllegalStateException("not a platform forgeline knows: " + classifier));
    }

    public static Map<String, Target> all() {
        return Collections.unmodifiableMap(KNOWN);
    }

    /** The catalog entry for the machine this JVM runs on, if the tool knows it. */
    public static Optional<Target> host() {
        return byClassifier(hostClassifier(System.getProperty("os.name"), System.getProperty("os.arch")));
    }

    /** The os-maven-plugin classifier for the common os.name/os.arch values. */
    static String hostClassifier(String osName, String osArch) {
        String os = osName.toLowerCase(Locale.ROOT);
        String osPart = os.startsWith("linux") ? "linux"
                : os.startsWith("mac") || os.startsWith("osx") ? "osx"
                : os.startsWith("windows") ? "windows"
                : os.replaceAll("[^a-z0-9]+", "");
        String arch = switch (osArch.toLowerCase(Locale.ROOT)) {
            case "x86_64", "amd64", "x64", "x86-64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch_64";
            case "ppc64le" -> "ppcle_64";
            case "s390x" -> "s390_64";
            case "arm", "arm32", "armv7l", "armv7" -> "arm_32";
            default -> osArch.toLowerCase(Locale.ROOT);
        };
        return osPart + "-" + arch;
    }
}
