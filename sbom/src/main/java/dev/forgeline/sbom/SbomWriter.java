package dev.forgeline.sbom;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.UUID;
import org.cyclonedx.Version;
import org.cyclonedx.exception.GeneratorException;
import org.cyclonedx.generators.BomGeneratorFactory;
import org.cyclonedx.model.Bom;

/**
 * Writes a {@link Bom} as CycloneDX 1.6 JSON, the same bytes every time for the same input.
 *
 * <ul>
 *   <li>{@code metadata.timestamp} is the {@link Instant} given (callers pass SOURCE_DATE_EPOCH,
 *       see {@link #timestampFromSourceDateEpoch}), never the clock;
 *   <li>{@code metadata.tools.components} names Forgeline and the version given;
 *   <li>{@code serialNumber} is, unless {@link #withSerialNumber fixed}, a name-based UUID (version
 *       5) derived from the SHA-256 of the document written without it: the same content gets the
 *       same serial number, different content a different one;
 *   <li>{@code components} (nested ones too) are sorted by bom-ref, then purl, group, name, version;
 *       {@code dependencies} by ref, each {@code dependsOn} sorted and without repeats; each
 *       component's {@code hashes} by algorithm;
 *   <li>the text is UTF-8, indented by two spaces, {@code \n} line ends (on every OS), one final
 *       newline.
 * </ul>
 *
 * <p>The {@link Bom} passed in is not changed. Every document is checked against the CycloneDX 1.6
 * schema (cyclonedx-core-java's {@code JsonParser}) before it is returned or written, unless
 * {@link #withoutValidation()}. Instances are immutable and thread-safe.
 */
public final class SbomWriter {

    /** The tool name recorded in {@code metadata.tools}. */
    public static final String TOOL_NAME = "Forgeline";
    /** The group recorded with {@link #TOOL_NAME}. */
    public static final String TOOL_GROUP = "dev.forgeline";

    /** The specification version written. */
    public static final Version SPEC_VERSION = Version.VERSION_16;

    /**
     * Namespace of the name-based serial numbers: the version 5 UUID of the URL
     * {@code https://forgeline.dev/sbom/serial-number} in the RFC 4122 URL namespace.
     */
    static final UUID SERIAL_NUMBER_NAMESPACE = nameBasedUuid(
            UUID.fromString("6ba7b811-9dad-11d1-80b4-00c04fd430c8"),
            "https://forgeline.dev/sbom/serial-number");

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectWriter PRINTER = MAPPER.writer(printer());
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String toolVersion;
    private final Instant timestamp;
    private final UUID serialNumber;
    private final boolean validate;

    private SbomWriter(String toolVersion, Instant timestamp, UUID serialNumber, boolean validate) {
        this.toolVersion = toolVersion;
        this.timestamp = timestamp;
        this.serialNumber = serialNumber;
        this.validate = validate;
    }

    /**
     * @param forgelineVersion the Forgeline version recorded as the tool that wrote the document
     * @param timestamp the document's {@code metadata.timestamp}
     */
    public static SbomWriter create(String forgelineVersion, Instant timestamp) {
        Objects.requireNonNull(forgelineVersion, "forgelineVersion");
        if (forgelineVersion.isBlank()) {
            throw new IllegalArgumentException("forgelineVersion must not be blank");
        }
        return new SbomWriter(forgelineVersion, Objects.requireNonNull(timestamp, "timestamp"), null, true);
    }

    /** The same writer, with this serial number instead of the one derived from the content. */
    public SbomWriter withSerialNumber(UUID serialNumber) {
        return new SbomWriter(toolVersion, timestamp, Objects.requireNonNull(serialNumber, "serialNumber"),
                validate);
    }

    /** The same writer, without the schema check (for documents known to be valid, in bulk). */
    public SbomWriter withoutValidation() {
        return new SbomWriter(toolVersion, timestamp, serialNumber, false);
    }

    /**
     * The instant of a SOURCE_DATE_EPOCH value (whole seconds since 1970-01-01T00:00:00Z).
     *
     * @throws IllegalArgumentException if the value is not a non-negative whole number of seconds
     */
    public static Instant timestampFromSourceDateEpoch(String sourceDateEpoch) {
        Objects.requireNonNull(sourceDateEpoch, "sourceDateEpoch");
        try {
            long seconds = Long.parseLong(sourceDateEpoch.strip());
            if (seconds < 0) {
                throw new NumberFormatException("negative");
            }
            return Instant.ofEpochSecond(seconds);
        } catch (NumberFormatException | DateTimeException e) {
            throw new IllegalArgumentException("SOURCE_DATE_EPOCH must be a whole number of seconds since "
                    + "1970-01-01T00:00:00Z, got '" + sourceDateEpoch + "'", e);
        }
    }

