package dev.forgeline.release.testing;

import dev.forgeline.release.common.Checksums;
import dev.forgeline.release.sign.SignStage;
import dev.forgeline.release.common.FileDigest;
import dev.forgeline.release.sign.SigningKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Generated artifacts with their signature and checksum files, as a release directory or repository holds them. */
public final class Artifacts {
    private Artifacts() {}

    /** {@code dir/name} with {@code size} pseudo-random bytes from {@code seed}. */
    public static Path create(Path dir, String name, int size, long seed) throws IOException {
        byte[] content = new byte[size];
        new Random(seed).nextBytes(content);
        Files.createDirectories(dir);
        return Files.write(dir.resolve(name), content);
    }

    /** Writes {@code .asc}, {@code .sigstore.json} and the four checksum files next to the file. */
    public static Path signed(Path file, SigningKeys keys) throws IOException {
        SignStage.signFile(file, file.getFileName().toString(), FileDigest.of(file), keys.signers());
        writeChecksums(file);
        return file;
    }

    public static void writeChecksums(Path file) throws IOException {
        Checksums.Digests digests = Checksums.of(file);
        for (Checksums.Algorithm algorithm : Checksums.Algorithm.values()) {
            Files.writeString(algorithm.sidecarOf(file), digests.get(algorithm));
        }
    }

    public static Path sibling(Path file, String suffix) {
        return file.resolveSibling(file.getFileName() + suffix);
    }
}
