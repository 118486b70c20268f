package dev.forgeline.release.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgeline.release.common.InTotoProvenance;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An in-toto Statement v1 about an image, to be signed into a DSSE envelope and stored beside the image: its predicate
 * type and the statement's bytes. The predicate types forgeline writes for an image: the SBOM ({@value #SBOM}, the
 * type cosign gives {@code --type cyclonedx}), the SLSA provenance ({@value #PROVENANCE}), and the bundle-form image
 * signature ({@value #SIGNATURE}, cosign's predicate of {@code cosign sign --new-bundle-format}).
 */
public record ImageAttestation(String predicateType, byte[] statement) {
    public static final String SBOM = "https://cyclonedx.org/bom";
    public static final String PROVENANCE = InTotoProvenance.PREDICATE_TYPE;
    public static final String SIGNATURE = "https://sigstore.dev/cosign/sign/v1";
    private static final ObjectMapper JSON = new ObjectMapper();

    public ImageAttestation {
        Objects.requireNonNull(predicateType, "predicateType");
        statement = statement.clone();
    }

    @Override
    public byte[] statement() {
        return statement.clone();
    }

    /**
     * The statement {@code {"_type":..,"subject":[{"name":N,"digest":{"sha256":H}}..],"predicateType":T,"predicate":P}}
     * with one subject per digest, all named {@code name} (the image's repository, as cosign names them).
     */
    public static ImageAttestation of(String name, List<String> subjectDigests, String predicateType, JsonNode predicate) {
        ObjectNode root = JSON.createObjectNode();
        root.put("_type", InTotoProvenance.STATEMENT_TYPE);
        ArrayNode subjects = root.putArray("subject");
        for (String digest : subjectDigests) {
            ObjectNode s = subjects.addObject();
            s.put("name", name);
            s.putObject("digest").put("sha256", hex(digest));
        }
        root.put("predicateType", predicateType);
        root.set("predicate", predicate);
        return new ImageAttestation(predicateType, CosignSignature.bytes(root));
    }

    /** The bundle-form signature of {@code digest}: a statement of cosign's sign predicate type, the digest its subject. */
    public static ImageAttestation signature(String name, String digest) {
        return of(name, List.of(digest), SIGNATURE, JSON.createObjectNode());
    }

    /** What a statement says: its predicate type, the digests of its subjects ({@code sha256:<hex>}) and predicate. */
    public record Parsed(String predicateType, List<String> subjectDigests, JsonNode predicate) {
        public static Parsed of(byte[] statement) throws IOException {
            JsonNode root = JSON.readTree(statement);
            if (!InTotoProvenance.STATEMENT_TYPE.equals(root.path("_type").asText())) {
                throw new IOException("not an in-toto Statement v1 (_type " + root.path("_type") + ")");
            }
            List<String> digests = new ArrayList<>();
            for (JsonNode s : root.path("subject")) {
                if (s.path("digest").path("sha256").isTextual()) {
                    digests.add("sha256:" + s.path("digest").path("sha256").asText());
                }
            }
            return new Parsed(root.path("predicateType").asText(), List.copyOf(digests), root.path("predicate"));
        }
    }

    private static String hex(String digest) {
        if (!digest.matches("sha256:[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a sha256 digest: " + digest);
        }
        return digest.substring(7);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImageAttestation a && predicateType.equals(a.predicateType)
                && Arrays.equals(statement, a.statement);
    }

    @Override
    public int hashCode() {
        return Objects.hash(predicateType, Arrays.hashCode(statement));
    }
}
