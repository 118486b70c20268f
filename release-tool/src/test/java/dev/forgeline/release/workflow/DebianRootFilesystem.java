package dev.forgeline.release.workflow;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SortedSet;

/**
 * The stand-in for the {@code debian:12} image (and the Ubuntu runner's own system): a Debian 12 minimal root file
 * system made by {@code mmdebstrap --variant=minbase bookworm} from Debian's mirror, with the packages the workflow's
 * jobs install themselves (so their {@code apt-get install} steps run verbatim and find them). Kept under the cache
 * directory, keyed by that package list; apt's package lists are kept in it, so a job's {@code apt-get update} only
 * revalidates them, and the downloaded .debs go to {@link #aptArchives()}, which jobs share too.
 *
 * <p>This machine reaches Maven Central and Debian's mirror through a TLS-inspecting proxy whose CA certificates are
 * in {@code /usr/local/share/ca-certificates}: they are added to the root's trust stores (the system's and Java's),
 * as a runner's network would need no such thing. They are part of the key.
 */
final class DebianRootFilesystem {
    static final String SUITE = "bookworm";
    private static final String MIRROR = "http://deb.debian.org/debian";
    private static final String SECURITY = "http://deb.debian.org/debian-security";

    private static final Path LOCAL_CERTIFICATES = Path.of("/usr/local/share/ca-certificates");

    private final Path cacheDir;

    DebianRootFilesystem(Path cacheDir) {
        this.cacheDir = cacheDir;
    }

    /** Where .debs are kept between runs: mmdebstrap's and every job's {@code /var/cache/apt/archives}. */
    Path aptArchives() {
        return cacheDir.resolve("apt-archives");
    }

    /** The root file system with {@code packages} installed: the cached one, or a new one (about a minute). */
    Path provision(SortedSet<String> packages, StepLog log) throws IOException, InterruptedException {
        List<Path> certificates = localCertificates();
        Path root = cacheDir.resolve("rootfs-" + key(packages, certificates));
        Path complete = root.resolveSibling(root.getFileName() + ".complete");
        if (Files.isRegularFile(complete) && Files.isDirectory(root.resolve("usr/bin"))) {
            log.line("root file system: cached " + root + " (minbase " + SUITE + " + " + String.join(" ", packages) + ")");
            return root;
        }
        Commands.deleteTree(root);
        Files.createDirectories(aptArchives());
        List<String> command = new ArrayList<>(List.of("mmdebstrap", "--variant=minbase", "--mode=root",
                "--include=" + String.join(",", packages),
                // This machine's mirror may serve Release files past their Valid-Until, as the host's apt allows.
                "--aptopt=Acquire::Check-Valid-Until \"false\"",
                "--skip=download/empty", "--skip=essential/unlink", "--skip=cleanup/apt/lists",
                "--setup-hook=mkdir -p \"$1\"/var/cache/apt/archives/",
                "--setup-hook=sync-in " + aptArchives() + " /var/cache/apt/archives/",
                "--customize-hook=sync-out /var/cache/apt/archives " + aptArchives()));
        if (!certificates.isEmpty()) {
            StringBuilder copy = new StringBuilder("--customize-hook=copy-in");
            certificates.forEach(c -> copy.append(' ').append(c));
            command.add(copy + " /usr/local/share/ca-certificates/");
            command.add("--customize-hook=chroot \"$1\" update-ca-certificates");
        }
        command.addAll(List.of(
                SUITE, root.toString(),
                // The sources of the debian:12 image.
                "deb " + MIRROR + " " + SUITE + " main",
                "deb " + MIRROR + " " + SUITE + "-updates main",
                "deb " + SECURITY + " " + SUITE + "-security main"));
        long start = System.nanoTime();
        Commands.Result result = Commands.run(command, null, java.util.Map.of(), cacheDir.resolve("mmdebstrap.log"));
        if (result.exitCode() != 0) {
            throw new IllegalStateException("mmdebstrap failed (exit " + result.exitCode() + "): "
                    + String.join(" ", command) + "\n" + result.tail(40));
        }
        Files.writeString(complete, String.join("\n", packages) + "\n");
        log.line("root file system: made " + root + " in " + (System.nanoTime() - start) / 1_000_000_000 + " s");
        return root;
    }

    private static List<Path> localCertificates() throws IOException {
        if (!Files.isDirectory(LOCAL_CERTIFICATES)) {
            return List.of();
        }
        try (var files = Files.list(LOCAL_CERTIFICATES)) {
            return files.filter(f -> f.toString().endsWith(".crt")).sorted().toList();
        }
    }

    static String key(SortedSet<String> packages, List<Path> certificates) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(("minbase " + SUITE + " " + String.join(" ", packages)).getBytes(StandardCharsets.UTF_8));
            for (Path certificate : certificates) {
                digest.update(Files.readAllBytes(certificate));
            }
            return HexFormat.of().formatHex(digest.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
