package dev.forgeline.release.imagepush;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.attest.AttestStage;
import dev.forgeline.release.bom.Boms;
import dev.forgeline.release.common.Checksums;
import dev.forgeline.release.manifest.ImageRecord;
import dev.forgeline.release.manifest.ManifestStore;
import dev.forgeline.release.manifest.ReleaseManifest;
import dev.forgeline.release.manifest.TargetId;
import dev.forgeline.release.registry.ImageAttestation;
import dev.forgeline.release.sigstore.DsseBundle;
import dev.forgeline.release.sigstore.SigstoreBundle;
import dev.forgeline.sbom.ImageSbom;
import dev.forgeline.sbom.SbomException;
import dev.forgeline.sbom.SbomWriter;
import java.time.Instant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The statements attested of a release's image, made from what the release recorded, so the same release and
 * reference give the same bytes: the image SBOM (CycloneDX 1.6 of every platform image's Debian packages, JRE, jars and
 * native library, {@link ImageSbom}) and the SLSA provenance (the release's own provenance predicate, the one its
 * attest stage signed, re-issued with the image as subjects). The subjects of both: the index digest and every
 * platform manifest digest.
 */
public final class ImageStatements {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private ImageStatements() {}

    /** The subjects: the index digest first, then each platform manifest digest in target order. */
    public static List<String> subjects(ImageRecord image) {
        List<String> digests = new ArrayList<>();
        digests.add(image.indexDigest());
        image.platforms().values().forEach(p -> digests.add(p.manifestDigest()));
        return digests;
    }

    /** The SBOM, then the provenance (when the release has one: an attested release). */
    public static List<ImageAttestation> of(Path releaseDir, ReleaseManifest release, String repositoryName)
            throws IOException {
        ImageRecord image = release.image();
        List<ImageAttestation> out = new ArrayList<>();
        out.add(ImageAttestation.of(repositoryName, subjects(image), ImageAttestation.SBOM, JSON.readTree(sbom(release,
                repositoryName))));
        Optional<JsonNode> provenance = releaseProvenance(releaseDir, release);
        if (provenance.isPresent()) {
            out.add(ImageAttestation.of(repositoryName, subjects(image), ImageAttestation.PROVENANCE, provenance.get()));
        }
        return out;
    }

    /** The image SBOM's bytes (CycloneDX 1.6, its time SOURCE_DATE_EPOCH). */
    static byte[] sbom(ReleaseManifest release, String repositoryName) {
        ImageRecord image = release.image();
        List<ImageSbom.Platform> platforms = new ArrayList<>();
        image.platforms().forEach((classifier, p) -> {
            ReleaseManifest.TargetRecord target = release.target(TargetId.of(classifier));
            String library = target == null || target.library() == null ? null : target.library().file();
            List<ImageSbom.Deb> debs = p.packages().stream()
                    .map(d -> new ImageSbom.Deb(d.name(), d.arch(), d.version(), d.sha256())).toList();
            List<ImageSbom.Jar> jars = p.jars().stream().map(ImageStatements::jar).toList();
            String jarPath = p.jars().stream().filter(j -> j.coordinate().contains(":" + classifier + ":"))
                    .map(ImageRecord.Jar::path).findFirst().orElse("");
            platforms.add(new ImageSbom.Platform(p.platform(), debs, p.distro(), jars, library,
                    jarPath + "!/META-INF/native/" + classifier + "/" + library, p.librarySha256()));
        });
        String name = repositoryName.substring(repositoryName.lastIndexOf('/') + 1);
        // Not checked against the schema here (loading it costs a publish more than the rest of the statements): the
        // document's shape is fixed by ImageSbom, and its tests validate it with cyclonedx-core-java and the CycloneDX
        // project's JavaScript library.
        try {
            return SbomWriter.create(Boms.toolVersion(), Instant.ofEpochSecond(release.source().sourceDateEpoch()))
                    .withoutValidation().render(ImageSbom.build(name, release.project().version(), image.indexDigest(),
                            platforms)).bytes();
        } catch (SbomException e) {
            throw Boms.failure("the image " + image.indexDigest(), e);
        }
    }

    /** {@code group:artifact:jar[:classifier]:version}, as the image record names a jar. */
    private static ImageSbom.Jar jar(ImageRecord.Jar j) {
        String[] parts = j.coordinate().split(":");
        String classifier = parts.length == 5 ? parts[3] : null;
        return new ImageSbom.Jar(j.path(), parts[0], parts[1], parts[parts.length - 1], classifier, j.sha256());
    }

    /** The predicate of the release's provenance (its .intoto.jsonl, checked against the manifest's digest). */
    private static Optional<JsonNode> releaseProvenance(Path releaseDir, ReleaseManifest release) throws IOException {
        Optional<ReleaseManifest.ArtifactRecord> record = release.artifacts().stream()
                .filter(a -> AttestStage.isProvenance(a) && AttestStage.ENVELOPE_EXTENSION.equals(a.extension()))
                .findFirst();
        if (record.isEmpty()) {
            return Optional.empty();
        }
        Path file = ManifestStore.artifactFile(releaseDir, record.get());
        if (!Files.isRegularFile(file) || !Checksums.sha256(file).equals(record.get().sha256())) {
            throw ManifestStore.changedSinceBuilt(record.get(), Files.isRegularFile(file) ? Checksums.sha256(file)
                    : "missing");
        }
        try {
            return Optional.of(JSON.readTree(DsseBundle.parse(Files.readAllBytes(file)).payload()).path("predicate"));
        } catch (SigstoreBundle.BundleFormatException e) {
            throw new ForgelineException(ExitCode.CHECK_FAILED, record.get().file() + " is not a DSSE envelope: "
                    + e.getMessage(), "rebuild the release: forgeline release --local", e);
        }
    }
}
