package dev.forgeline.release.bom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import dev.forgeline.sbom.SbomException;
import dev.forgeline.sbom.SbomWriter;
import java.time.Instant;
import java.io.IOException;
import java.util.Optional;
import org.cyclonedx.exception.ParseException;
import org.cyclonedx.model.Bom;
import org.cyclonedx.parsers.JsonParser;

/** Reading back what a release's SBOMs say. */
public final class Boms {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Boms() {}

    /** Where a platform jar carries its library's SBOM. */
    public static final String JAR_SBOM_DIR = "META-INF/sbom/";

    /** The Forgeline version the documents name as their tool (the jar's Implementation-Version). */
    public static String toolVersion() {
        String version = Boms.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }

    /** The document's bytes: validated against CycloneDX 1.6, its time SOURCE_DATE_EPOCH, its serial from its content. */
    public static byte[] render(Bom bom, long sourceDateEpoch, String what) {
        try {
            return SbomWriter.create(toolVersion(), Instant.ofEpochSecond(sourceDateEpoch)).render(bom).bytes();
        } catch (SbomException e) {
            throw failure(what, e);
        }
    }

    /** The document, parsed with cyclonedx-core-java. */
    public static Bom parse(byte[] json, String name) {
        try {
            return new JsonParser().parse(json);
        } catch (ParseException e) {
            throw new ForgelineException(ExitCode.CHECK_FAILED, name + " is not a CycloneDX JSON document: " + e.getMessage(),
                    "rebuild the release: its SBOMs are written by forgeline", e);
        }
    }

    /** An SBOM that could not be made, as the release tool reports it (where, why, the module's hint). */
    public static ForgelineException failure(String what, SbomException e) {
        return new ForgelineException(ExitCode.BUILD_FAILED, "cannot make the SBOM of " + what + ": "
                + e.file().map(f -> f.getFileName() + (e.line().isPresent() ? ":" + e.line().getAsInt() : "") + ": ").orElse("")
                + e.detail() + (e.problems().isEmpty() ? "" : " " + e.problems()),
                e.hint().orElse("see docs/sbom.md"), e);
    }

    /** The SHA-256 of what the document describes ({@code metadata.component.hashes}), if it names one. */
    public static Optional<String> subjectSha256(byte[] json) {
        try {
            JsonNode hashes = JSON.readTree(json).path("metadata").path("component").path("hashes");
            for (JsonNode h : hashes) {
                if ("SHA-256".equals(h.path("alg").asText())) {
                    return Optional.of(h.path("content").asText());
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