    /** The document for {@code bom}. */
    public SbomDocument render(Bom bom) throws SbomException {
        Objects.requireNonNull(bom, "bom");
        ObjectNode doc = normalized(bom);

        String serial;
        if (serialNumber != null) {
            serial = "urn:uuid:" + serialNumber;
        } else {
            byte[] withoutSerial = print(doc);
            String digest = FileDigests.hex(FileDigests.digest("SHA-256").digest(withoutSerial));
            serial = "urn:uuid:" + nameBasedUuid(SERIAL_NUMBER_NAMESPACE, "sha256:" + digest);
        }
        doc.put("serialNumber", serial);
        byte[] bytes = print(reorderTop(doc));

        if (validate) {
            List<String> problems = SbomValidator.problems(bytes);
            if (!problems.isEmpty()) {
                throw SbomException.invalidDocument(problems);
            }
        }
        String sha256 = FileDigests.hex(FileDigests.digest("SHA-256").digest(bytes));
        return new SbomDocument(bytes, serial, sha256);
    }

    /**
     * Renders {@code bom} and writes it to {@code file} (parent directories created, the file
     * replaced atomically where the file system allows).
     */
    public SbomDocument write(Bom bom, Path file) throws SbomException {
        SbomDocument doc = render(bom);
        Path target = file.toAbsolutePath();
        try {
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
            try {
                Files.write(tmp, doc.bytes());
                try {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw SbomException.io(file, "write the SBOM", e);
        }
        return doc;
    }

    // ---- normalization -------------------------------------------------------------------

    /** The Bom as a JSON tree, with Forgeline's metadata, sorted, without a serial number. */
    private ObjectNode normalized(Bom bom) throws SbomException {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(BomGeneratorFactory.createJson(SPEC_VERSION, bom).toJsonString());
        } catch (GeneratorException | JsonProcessingException e) {
            throw SbomException.of(SbomException.Reason.INVALID_DOCUMENT, null,
                    "cyclonedx-core-java cannot serialize the Bom: " + e.getMessage(),
                    "this is a bug in the code that built the Bom: report it with the input files", e);
        }
        ObjectNode doc = (ObjectNode) tree;
        doc.remove("serialNumber");
        doc.set("metadata", metadata(doc.get("metadata")));
        sortComponents(doc.get("components"));
        JsonNode metaComponent = doc.get("metadata").get("component");
        if (metaComponent != null) {
            sortInsideComponent(metaComponent);
        }
        sortDependencies(doc.get("dependencies"));
        return reorderTop(doc);
    }

    /** bomFormat, specVersion, serialNumber, version, metadata first, then the rest as generated. */
    private static ObjectNode reorderTop(ObjectNode doc) {
        ObjectNode out = NODES.objectNode();
        for (String key : List.of("bomFormat", "specVersion", "serialNumber", "version", "metadata")) {
            if (doc.has(key)) {
                out.set(key, doc.get(key));
            }
        }
        doc.properties().forEach(e -> {
            if (!out.has(e.getKey())) {
                out.set(e.getKey(), e.getValue());
            }
        });
        return out;
    }

    private ObjectNode metadata(JsonNode existing) {
        ObjectNode out = NODES.objectNode();
        out.put("timestamp", DateTimeFormatter.ISO_INSTANT.format(timestamp));
        out.set("tools", tools(existing == null ? null : existing.get("tools")));
        if (existing != null) {
            existing.properties().forEach(e -> {
                if (!out.has(e.getKey())) {
                    out.set(e.getKey(), e.getValue());
                }
            });
        }
        return out;
    }

    /** The tools already named, with Forgeline (this version) in place of any earlier Forgeline entry. */
    private JsonNode tools(JsonNode existing) {
        if (existing instanceof ArrayNode legacy) {
            // CycloneDX 1.4 style, still valid in 1.6: keep the style the Bom chose.
            ArrayNode out = NODES.arrayNode();
            legacy.forEach(t -> {
                if (!TOOL_NAME.equals(t.path("name").asText())) {
                    out.add(t);
                }
            });
            out.add(NODES.objectNode().put("vendor", TOOL_NAME).put("name", TOOL_NAME).put("version", toolVersion));
            return out;
        }
        ObjectNode out = existing instanceof ObjectNode o ? o.deepCopy() : NODES.objectNode();
        ArrayNode components = NODES.arrayNode();
        if (out.get("components") instanceof ArrayNode old) {
            old.forEach(t -> {
                if (!TOOL_NAME.equals(t.path("name").asText())) {
                    components.add(t);
                }
            });
        }
        components.add(NODES.objectNode()
                .put("type", "application")
                .put("group", TOOL_GROUP)
                .put("name", TOOL_NAME)
                .put("version", toolVersion));
        sortComponents(components);
        ObjectNode ordered = NODES.objectNode();
        ordered.set("components", components);
        out.properties().forEach(e -> {
            if (!ordered.has(e.getKey())) {
                ordered.set(e.getKey(), e.getValue());
            }
        });
        return ordered;
    }

    private static final Comparator<JsonNode> COMPONENT_ORDER = Comparator
            .comparing((JsonNode c) -> c.path("bom-ref").asText())
            .thenComparing(c -> c.path("purl").asText())
            .thenComparing(c -> c.path("group").asText())
            .thenComparing(c -> c.path("name").asText())
            .thenComparing(c -> c.path("version").asText())
            .thenComparing(JsonNode::toString);

    private static void sortComponents(JsonNode components) {
        if (!(components instanceof ArrayNode array)) {
            return;
        }
        array.forEach(SbomWriter::sortInsideComponent);
        sortArray(array, COMPONENT_ORDER);
    }

    private static void sortInsideComponent(JsonNode component) {
        JsonNode hashes = component.get("hashes");
        if (hashes instanceof ArrayNode h) {
            sortArray(h, Comparator.comparing((JsonNode x) -> x.path("alg").asText())
                    .thenComparing(x -> x.path("content").asText()));
        }
        sortComponents(component.get("components"));
    }

    private static void sortDependencies(JsonNode dependencies) {
        if (!(dependencies instanceof ArrayNode array)) {
            return;
        }
        for (JsonNode d : array) {
            if (d instanceof ObjectNode dep) {
                for (String list : List.of("dependsOn", "provides")) {
                    if (dep.get(list) instanceof ArrayNode refs) {
                        TreeSet<String> sorted = new TreeSet<>();
                        refs.forEach(r -> sorted.add(r.asText()));
                        refs.removeAll();
                        sorted.forEach(refs::add);
                    }
                }
            }
        }
        sortArray(array, Comparator.comparing((JsonNode d) -> d.path("ref").asText())
                .thenComparing(JsonNode::toString));
    }

    private static void sortArray(ArrayNode array, Comparator<JsonNode> order) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        items.sort(order);
        array.removeAll();
        array.addAll(items);
    }

