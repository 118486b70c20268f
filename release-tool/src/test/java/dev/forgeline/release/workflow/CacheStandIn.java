package dev.forgeline.release.workflow;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The stand-in for {@code actions/cache@v4} and {@code actions/setup-java@v4}'s {@code cache: maven}: a cached path is
 * a host directory bind-mounted there for the rest of the job, kept between jobs and runs, one per key and path
 * (unlike GitHub, which saves only on a miss, it is kept as the job leaves it). A Maven repository restored for root
 * is the host's own {@code ~/.m2/repository}, so a run downloads nothing the host's build already has; for the runner
 * user it is a directory of its own (the host's belongs to root), a copy of the host's when it is made.
 */
final class CacheStandIn {
    private final Path cacheDir;
    private final Path hostMavenRepository;

    CacheStandIn(Path cacheDir, Path hostMavenRepository) {
        this.cacheDir = cacheDir;
        this.hostMavenRepository = hostMavenRepository;
    }

    Path hostDirFor(String insidePath, String key, boolean runnerUser, Path log) throws IOException, InterruptedException {
        boolean maven = insidePath.replaceAll("/+$", "").endsWith("/.m2/repository");
        if (maven && !runnerUser) {
            return Files.createDirectories(hostMavenRepository);
        }
        Path dir = cacheDir.resolve(maven ? "maven-runner-user" : "key-" + digest(key + "\n" + insidePath));
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            Files.writeString(dir.resolveSibling(dir.getFileName() + ".key"), key + "\n" + insidePath + "\n", StandardCharsets.UTF_8);
            if (maven && Files.isDirectory(hostMavenRepository)) {
                Commands.check(List.of("cp", "-a", hostMavenRepository + "/.", dir.toString()), null, log);
            }
            if (runnerUser) {
                Commands.check(List.of("chown", "-R", JobSandbox.RUNNER_UID + ":" + JobSandbox.RUNNER_UID, dir.toString()), null, log);
            }
        }
        return dir;
    }

    private static String digest(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
