package dev.forgeline.release.platform;

import java.util.Objects;

/**
 * One platform of the matrix: the Maven classifier (os-maven-plugin's {@code os.detected.classifier}),
 * the Rust target triple, and how the library file is named there.
 */
public record Target(String classifier, String rustTriple, OperatingSystem os, String arch) {

    public enum OperatingSystem {
        LINUX("lib", ".so"),
        OSX("lib", ".dylib"),
        WINDOWS("", ".dll");

        private final String libraryPrefix;
        private final String librarySuffix;

        OperatingSystem(String libraryPrefix, String librarySuffix) {
            this.libraryPrefix = libraryPrefix;
            this.librarySuffix = librarySuffix;
        }
    }

    public Target {
        Objects.requireNonNull(classifier, "classifier");
        Objects.requireNonNull(rustTriple, "rustTriple");
        Objects.requireNonNull(os, "os");
        Objects.requireNonNull(arch, "arch");
    }

    /** The file cargo writes for a cdylib named {@code libName} on this target. */
    public String libraryFileName(String libName) {
        return os.libraryPrefix + libName + os.librarySuffix;
    }

    @Override
    public String toString() {
        return classifier;
    }
}
