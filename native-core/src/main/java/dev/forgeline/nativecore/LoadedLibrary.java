package dev.forgeline.nativecore;

import java.nio.file.Path;

/**
 * Which native file is running: the platform classifier it was chosen for, the extracted file that
 * was loaded, its SHA-256 (checked against the manifest before loading) and the class-path resource
 * it came from (for example {@code jar:file:/.../native-core-0.1.0-linux-x86_64.jar!/META-INF/...}).
 */
public record LoadedLibrary(String classifier, Path file, String sha256, String source) {}
