package dev.forgeline.release.pipeline;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.manifest.ManifestStore;
import dev.forgeline.release.manifest.ReleaseManifest;
import dev.forgeline.release.manifest.ReleaseManifest.ArtifactRecord;
import dev.forgeline.release.manifest.ReleaseManifest.SignatureRecord;
import dev.forgeline.release.maven.Checksums;
import dev.forgeline.release.sign.FileDigest;
import dev.forgeline.release.sign.Signer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The sign stage: once every built target has passed its smoke test ({@link SmokeGate}), every artifact of a
 * release directory's manifest gets one signature file per signer
 * ({@code x.jar.asc}, {@code x.jar.sigstore.json}) next to it, recorded in the manifest with its SHA-256 and key id.
 * Artifacts are signed in parallel (bounded by the cores); each is read and hashed once, and must still have the
 * SHA-256 the manifest records. An artifact whose recorded signatures are present, intact and made by the same
 * keys is skipped, so a rerun is a no-op.
 */
public final class SignStage {
    /** What the stage did: the updated manifest, and how many artifacts it signed and skipped. */
    public record Result(ReleaseManifest manifest, int signed, int skipped) {}

    private final Path releaseDir;
    private final List<Signer> signers;
    private final PrintStream progress;

    public SignStage(Path releaseDir, List<Signer> signers, PrintStream progress) {
        this.releaseDir = releaseDir.toAbsolutePath().normalize();
        this.signers = List.copyOf(signers);
        this.progress = progress;
        if (this.signers.stream().map(Signer::kind).distinct().count() != this.signers.size()) {
            throw new IllegalArgumentException("one signer per signature kind");
        }
    }

    public Result run() throws IOException, InterruptedException {
        ReleaseManifest manifest = ManifestStore.read(releaseDir);
        if (manifest.artifacts().isEmpty()) {
            throw new ForgelineException(ExitCode.USAGE, "the manifest in " + releaseDir + " lists no artifacts",
                    "run forgeline build first", null);
        }
        // A signature vouches for the bytes: only tested ones, and the key is not used before every test passed.
        SmokeGate.require(manifest, releaseDir, "sign");
        int threads = Math.max(1, Math.min(manifest.artifacts().size(), Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<ArtifactRecord> records = new ArrayList<>();
        int signed = 0;
        try {
            List<Future<ArtifactRecord>> futures = new ArrayList<>();
            for (ArtifactRecord artifact : manifest.artifacts()) {
                futures.add(pool.submit(() -> alreadySigned(artifact) ? artifact : sign(artifact)));
            }
            for (int i = 0; i < futures.size(); i++) {
                ArtifactRecord result = get(futures.get(i));
                if (result != manifest.artifacts().get(i)) {
                    signed++;
                }
                records.add(result);
            }
        } finally {
            pool.shutdownNow();
        }
        ReleaseManifest updated = new ReleaseManifest(manifest.formatVersion(), manifest.project(), manifest.source(),
                manifest.targets(), records);
        if (signed > 0) {
            ManifestStore.write(releaseDir, updated);
        }
        progress.println("sign      " + signed + " artifact(s) signed, " + (records.size() - signed)
                + " already signed (" + String.join(", ", signers.stream().map(s -> s.kind().id() + " " + s.keyId())
                        .toList()) + ")");
        return new Result(updated, signed, records.size() - signed);
    }

    /** Signs one file with every signer and writes the signature files next to it. */
    public static List<SignatureRecord> signFile(Path file, String relativeName, FileDigest digest, List<Signer> signers)
            throws IOException {
        List<SignatureRecord> records = new ArrayList<>();
        for (Signer signer : signers) {
            byte[] signature = signer.sign(digest);
            Path target = file.resolveSibling(signer.kind().fileNameFor(file.getFileName().toString()));
            if (!holds(target, signature)) {
                Path temp = Files.createTempFile(file.getParent(), ".sign-", ".tmp");
                try {
                    Files.write(temp, signature);
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(temp);
                }
            }
            records.add(new SignatureRecord(signer.kind().id(), signer.kind().fileNameFor(relativeName),
                    Checksums.sha256(signature), signer.keyId()));
        }
        return records;
    }

    /**
     * Whether the file already holds exactly these bytes (a deterministic signature made again, such as a Sigstore
     * bundle on a rerun): then it is left alone. Reading a small file costs a fraction of writing a temporary file
     * and renaming it over the old one, which on ext4 also starts the new file's writeback.
     */
    private static boolean holds(Path file, byte[] content) {
        try {
            return Files.size(file) == content.length && Arrays.equals(Files.readAllBytes(file), content);
        } catch (IOException e) {
            return false; // absent or unreadable: written as before
        }
    }

    private ArtifactRecord sign(ArtifactRecord artifact) throws IOException {
        Path file = releaseDir.resolve(artifact.file()).normalize();
        if (!file.startsWith(releaseDir) || !Files.isRegularFile(file)) {
            throw new ForgelineException(ExitCode.CHECK_FAILED, "artifact " + artifact.coordinate() + " is missing: "
                    + file, "rebuild with forgeline build", null);
        }
        FileDigest digest = FileDigest.of(file);
        if (!digest.sha256Hex().equals(artifact.sha256())) {
            throw new ForgelineException(ExitCode.CHECK_FAILED, "artifact " + artifact.coordinate()
                    + " changed since it was built: SHA-256 is " + digest.sha256Hex() + ", the manifest says "
                    + artifact.sha256(), "rebuild with forgeline build; never edit built artifacts", null);
        }
        return artifact.withSignatures(signFile(file, artifact.file(), digest, signers));
    }

    private boolean alreadySigned(ArtifactRecord artifact) throws IOException {
        if (artifact.signatures().size() != signers.size()) {
            return false;
        }
        for (Signer signer : signers) {
            SignatureRecord record = artifact.signatures().stream()
                    .filter(r -> r.kind().equals(signer.kind().id())).findFirst().orElse(null);
            if (record == null || !record.keyId().equals(signer.keyId())) {
                return false;
            }
            Path file = releaseDir.resolve(record.file()).normalize();
            if (!Files.isRegularFile(file) || !Checksums.sha256(file).equals(record.sha256())) {
                return false;
            }
        }
        return true;
    }

    private static ArtifactRecord get(Future<ArtifactRecord> future) throws IOException, InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new UncheckedIOException(new IOException(cause));
        }
    }
}
