package dev.forgeline.release.manifest;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.maven.Checksums;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Reads and writes release-manifest.json, and checks that the files it lists are intact. */
public final class ManifestStore {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ManifestStore() {}

    /** Writes {@code dir/release-manifest.json} atomically. */
    public static Path write(Path dir, ReleaseManifest manifest) throws IOException {
        Path file = dir.resolve(ReleaseManifest.FILE_NAME);
        Path temp = Files.createTempFile(dir, ".manifest-", ".tmp");
        try {
            Files.writeString(temp, toJson(manifest), StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
        return file;
    }

    public static String toJson(ReleaseManifest manifest) throws IOException {
        return JSON.writeValueAsString(manifest) + "\n";
    }

    public static ReleaseManifest read(Path dir) {
        Path file = dir.resolve(ReleaseManifest.FILE_NAME);
        try {
            ReleaseManifest manifest = JSON.readValue(file.toFile(), ReleaseManifest.class);
            if (manifest.formatVersion() != ReleaseManifest.FORMAT_VERSION) {
                throw new ForgelineException(ExitCode.USAGE, file + ": manifest format " + manifest.formatVersion()
                        + " is not supported", "use the forgeline version that wrote it", null);
            }
            return manifest;
        } catch (NoSuchFileException e) {
            throw new ForgelineException(ExitCode.USAGE, "no " + ReleaseManifest.FILE_NAME + " in " + dir,
                    "run forgeline build (or release) first, or pass the directory that holds the manifest", e);
        } catch (IOException e) {
            throw new ForgelineException(ExitCode.USAGE, file + " is not a valid release manifest: " + e.getMessage(),
                    "rebuild it with forgeline build", e);
        }
    }

    /**
     * Checks that every artifact the manifest lists is present in {@code dir} with the recorded size and
     * SHA-256, so that what is published is exactly what was built.
     */
    public static void verifyFiles(Path dir, ReleaseManifest manifest) throws IOException {
        for (ReleaseManifest.ArtifactRecord artifact : manifest.artifacts()) {
            Path file = dir.resolve(artifact.file()).normalize();
            if (!file.startsWith(dir.normalize())) {
                throw new ForgelineException(ExitCode.CHECK_FAILED, "manifest entry " + artifact.coordinate()
                        + " points outside " + dir + ": " + artifact.file(), "the manifest was tampered with; rebuild", null);
            }
            if (!Files.isRegularFile(file)) {
                throw new ForgelineException(ExitCode.CHECK_FAILED, "artifact " + artifact.coordinate() + " is missing: " + file,
                        "rebuild with forgeline build", null);
            }
            String actual = Checksums.sha256(file);
            if (!actual.equals(artifact.sha256())) {
                throw new ForgelineException(ExitCode.CHECK_FAILED, "artifact " + artifact.coordinate()
                        + " changed since it was built: SHA-256 is " + actual + ", the manifest says " + artifact.sha256(),
                        "rebuild with forgeline build; never edit built artifacts", null);
            }
            for (ReleaseManifest.SignatureRecord signature : artifact.signatures()) {
                Path signatureFile = dir.resolve(signature.file()).normalize();
                if (!signatureFile.startsWith(dir.normalize()) || !Files.isRegularFile(signatureFile)
                        || !Checksums.sha256(signatureFile).equals(signature.sha256())) {
                    throw new ForgelineException(ExitCode.CHECK_FAILED, "the " + signature.kind() + " signature of "
                            + artifact.coordinate() + " is missing or changed since it was made: " + signature.file(),
                            "sign again with forgeline sign", null);
                }
            }
        }
    }
}