    // ---- output --------------------------------------------------------------------------

    private static byte[] print(JsonNode doc) throws SbomException {
        try {
            String text = PRINTER.writeValueAsString(doc) + "\n";
            return text.getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw SbomException.of(SbomException.Reason.INVALID_DOCUMENT, null,
                    "cannot print the document: " + e.getMessage(), null, e);
        }
    }

    /** Two-space indent and {@code \n} everywhere, whatever the platform's line separator. */
    private static DefaultPrettyPrinter printer() {
        Separators separators = Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator("");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(separators);
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        printer.indentObjectsWith(indenter);
        printer.indentArraysWith(indenter);
        return printer;
    }

    /** A version 5 (SHA-1, name-based) UUID, RFC 4122 section 4.3. */
    static UUID nameBasedUuid(UUID namespace, String name) {
        MessageDigest sha1 = FileDigests.digest("SHA-1");
        byte[] ns = new byte[16];
        for (int i = 0; i < 8; i++) {
            ns[i] = (byte) (namespace.getMostSignificantBits() >>> (56 - 8 * i));
            ns[8 + i] = (byte) (namespace.getLeastSignificantBits() >>> (56 - 8 * i));
        }
        sha1.update(ns);
        byte[] h = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
        h[6] = (byte) ((h[6] & 0x0f) | 0x50);
        h[8] = (byte) ((h[8] & 0x3f) | 0x80);
        long msb = 0;
        long lsb = 0;
        for (int i = 0; i < 8; i++) {
            msb = (msb << 8) | (h[i] & 0xff);
            lsb = (lsb << 8) | (h[8 + i] & 0xff);
        }
        return new UUID(msb, lsb);
    }
}
