package dev.forgeline.release.manifest;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.common.Checksums;
import dev.forgeline.release.common.ConfinedFile;
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

    /**
     * Writes {@code dir/release-manifest.json} atomically, with no path of this machine in it (paths in its texts made
     * relative to {@code dir} or replaced, see {@link MachinePaths}): the manifest is published and handed on.
     */
    public static Path write(Path dir, ReleaseManifest manifest) throws IOException {
        manifest = MachinePaths.scrub(manifest, dir);
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
     * SHA-256, and every recorded signature file with its digest, so that what is published is exactly what was built.
     */
    public static void verifyFiles(Path dir, ReleaseManifest manifest) throws IOException {
        for (ReleaseManifest.ArtifactRecord artifact : manifest.artifacts()) {
            Path file = artifactFile(dir, artifact);
            String actual = Checksums.sha256(file);
            if (!actual.equals(artifact.sha256())) {
                throw changedSinceBuilt(artifact, actual);
            }
            for (ReleaseManifest.SignatureRecord signature : artifact.signatures()) {
                if (!signatureIntact(dir, signature)) {
                    throw new ForgelineException(ExitCode.CHECK_FAILED, "the " + signature.kind() + " signature of "
                            + artifact.coordinate() + " is missing or changed since it was made: " + signature.file(),
                            "sign again with forgeline sign", null);
                }
            }
        }
    }

    /** Whether {@link #verifyFiles} would pass: the stages' "done" checks ask this. */
    public static boolean intact(Path dir, ReleaseManifest manifest) throws IOException {
        try {
            verifyFiles(dir, manifest);
            return true;
        } catch (ForgelineException e) {
            return false;
        }
    }

    /**
     * The artifact's file in {@code dir}: it must lie inside {@code dir} by the verifier's rule ({@link ConfinedFile}: no
     * absolute path, no {@code ..}, no symbolic link leaving it) and exist.
     *
     * @throws ForgelineException {@link ExitCode#CHECK_FAILED} when the entry points outside or the file is missing
     */
    public static Path artifactFile(Path dir, ReleaseManifest.ArtifactRecord artifact) {
        ConfinedFile confined = ConfinedFile.resolve(dir, artifact.file());
        if (confined.refused()) {
            String what = confined.refusal() == ConfinedFile.Refusal.INVALID ? " is not a valid file name "
                    : " points outside " + dir + " ";
            throw new ForgelineException(ExitCode.CHECK_FAILED, "manifest entry " + artifact.coordinate() + what
                    + confined.detail(), "the manifest was tampered with; rebuild", null);
        }
        if (!Files.isRegularFile(confined.file())) {
            throw new ForgelineException(ExitCode.CHECK_FAILED, "artifact " + artifact.coordinate() + " is missing: "
                    + confined.file(), "rebuild with forgeline build", null);
        }
        return confined.file();
    }

    /** The error for an artifact whose bytes are no longer those the manifest records. */
    public static ForgelineException changedSinceBuilt(ReleaseManifest.ArtifactRecord artifact, String actualSha256) {
        return new ForgelineException(ExitCode.CHECK_FAILED, "artifact " + artifact.coordinate()
                + " changed since it was built: SHA-256 is " + actualSha256 + ", the manifest says " + artifact.sha256(),
                "rebuild with forgeline build; never edit built artifacts", null);
    }

    /** Whether a recorded signature file is inside {@code dir}, present, and has its recorded digest. */
    public static boolean signatureIntact(Path dir, ReleaseManifest.SignatureRecord signature) throws IOException {
        ConfinedFile confined = ConfinedFile.resolve(dir, signature.file());
        return !confined.refused() && Files.isRegularFile(confined.file())
                && Checksums.sha256(confined.file()).equals(signature.sha256());
    }
}
